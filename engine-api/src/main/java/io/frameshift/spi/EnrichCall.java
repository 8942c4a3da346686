package io.frameshift.spi;

import io.frameshift.arrow.BatchFunction;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.error.ConfigurationException;
import io.frameshift.types.Schema;
import java.util.ServiceLoader;

/**
 * One enrichment as an engine runs it ({@link Engine#enrich}): the spec, the input and output
 * schemas, and the run id under which the JVMs making the calls share their rate limiter, circuit
 * breaker and counts ({@link io.frameshift.enrich.EnrichStats}).
 *
 * @param spec what to call and how
 * @param input the input frame's schema
 * @param output the output schema: the input's columns, the spec's outputs, then (under {@code
 *     CONTINUE}) the error column
 * @param runId unique per {@code enrich} call
 */
public record EnrichCall(EnrichSpec spec, Schema input, Schema output, String runId)
    implements java.io.Serializable {

  /**
   * The batch function that makes the calls, found through the {@link EnrichRuntime} on the class
   * path, for an engine whose calls are spread over {@code jvms} JVMs: each gets {@code
   * spec.ratePerSecond() / jvms} calls per second, so that together they keep to the limit.
   *
   * @throws ConfigurationException when no runtime ({@code frameshift-enrich-http}) is on the class
   *     path
   */
  public BatchFunction function(int jvms) {
    return runtime().function(this, spec.ratePerSecond() / Math.max(1, jvms));
  }

  /** Checks now that a runtime is there, so a frame fails when it is built, not when it runs. */
  public static EnrichRuntime runtime() {
    for (EnrichRuntime r :
        ServiceLoader.load(EnrichRuntime.class, EnrichCall.class.getClassLoader())) {
      return r;
    }
    throw new ConfigurationException(
        "DataFrame.enrich needs an enrichment runtime on the class path: add the dependency"
            + " io.frameshift:frameshift-enrich-http");
  }
}
