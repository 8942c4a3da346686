package io.frameshift.plan;

import io.frameshift.spi.EngineFrame;
import io.frameshift.types.Schema;
import java.util.List;

/** A frame an engine already holds (an engine-native escape hatch). */
public record Existing(EngineFrame frame) implements LogicalPlan {

  @Override
  public Schema schema() {
    return frame.schema();
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of();
  }

  @Override
  public <R> R accept(PlanVisitor<R> visitor) {
    return visitor.visitExisting(this);
  }

  @Override
  public String describe() {
    return "Existing " + frame.engine() + " frame";
  }
}
