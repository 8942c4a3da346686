package io.frameshift.plan;

import io.frameshift.expr.Expr;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.stream.Collectors;

/** Groups by keys and aggregates; output is keys then aggregates. */
public record GroupBy(LogicalPlan child, List<Expr> keys, List<Expr> aggregates, Schema schema)
    implements LogicalPlan {
  public GroupBy {
    keys = List.copyOf(keys);
    aggregates = List.copyOf(aggregates);
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
    return visitor.visitGroupBy(this);
  }

  @Override
  public String describe() {
    return "GroupBy ["
        + keys.stream().map(Expr::toSql).collect(Collectors.joining(", "))
        + "] agg ["
        + aggregates.stream().map(Expr::toSql).collect(Collectors.joining(", "))
        + "]";
  }
}
