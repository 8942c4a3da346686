package io.frameshift.plan;

import io.frameshift.types.Schema;
import java.util.List;

/** All rows of both sides, matched by column name (UNION ALL). */
public record Union(LogicalPlan left, LogicalPlan right, Schema schema) implements LogicalPlan {

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
    return visitor.visitUnion(this);
  }

  @Override
  public String describe() {
    return "Union";
  }
}
