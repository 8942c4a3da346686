package io.frameshift.plan;

import io.frameshift.types.Schema;
import java.util.List;

/** Keeps each row with probability fraction. */
public record Sample(LogicalPlan child, double fraction, long seed) implements LogicalPlan {

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
    return visitor.visitSample(this);
  }

  @Override
  public String describe() {
    return "Sample " + fraction + " seed " + seed;
  }
}
