package io.frameshift.plan;

import io.frameshift.expr.Expr;
import io.frameshift.types.Schema;
import java.util.List;

/** Keeps rows whose condition is TRUE. */
public record Filter(LogicalPlan child, Expr condition) implements LogicalPlan {

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
    return visitor.visitFilter(this);
  }

  @Override
  public String describe() {
    return "Filter " + condition.toSql();
  }
}
