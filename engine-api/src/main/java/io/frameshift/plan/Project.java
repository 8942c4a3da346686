package io.frameshift.plan;

import io.frameshift.expr.Expr;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.stream.Collectors;

/** Computes named columns. */
public record Project(LogicalPlan child, List<Expr> columns, Schema schema) implements LogicalPlan {
  public Project {
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
    return visitor.visitProject(this);
  }

  @Override
  public String describe() {
    return "Project " + columns.stream().map(Expr::toSql).collect(Collectors.joining(", "));
  }
}
