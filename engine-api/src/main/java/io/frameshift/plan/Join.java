package io.frameshift.plan;

import io.frameshift.expr.Expr;
import io.frameshift.expr.SortKey;
import io.frameshift.io.Source;
import io.frameshift.Row;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.stream.Collectors;

/** Joins two plans. */
public record Join(LogicalPlan left, LogicalPlan right, JoinSpec spec, Schema schema) implements LogicalPlan {

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
    return "Join " + spec.type() + (spec.condition() == null ? " using " + spec.keys() : " on " + spec.condition().toSql());
  }
}
