package io.frameshift.plan;

import io.frameshift.enrich.EnrichSpec;
import io.frameshift.spi.EnrichCall;
import io.frameshift.types.Schema;
import java.util.List;

/**
 * Calls an HTTP service for each row (or batch of rows) of the child and adds its answer as typed
 * columns ({@code DataFrame.enrich}).
 *
 * @param child the input
 * @param call the spec, the schemas and the run id
 */
public record Enrich(LogicalPlan child, EnrichCall call) implements LogicalPlan {

  public EnrichSpec spec() {
    return call.spec();
  }

  @Override
  public Schema schema() {
    return call.output();
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public <R> R accept(PlanVisitor<R> visitor) {
    return visitor.visitEnrich(this);
  }

  @Override
  public String describe() {
    return "Enrich " + call.spec();
  }
}
