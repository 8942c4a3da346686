package io.frameshift.enrich.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.enrich.EnrichStats;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the calls of one enrichment share in one JVM, whichever batches, chunks or Spark tasks make
 * them: the HTTP client, the rate limiter, the circuit breaker, the retry policy and the bound on
 * calls in flight. Kept per run id while used; a run idle for {@link #IDLE} is dropped.
 *
 * <p>A call goes: breaker permission (refused while open: the attempt fails at once, without using
 * the rate) → rate permit (reserved, not waited for on a thread: the send is scheduled when the
 * permit is due) → asynchronous send → the answer or error goes to the breaker and to the retry's
 * context, which says whether and after how long to try again.
 */
final class Calls {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.enrich");
  static final ObjectMapper JSON = new ObjectMapper();
  private static final ConcurrentHashMap<String, Calls> RUNS = new ConcurrentHashMap<>();
  private static final long IDLE = TimeUnit.MINUTES.toNanos(10);

  /** Starts sends whose rate permit or backoff is due later; a send itself never blocks. */
  private static final ScheduledExecutorService SCHEDULER = scheduler();

  /**
   * Runs the clients' completions (reading answers, the stages after them). The JDK client's
   * default, a cached pool, wakes a thread of its own for most completions; one small pool shared
   * by every enrichment in the JVM took about a third less CPU per call on two cores, which is what
   * bounds the calls per second there (docs/benchmarks.md, "Enrichment"). Nothing run here blocks.
   */
  private static final ExecutorService COMPLETIONS = completions();

  final EnrichSpec spec;
  final String runId;
  final double rate;
  final HttpClient client;
  final RateLimiter limiter;
  final CircuitBreaker breaker;
  final Retry retry;
  final Semaphore inFlight;
  private volatile long lastUsed = System.nanoTime();

  private Calls(String runId, EnrichSpec spec, double rate) {
    this.spec = spec;
    this.runId = runId;
    this.rate = rate;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(spec.timeout())
            .executor(COMPLETIONS)
            .build();
    this.limiter = RateLimiter.of("enrich-" + spec.name(), limiterConfig(rate));
    this.breaker =
        CircuitBreaker.of(
            "enrich-" + spec.name(),
            CircuitBreakerConfig.custom()
                .slidingWindow(
                    spec.breakerWindow(),
                    Math.min(spec.breakerWindow(), spec.breakerMinimumCalls()),
                    CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(spec.breakerFailureRate())
                .waitDurationInOpenState(spec.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(spec.breakerHalfOpenCalls())
                // without it the breaker stays OPEN until a call asks; the probes start on time
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .writableStackTraceEnabled(false)
                .build());
    this.breaker
        .getEventPublisher()
        .onStateTransition(
            e -> {
              String to = e.getStateTransition().getToState().name();
              EnrichStats.of(runId).breaker(to);
              LOG.warn(
                  "Enrichment {}: circuit breaker {} -> {} ({})",
                  spec.name(),
                  e.getStateTransition().getFromState(),
                  to,
                  to.equals("OPEN")
                      ? "calls refused for " + spec.breakerOpenFor().toMillis() + " ms"
                      : to.equals("HALF_OPEN")
                          ? spec.breakerHalfOpenCalls() + " probe calls"
                          : "calls flow again");
            });
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            spec.initialBackoff(), spec.backoffMultiplier(), 0.5, spec.maxBackoff());
    long maxMillis = spec.maxBackoff().toMillis();
    this.retry =
        Retry.of(
            "enrich-" + spec.name(),
            RetryConfig.<HttpResponse<String>>custom()
                .maxAttempts(spec.maxAttempts())
                .retryOnResult(r -> r.statusCode() == 429 || r.statusCode() >= 500)
                .retryOnException(
                    t -> t instanceof IOException || t instanceof CallNotPermittedException)
                .intervalBiFunction(
                    (attempt, result) -> {
                      if (result.isRight() && result.get().statusCode() == 429) {
                        long after = retryAfterMillis(result.get());
                        if (after >= 0) {
                          return Math.min(maxMillis, after);
                        }
                      }
                      return backoff.apply(attempt);
                    })
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build());
    this.inFlight = new Semaphore(spec.concurrency());
  }

  /**
   * A limiter letting {@code rate} permits a second through in small cycles (about 100 a second),
   * so that no window of a second sees more than the rate plus one cycle's permits: {@code
   * limitForPeriod} permits each {@code limitForPeriod / rate} seconds, rounded up to the
   * nanosecond (never above the rate).
   */
  static RateLimiterConfig limiterConfig(double rate) {
    int perCycle = (int) Math.max(1, Math.floor(rate / 100));
    long periodNanos = (long) Math.ceil(perCycle * 1e9 / rate);
    return RateLimiterConfig.custom()
        .limitForPeriod(perCycle)
        .limitRefreshPeriod(Duration.ofNanos(Math.max(1000, periodNanos)))
        // a reservation may lie far ahead when many calls queue; the bound on calls in flight
        // keeps how far finite
        .timeoutDuration(Duration.ofHours(1))
        .writableStackTraceEnabled(false)
        .build();
  }

  /** The calls of run {@code runId} in this JVM. */
  static Calls of(String runId, EnrichSpec spec, double rate) {
    long now = System.nanoTime();
    for (Iterator<Map.Entry<String, Calls>> it = RUNS.entrySet().iterator(); it.hasNext(); ) {
      Calls c = it.next().getValue();
      if (now - c.lastUsed > IDLE && c.inFlight.availablePermits() == c.spec.concurrency()) {
        it.remove();
      }
    }
    Calls c = RUNS.computeIfAbsent(runId, k -> new Calls(k, spec, rate));
    c.lastUsed = now;
    return c;
  }

  /** The milliseconds a 429's Retry-After asks for (seconds or an HTTP date), -1 without one. */
  static long retryAfterMillis(HttpResponse<?> r) {
    String v = r.headers().firstValue("Retry-After").orElse(null);
    if (v == null || v.isBlank()) {
      return -1;
    }
    v = v.trim();
    try {
      return Math.max(0, Math.round(Double.parseDouble(v) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (RuntimeException notDate) {
        return -1;
      }
    }
  }

  /**
   * Makes the call {@code request} with its retries; the future completes with the answer's body or
   * the failure, never exceptionally. The caller holds a permit of {@link #inFlight}, released when
   * the future completes.
   */
  CompletableFuture<Object> call(HttpRequest request, Batch batch) {
    CompletableFuture<Object> done = new CompletableFuture<>();
    done.whenComplete((r, e) -> inFlight.release());
    attempt(request, batch, retry.asyncContext(), 1, done);
    return done;
  }

  private void attempt(
      HttpRequest request,
      Batch batch,
      Retry.AsyncContext<HttpResponse<String>> ctx,
      int attempt,
      CompletableFuture<Object> done) {
    EnrichStats stats = EnrichStats.of(runId);
    if (batch.aborted()) {
      done.complete(
          failure("not made: the job failed on another row", "", request, -1, attempt - 1, null));
      return;
    }
    if (!breaker.tryAcquirePermission()) {
      stats.rejected();
      CallNotPermittedException refused =
          CallNotPermittedException.createCallNotPermittedException(breaker);
      retryOrFail(request, batch, ctx, attempt, done, ctx.onError(refused), refused, -1);
      return;
    }
    long wait = limiter.reservePermission();
    if (wait > 0) {
      SCHEDULER.schedule(
          () -> send(request, batch, ctx, attempt, done), wait, TimeUnit.NANOSECONDS);
    } else {
      send(request, batch, ctx, attempt, done);
    }
  }

  private void send(
      HttpRequest request,
      Batch batch,
      Retry.AsyncContext<HttpResponse<String>> ctx,
      int attempt,
      CompletableFuture<Object> done) {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> sent;
    try {
      sent = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    } catch (RuntimeException e) {
      breaker.releasePermission();
      done.complete(failure("could not be sent (" + e + ")", "", request, -1, attempt, e));
      return;
    }
    sent.whenComplete(
        (response, error) -> {
          long nanos = System.nanoTime() - start;
          EnrichStats stats = EnrichStats.of(runId);
          if (error != null) {
            Throwable t =
                error instanceof CompletionException && error.getCause() != null
                    ? error.getCause()
                    : error;
            breaker.onError(nanos, TimeUnit.NANOSECONDS, t);
            stats.unanswered(t instanceof HttpTimeoutException);
            retryOrFail(request, batch, ctx, attempt, done, ctx.onError(t), t, -1);
            return;
          }
          int status = response.statusCode();
          stats.answered(nanos);
          if (status >= 200 && status < 300) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            ctx.onComplete();
            done.complete(response);
          } else if (status == 429) {
            // throttling says the service is busy, not broken: the breaker counts no failure
            breaker.releasePermission();
            stats.throttled();
            retryOrFail(request, batch, ctx, attempt, done, ctx.onResult(response), null, status);
          } else if (status >= 500) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
            stats.serverError();
            retryOrFail(request, batch, ctx, attempt, done, ctx.onResult(response), null, status);
          } else {
            // another 4xx: this row's request is wrong, retrying will not change the answer
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            done.complete(
                failure("HTTP " + status, body(response), request, status, attempt, null));
          }
        });
  }

  private void retryOrFail(
      HttpRequest request,
      Batch batch,
      Retry.AsyncContext<HttpResponse<String>> ctx,
      int attempt,
      CompletableFuture<Object> done,
      long delayMillis,
      Throwable error,
      int status) {
    if (delayMillis >= 0 && attempt < spec.maxAttempts() && !batch.aborted()) {
      EnrichStats.of(runId).retried();
      SCHEDULER.schedule(
          () -> attempt(request, batch, ctx, attempt + 1, done),
          delayMillis,
          TimeUnit.MILLISECONDS);
      return;
    }
    String reason;
    if (error instanceof CallNotPermittedException) {
      reason = "circuit breaker open (" + breaker.getState() + ")";
    } else if (error instanceof HttpTimeoutException) {
      reason = "timed out (" + spec.timeout().toMillis() + " ms)";
    } else if (error != null) {
      reason = "connection failed (" + error + ")";
    } else {
      reason = "HTTP " + status;
    }
    done.complete(failure(reason, "", request, status, attempt, error));
  }

  private static String body(HttpResponse<String> r) {
    String b = r.body();
    if (b == null || b.isBlank()) {
      return "";
    }
    return " (answer: " + (b.length() > 200 ? b.substring(0, 200) + "..." : b) + ")";
  }

  private static Outcome.Failure failure(
      String reason,
      String detail,
      HttpRequest request,
      int status,
      int attempts,
      Throwable cause) {
    return new Outcome.Failure(
        reason + " after " + attempts + (attempts == 1 ? " attempt" : " attempts") + detail,
        request.method() + " " + request.uri(),
        status,
        attempts,
        cause);
  }

  /** A request for {@code url} with the spec's headers, timeout and (POST) JSON body. */
  HttpRequest request(String url, String jsonBody) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(spec.timeout())
            .header("Accept", "application/json");
    spec.headers().forEach(b::header);
    if (jsonBody != null) {
      b.header("Content-Type", "application/json")
          .method(spec.method(), HttpRequest.BodyPublishers.ofString(jsonBody));
    } else {
      b.method(spec.method(), HttpRequest.BodyPublishers.noBody());
    }
    return b.build();
  }

  private static ScheduledExecutorService scheduler() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "frameshift-enrich-scheduler");
              t.setDaemon(true);
              return t;
            });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  private static ExecutorService completions() {
    AtomicInteger made = new AtomicInteger();
    return Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        r -> {
          Thread t = new Thread(r, "frameshift-enrich-http-" + made.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** What the calls of one batch share: whether the job has failed, so that no more are made. */
  interface Batch {
    boolean aborted();
  }
}
