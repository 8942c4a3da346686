package io.frameshift.plan;

import io.frameshift.types.Schema;
import java.util.List;

/** At most n rows. */
public record Limit(LogicalPlan child, long n) implements LogicalPlan {

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
    return visitor.visitLimit(this);
  }

  @Override
  public String describe() {
    return "Limit " + n;
  }
}
