package io.frameshift.plan;

import io.frameshift.spi.JoinSpec;
import io.frameshift.types.Schema;
import java.util.List;

/** Joins two plans. */
public record Join(LogicalPlan left, LogicalPlan right, JoinSpec spec, Schema schema)
    implements LogicalPlan {

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(left, right);
  }

  @Override
  public <R> R accept(PlanVisitor<R> visitor) {
    return visitor.visitJoin(this);
  }

  @Override
  public String describe() {
    return "Join "
        + spec.type()
        + (spec.condition() == null ? " using " + spec.keys() : " on " + spec.condition().toSql());
  }
}
