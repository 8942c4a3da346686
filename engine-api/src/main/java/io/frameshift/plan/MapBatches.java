package io.frameshift.plan;

import io.frameshift.arrow.BatchFunction;
import io.frameshift.types.Schema;
import java.util.List;

/**
 * Runs a {@link BatchFunction} over the child's data as Arrow batches: each batch in, one batch of
 * {@link #schema()} out.
 */
public record MapBatches(LogicalPlan child, BatchFunction function, Schema schema)
    implements LogicalPlan {

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public <R> R accept(PlanVisitor<R> visitor) {
    return visitor.visitMapBatches(this);
  }

  @Override
  public String describe() {
    return "MapBatches " + function.getClass().getSimpleName() + " to " + schema;
  }
}
