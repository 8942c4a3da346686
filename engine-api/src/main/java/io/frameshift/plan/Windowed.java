package io.frameshift.plan;

import io.frameshift.expr.Expr;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.stream.Collectors;

/** Appends window columns (aliases of Over expressions). */
public record Windowed(LogicalPlan child, List<Expr> columns, Schema schema)
    implements LogicalPlan {
  public Windowed {
    columns = List.copyOf(columns);
  }

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
    return visitor.visitWindowed(this);
  }

  @Override
  public String describe() {
    return "Window " + columns.stream().map(Expr::toSql).collect(Collectors.joining(", "));
  }
}
