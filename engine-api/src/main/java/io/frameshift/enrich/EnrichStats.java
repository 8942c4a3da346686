package io.frameshift.enrich;

import io.frameshift.metrics.EnrichEvent;
import io.frameshift.spi.Progress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one enrichment in this JVM, for the runtime that makes the calls (which adds to
 * them) and the session (which reports them): one per run id, found with {@link #of}. The session
 * {@linkplain #begin begins} a fresh one for each action and {@linkplain #end ends} it after, so an
 * action's event holds its own calls. Calls made in another JVM (a Spark executor of a cluster)
 * count there, and reach the session's JVM as {@link Counts}: the engine {@linkplain #drain drains}
 * them where they were made and {@linkplain #absorb absorbs} them where the session counts.
 * Thread-safe, lock-free.
 */
public final class EnrichStats {
  private static final ConcurrentHashMap<String, EnrichStats> RUNS = new ConcurrentHashMap<>();

  /** Latency buckets: 8 per power of two of microseconds (an eighth, 12.5%, of resolution). */
  private static final int SUB = 8;

  private static final int BUCKETS = 40 * SUB;

  private final LongAdder enriched = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder calls = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder timeouts = new LongAdder();
  private final LongAdder connectionErrors = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder breakerOpened = new LongAdder();
  private final AtomicLongArray latency = new AtomicLongArray(BUCKETS);
  private volatile long latencyMaxNanos;
  private volatile String breakerState = "CLOSED";
  private volatile Progress progress = Progress.NONE;

  private EnrichStats() {}

  /** The counts of run {@code runId} in this JVM, made when first asked for. */
  public static EnrichStats of(String runId) {
    return RUNS.computeIfAbsent(runId, k -> new EnrichStats());
  }

  /**
   * Starts fresh counts for {@code runId}, reporting finished rows to {@code progress}; for the
   * session, at the start of an action.
   */
  public static EnrichStats begin(String runId, Progress progress) {
    EnrichStats s = new EnrichStats();
    s.progress = progress;
    RUNS.put(runId, s);
    return s;
  }

  /** Forgets run {@code runId}'s counts in this JVM; for the session, at the end of an action. */
  public static void end(String runId) {
    EnrichStats s = RUNS.remove(runId);
    if (s != null) {
      s.progress = Progress.NONE;
    }
  }

  /**
   * Adds counts made in another JVM to run {@code runId}'s here, and their finished rows to its
   * progress; nothing when the run is not being counted here (its action is over).
   */
  public static void absorb(String runId, Counts counts) {
    EnrichStats s = RUNS.get(runId);
    if (s == null || counts.isEmpty()) {
      return;
    }
    s.enriched.add(counts.enriched());
    s.failed.add(counts.failed());
    s.calls.add(counts.calls());
    s.retries.add(counts.retries());
    s.throttled.add(counts.throttled());
    s.serverErrors.add(counts.serverErrors());
    s.timeouts.add(counts.timeouts());
    s.connectionErrors.add(counts.connectionErrors());
    s.rejected.add(counts.rejected());
    s.breakerOpened.add(counts.breakerOpened());
    for (int i = 0; i < BUCKETS; i++) {
      if (counts.latency()[i] != 0) {
        s.latency.addAndGet(i, counts.latency()[i]);
      }
    }
    if (counts.latencyMaxNanos() > s.latencyMaxNanos) {
      s.latencyMaxNanos = counts.latencyMaxNanos();
    }
    if (counts.breakerState() != null) {
      s.breakerState = counts.breakerState();
    }
    s.progress.advance(counts.enriched() + counts.failed(), 0);
  }

  /**
   * Takes what was counted here since the last drain and zeroes it: every count is drained exactly
   * once, even while calls go on, so that a JVM whose calls are counted elsewhere can hand them
   * over piece by piece (a Spark executor, after each batch).
   */
  public Counts drain() {
    long[] buckets = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = latency.getAndSet(i, 0);
    }
    long max = latencyMaxNanos;
    latencyMaxNanos = 0;
    return new Counts(
        enriched.sumThenReset(),
        failed.sumThenReset(),
        calls.sumThenReset(),
        retries.sumThenReset(),
        throttled.sumThenReset(),
        serverErrors.sumThenReset(),
        timeouts.sumThenReset(),
        connectionErrors.sumThenReset(),
        rejected.sumThenReset(),
        breakerOpened.sumThenReset(),
        buckets,
        max,
        breakerState);
  }

  /**
   * Counts of an enrichment made in one JVM, to be added to the session's: see {@link #drain} and
   * {@link #absorb}.
   *
   * @param latency attempts answered per latency bucket (this class's histogram)
   * @param breakerState the breaker's state where the counts were made, or null when unknown
   */
  public record Counts(
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
      long[] latency,
      long latencyMaxNanos,
      String breakerState)
      implements java.io.Serializable {
    /** No counts. */
    public static final Counts NONE =
        new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[BUCKETS], 0, null);

    /** True when nothing was counted. */
    public boolean isEmpty() {
      return enriched == 0 && failed == 0 && calls == 0 && rejected == 0 && breakerOpened == 0;
    }

    /** Both counts together; the breaker's state is {@code other}'s when it has one. */
    public Counts plus(Counts other) {
      long[] buckets = new long[BUCKETS];
      for (int i = 0; i < BUCKETS; i++) {
        buckets[i] = latency[i] + other.latency[i];
      }
      return new Counts(
          enriched + other.enriched,
          failed + other.failed,
          calls + other.calls,
          retries + other.retries,
          throttled + other.throttled,
          serverErrors + other.serverErrors,
          timeouts + other.timeouts,
          connectionErrors + other.connectionErrors,
          rejected + other.rejected,
          breakerOpened + other.breakerOpened,
          buckets,
          Math.max(latencyMaxNanos, other.latencyMaxNanos),
          other.breakerState != null ? other.breakerState : breakerState);
    }
  }

  /** An attempt that got an answer after {@code nanos}. */
  public void answered(long nanos) {
    calls.increment();
    long micros = Math.max(1, nanos / 1000);
    int exp = 63 - Long.numberOfLeadingZeros(micros);
    int sub = exp < 3 ? (int) (micros & 7) : (int) ((micros >>> (exp - 3)) & 7);
    latency.incrementAndGet(Math.min(BUCKETS - 1, exp * SUB + sub));
    if (nanos > latencyMaxNanos) {
      latencyMaxNanos = nanos; // racy max: a lost update under contention only understates it
    }
  }

  /** An attempt that got no answer: timed out or lost its connection. */
  public void unanswered(boolean timeout) {
    calls.increment();
    (timeout ? timeouts : connectionErrors).increment();
  }

  public void retried() {
    retries.increment();
  }

  public void throttled() {
    throttled.increment();
  }

  public void serverError() {
    serverErrors.increment();
  }

  /** An attempt the open circuit breaker refused. */
  public void rejected() {
    rejected.increment();
  }

  /** The circuit breaker moved to {@code state} (CLOSED, OPEN, HALF_OPEN). */
  public void breaker(String state) {
    if (state.equals("OPEN")) {
      breakerOpened.increment();
    }
    breakerState = state;
  }

  /**
   * The calls of {@code rows} rows are over (answered or failed for good): progress, reported as
   * the calls end, before the batch's rows are counted by {@link #rows}.
   */
  public void called(long rows) {
    progress.advance(rows, 0);
  }

  /** A batch's rows are done: {@code enriched} got their answer, {@code failed} failed for good. */
  public void rows(long enriched, long failed) {
    this.enriched.add(enriched);
    this.failed.add(failed);
  }

  /** The counts so far as an event. */
  public EnrichEvent event(String name, double rateLimit, Duration elapsed) {
    long e = enriched.sum();
    long f = failed.sum();
    return new EnrichEvent(
        name,
        e + f,
        e,
        f,
        calls.sum(),
        retries.sum(),
        throttled.sum(),
        serverErrors.sum(),
        timeouts.sum(),
        connectionErrors.sum(),
        rejected.sum(),
        breakerOpened.sum(),
        breakerState,
        percentile(0.50),
        percentile(0.95),
        percentile(0.99),
        Duration.ofNanos(latencyMaxNanos),
        rateLimit,
        elapsed);
  }

  private Duration percentile(double q) {
    long total = 0;
    long[] counts = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] = latency.get(i);
      total += counts[i];
    }
    if (total == 0) {
      return Duration.ZERO;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Duration.ofNanos(Math.min(latencyMaxNanos, upperMicros(i) * 1000));
      }
    }
    return Duration.ofNanos(latencyMaxNanos);
  }

  /** The largest latency, in microseconds, that falls in bucket {@code i}. */
  private static long upperMicros(int i) {
    int exp = i / SUB;
    int sub = i % SUB;
    if (exp < 3) {
      return (1L << exp) | sub;
    }
    long step = 1L << (exp - 3);
    return (1L << exp) + (sub + 1) * step - 1;
  }
}
