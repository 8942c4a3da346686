package io.frameshift.plan;

import io.frameshift.types.Schema;
import java.util.List;

/** Pins the subtree below to one engine. */
public record Pin(LogicalPlan child, String engine) implements LogicalPlan {

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
    return visitor.visitPin(this);
  }

  @Override
  public String describe() {
    return "Pin " + engine;
  }
}
