package io.frameshift.metrics;

import java.time.Duration;
import java.util.Locale;

/**
 * What one enrichment ({@code DataFrame.enrich}) did during one action, sent to {@link
 * ExecutionListener#onEnrich} when the action ends (also when it fails). Counts are those made in
 * this JVM: on Spark with executors in other JVMs each executor logs its own (see
 * docs/enrichment.md).
 *
 * @param name the enrichment's name
 * @param rows rows that went through it: {@code enriched + failed}
 * @param enriched rows that got an answer
 * @param failed rows whose call failed for good (error column or dead letters, or the job's
 *     failure)
 * @param calls HTTP attempts made, retries included
 * @param retries attempts that were retries
 * @param throttled answers 429
 * @param serverErrors answers 5xx
 * @param timeouts attempts that timed out
 * @param connectionErrors attempts whose connection failed or was dropped
 * @param rejected attempts the open circuit breaker refused (not sent)
 * @param breakerOpened times the circuit breaker opened
 * @param breakerState the breaker's state at the end: CLOSED, OPEN or HALF_OPEN
 * @param latencyP50 median time of an attempt that got an answer
 * @param latencyP95 95th percentile
 * @param latencyP99 99th percentile
 * @param latencyMax the longest
 * @param rateLimit the configured calls per second (per JVM)
 * @param elapsed the action's time
 */
public record EnrichEvent(
    String name,
    long rows,
    long enriched,
    long failed,
    long calls,
    long retries,
    long throttled,
    long serverErrors,
    long timeouts,
    long connectionErrors,
    long rejected,
    long breakerOpened,
    String breakerState,
    Duration latencyP50,
    Duration latencyP95,
    Duration latencyP99,
    Duration latencyMax,
    double rateLimit,
    Duration elapsed) {

  /** Attempts per second over the action. */
  public double callsPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s <= 0 ? 0 : calls / s;
  }

  /** One line, as the session logs it. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "Enrichment %s: %d rows (%d enriched, %d failed), %d calls (%d retries, %d throttled,"
            + " %d 5xx, %d timeouts, %d connection errors, %d refused by the open breaker),"
            + " %.0f calls/s of %.0f allowed, latency p50 %.1f ms p95 %.1f ms p99 %.1f ms max"
            + " %.1f ms, breaker %s (opened %d times), %.1f s",
        name,
        rows,
        enriched,
        failed,
        calls,
        retries,
        throttled,
        serverErrors,
        timeouts,
        connectionErrors,
        rejected,
        callsPerSecond(),
        rateLimit,
        latencyP50.toNanos() / 1e6,
        latencyP95.toNanos() / 1e6,
        latencyP99.toNanos() / 1e6,
        latencyMax.toNanos() / 1e6,
        breakerState,
        breakerOpened,
        elapsed.toNanos() / 1e9);
  }
}
