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
