/**
 * The HTTP runtime of {@code DataFrame.enrich}: the JDK {@link java.net.http.HttpClient}, called
 * asynchronously with a bound on calls in flight, behind resilience4j's rate limiter, retry and
 * circuit breaker, one set of them per enrichment and JVM. Found by {@link java.util.ServiceLoader}
 * as the {@link io.frameshift.spi.EnrichRuntime}.
 */
package io.frameshift.enrich.http;
