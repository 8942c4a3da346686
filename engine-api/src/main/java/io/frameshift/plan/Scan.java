package io.frameshift.plan;

import io.frameshift.io.Source;
import io.frameshift.types.Schema;
import java.util.List;

/**
 * Reads a source; its schema is resolved. The scan gives the source's {@link
 * Source#projectedSchema() projected schema}: only the columns the plan above needs, once the
 * planner has pushed them down.
 */
public record Scan(Source source) implements LogicalPlan {

  @Override
  public Schema schema() {
    return source.projectedSchema();
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of();
  }

  @Override
  public <R> R accept(PlanVisitor<R> visitor) {
    return visitor.visitScan(this);
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("Scan ").append(source);
    if (source.columns() != null) {
      sb.append(" columns [").append(String.join(", ", source.columns())).append(']');
    }
    if (source.filter() != null) {
      sb.append(" pushed filter ").append(source.filter().toSql());
    }
    return sb.toString();
  }
}
