package io.frameshift.plan;

import io.frameshift.Row;
import io.frameshift.types.Schema;
import java.util.List;

/** Rows held in memory. */
public record Values(Schema schema, List<Row> rows) implements LogicalPlan {
  public Values {
    rows = List.copyOf(rows);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of();
  }

  @Override
  public <R> R accept(PlanVisitor<R> visitor) {
    return visitor.visitValues(this);
  }

  @Override
  public String describe() {
    return "Values " + rows.size() + " rows";
  }
}
