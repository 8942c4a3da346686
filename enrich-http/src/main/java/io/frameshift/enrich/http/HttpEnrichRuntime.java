package io.frameshift.enrich.http;

import io.frameshift.arrow.BatchFunction;
import io.frameshift.spi.EnrichCall;
import io.frameshift.spi.EnrichRuntime;
import java.util.List;

/** The enrichment runtime over HTTP; registered for {@link java.util.ServiceLoader}. */
public final class HttpEnrichRuntime implements EnrichRuntime {
  @Override
  public BatchFunction function(EnrichCall call, double ratePerJvm) {
    return new EnrichFunction(call, ratePerJvm);
  }

  @Override
  public List<Class<?>> classes() {
    return List.of(
        HttpEnrichRuntime.class,
        io.github.resilience4j.core.IntervalFunction.class,
        io.github.resilience4j.ratelimiter.RateLimiter.class,
        io.github.resilience4j.retry.Retry.class,
        io.github.resilience4j.circuitbreaker.CircuitBreaker.class);
  }
}
