package io.frameshift.plan;

import io.frameshift.expr.SortKey;
import io.frameshift.types.Schema;
import java.util.List;

/** Orders rows. */
public record Sort(LogicalPlan child, List<SortKey> keys) implements LogicalPlan {
  public Sort {
    keys = List.copyOf(keys);
  }

  @Override
  public Schema schema() {
    return child.schema();
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public <R> R accept(PlanVisitor<R> visitor) {
    return visitor.visitSort(this);
  }

  @Override
  public String describe() {
    return "Sort " + keys;
  }
}
