package io.frameshift.plan;

import io.frameshift.types.Schema;
import java.util.List;

/** One row per distinct value of the columns (all columns when empty). */
public record Distinct(LogicalPlan child, List<String> columns) implements LogicalPlan {
  public Distinct {
    columns = List.copyOf(columns);
  }

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
    return visitor.visitDistinct(this);
  }

  @Override
  public String describe() {
    return "Distinct" + (columns.isEmpty() ? "" : " on " + columns);
  }
}
