package io.frameshift.plan;

import io.frameshift.io.Source;
import io.frameshift.types.Schema;
import java.util.List;

/** Reads a source; its schema is resolved. */
public record Scan(Source source) implements LogicalPlan {

  @Override
  public Schema schema() {
    return source.schema();
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
    return "Scan " + source;
  }
}
