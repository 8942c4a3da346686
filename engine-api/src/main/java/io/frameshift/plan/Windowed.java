package io.frameshift.plan;

import io.frameshift.expr.Expr;
import io.frameshift.spi.RankLimit;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Appends window columns (aliases of Over expressions).
 *
 * @param limit the rows kept by one of the ranking columns (a top-N per partition under a filter
 *     such as {@code rn <= 2}), or null to keep every row
 */
public record Windowed(LogicalPlan child, List<Expr> columns, Schema schema, RankLimit limit)
    implements LogicalPlan {
  public Windowed {
    columns = List.copyOf(columns);
  }

  /** Every row kept. */
  public Windowed(LogicalPlan child, List<Expr> columns, Schema schema) {
    this(child, columns, schema, null);
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
    String all = columns.stream().map(Expr::toSql).collect(Collectors.joining(", "));
    return "Window " + all + (limit == null ? "" : " (top rows per partition: " + limit + ")");
  }
}
