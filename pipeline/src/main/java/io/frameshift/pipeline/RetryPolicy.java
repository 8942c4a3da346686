package io.frameshift.pipeline;

import io.frameshift.error.FrameshiftException;
import io.frameshift.error.InvalidOptionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How often a failed part of a run is tried again: a source's fetch of the next batch or a batch
 * input's read, or a batch's (or batch input's) computation and writes. Waits grow exponentially
 * from {@code backoff} up to {@code maxBackoff}; each wait is shortened by a random part of up to
 * {@code jitter} of it, so runs that failed together do not retry in step.
 *
 * @param attempts tries in all, at least 1 (1: no retry)
 * @param backoff the wait before the second try
 * @param maxBackoff the longest wait
 * @param jitter the share of each wait that is random, 0 to 1
 */
public record RetryPolicy(int attempts, Duration backoff, Duration maxBackoff, double jitter) {

  /** Three tries, waiting about 200 ms then 400 ms, at most 10 s, half of each wait random. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(10), 0.5);

  /** One try. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);

  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  public RetryPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (attempts < 1) {
      throw new InvalidOptionException("attempts must be at least 1, got " + attempts);
    }
    if (jitter < 0 || jitter > 1) {
      throw new InvalidOptionException("jitter must be between 0 and 1, got " + jitter);
    }
  }

  /**
   * The wait after failed try number {@code attempt} (from 1), jitter drawn from {@code random}.
   */
  public Duration delay(int attempt, RandomGenerator random) {
    double full =
        Math.min(
            (double) maxBackoff.toMillis(),
            backoff.toMillis() * Math.pow(2, Math.max(0, attempt - 1)));
    return Duration.ofMillis(Math.round(full * (1 - jitter * random.nextDouble())));
  }

  /**
   * Calls {@code call} until it returns, at most {@link #attempts()} times, waiting {@link #delay}
   * between tries; {@code what} names it in the log. An {@link InvalidPipelineException} (a step
   * that does not resolve) fails every try alike, so it is thrown at once.
   *
   * @throws Exhausted after the last try, with the last error and the number of tries
   */
  <T> T run(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (InvalidPipelineException e) {
        throw e;
      } catch (RuntimeException e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (attempt >= attempts) {
          throw new Exhausted(error, attempt, e);
        }
        Duration wait = delay(attempt, ThreadLocalRandom.current());
        LOG.warn(
            "Cannot {} (try {} of {}), again in {} ms: {}",
            what,
            attempt,
            attempts,
            wait.toMillis(),
            error);
        sleep(wait);
      }
    }
  }

  /** Waits before the try after failed try number {@code attempt}. */
  void pauseAfter(int attempt) {
    sleep(delay(attempt, ThreadLocalRandom.current()));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FrameshiftException("Interrupted while waiting to try again", e);
    }
  }

  /** What failed every try: the last error's message and the number of tries. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int attempts;

    Exhausted(String message, int attempts, Throwable cause) {
      super(message, cause, false, false);
      this.attempts = attempts;
    }

    int attempts() {
      return attempts;
    }
  }

  /**
   * Reads {@code 200ms}, {@code 5s}, {@code 2m}, {@code 1h}: the duration syntax of specs.
   *
   * @throws InvalidOptionException naming the text and the units taken
   */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidOptionException(
          "'" + text + "' is not a duration; write a number and one of ms, s, m, h: 500ms, 5s");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
