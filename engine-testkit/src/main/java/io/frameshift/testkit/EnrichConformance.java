package io.frameshift.testkit;

import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Row;
import io.frameshift.enrich.EnrichResult;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.enrich.FailurePolicy;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.EnrichmentException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.metrics.EnrichEvent;
import io.frameshift.testkit.EnrichService.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Enrichment (docs/enrichment.md) against a real HTTP service on the loopback interface ({@link
 * EnrichService}) that answers slowly, throttles with 429 and {@code Retry-After}, fails with 5xx
 * and drops connections: typed columns from each answer, batch calls, both failure policies with
 * counts that add up, retries, the rate limit as the service measures it, and the circuit breaker
 * opening and closing again. Every engine makes the calls where it runs (Spark: in its executors).
 * Each test's calls are bounded: a few hundred rows, a few attempts, short timeouts, and a test
 * stops after a minute whatever happens.
 */
public interface EnrichConformance extends ConformanceBase {

  private DataFrame ids(int n) {
    Object[][] rows = new Object[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = row(i + 1, "c" + (i + 1));
    }
    return frame(schema(field("id", INT32), field("name", STRING)), rows);
  }

  /** A fresh name, so that each test reads its own enrichment's event. */
  private static String name(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private EnrichEvent event(String name) {
    EnrichEvent e = session().metrics().enrichments().get(name);
    assertThat(e).as("the enrichment event of %s", name).isNotNull();
    return e;
  }

  @Test
  @Timeout(60)
  default void enrichAddsTheAnswersAsTypedColumns() {
    try (EnrichService svc = EnrichService.start(EnrichService::healthy)) {
      DataFrame out =
          ids(4)
              .enrich(
                  EnrichSpec.get(svc.url() + "/score/{id}")
                      .output("score", "/score", FLOAT64)
                      .output("tier", "tier", STRING)
                      .output("day", "/day", DATE)
                      .output("big", "/big", INT64)
                      .output("missing", "/nope", STRING)
                      .ratePerSecond(1000));
      assertSchema(
          out,
          field("id", INT32),
          field("name", STRING),
          field("score", FLOAT64),
          field("tier", STRING),
          field("day", DATE),
          field("big", INT64),
          field("missing", STRING));
      assertRows(
          out,
          row(1, "c1", 0.5, "silver", date("2026-01-02"), 10_000_000_000L, null),
          row(2, "c2", 1.0, "gold", date("2026-01-03"), 20_000_000_000L, null),
          row(3, "c3", 1.5, "silver", date("2026-01-04"), 30_000_000_000L, null),
          row(4, "c4", 2.0, "gold", date("2026-01-05"), 40_000_000_000L, null));
      assertThat(out.explain()).contains("Enrich 127.0.0.1/score/{id}: GET");
    }
  }

  @Test
  @Timeout(60)
  default void batchCallsCarrySeveralRowsInOneJsonArray() {
    try (EnrichService svc = EnrichService.start(EnrichService::healthy)) {
      DataFrame out =
          ids(10)
              .enrich(
                  EnrichSpec.post(svc.url() + "/batch", "id", "name")
                      .perBatch(4, "/results")
                      .output("score", "/score", FLOAT64)
                      .ratePerSecond(1000));
      Object[][] expected = new Object[10][];
      for (int i = 1; i <= 10; i++) {
        expected[i - 1] = row(i, "c" + i, i * 0.5);
      }
      assertRows(out, expected);
      for (EnrichService.Request r : svc.seen()) {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.body()).startsWith("[{\"id\":").contains("\"name\":\"c");
        assertThat(r.body().split("\"id\"").length - 1).isBetween(1, 4);
      }
    }
  }

  @Test
  @Timeout(60)
  default void continueKeepsEveryRowAndDeadLettersAddUpToTheInput() {
    // multiples of 5 fail for good (503), multiples of 7 are unknown (404, not retried)
    try (EnrichService svc =
        EnrichService.start(
            r -> {
              long id = EnrichService.id(r);
              return id % 5 == 0
                  ? Reply.status(503)
                  : id % 7 == 0 ? Reply.status(404) : EnrichService.healthy(r);
            })) {
      EnrichSpec spec =
          EnrichSpec.get(svc.url() + "/score/{id}")
              .output("score", "/score", FLOAT64)
              .key("id")
              .ratePerSecond(2000)
              .retry(2, Duration.ofMillis(1), 1, Duration.ofMillis(5));
      int n = 40;
      try (EnrichResult result = ids(n).enrichWithDeadLetters(spec)) {
        long enriched = result.enriched().count();
        long dead = result.deadLetters().count();
        assertThat(enriched + dead).isEqualTo(n);
        Set<Integer> deadIds = new TreeSet<>();
        for (Row r : rows(result.deadLetters())) {
          int id = r.getInt("id");
          deadIds.add(id);
          String error = r.getString("enrich_error");
          if (id % 5 == 0) {
            assertThat(error).contains("HTTP 503 after 2 attempts", "/score/" + id);
          } else {
            assertThat(error).contains("HTTP 404 after 1 attempt", "/score/" + id);
          }
        }
        assertThat(deadIds).containsExactly(5, 7, 10, 14, 15, 20, 21, 25, 28, 30, 35, 40);
        assertThat(result.deadLetters().columns()).containsExactly("id", "name", "enrich_error");
        for (Row r : rows(result.enriched())) {
          assertThat(r.getDouble("score")).isEqualTo(r.getInt("id") * 0.5);
        }
        assertThat(result.enriched().columns()).containsExactly("id", "name", "score");
      }
      // the same in one frame: the error column, null where the row got its answer
      DataFrame all = ids(n).enrich(spec.onFailure(FailurePolicy.CONTINUE).errorColumn("why"));
      long withError = 0;
      for (Row r : rows(all)) {
        boolean failed = r.getInt("id") % 5 == 0 || r.getInt("id") % 7 == 0;
        assertThat(r.get("why") != null).isEqualTo(failed);
        assertThat(r.get("score") == null).isEqualTo(failed);
        withError += failed ? 1 : 0;
      }
      assertThat(withError).isEqualTo(12);
    }
  }

  @Test
  @Timeout(60)
  default void aNullInTheUrlTemplateFailsItsRowWithoutACall() {
    try (EnrichService svc = EnrichService.start(EnrichService::healthy)) {
      DataFrame df =
          frame(schema(field("id", INT32), field("name", STRING)), row(1, "a"), row(null, "b"));
      EnrichSpec spec =
          EnrichSpec.get(svc.url() + "/score/{id}").output("score", "/score", FLOAT64).key("name");
      List<Row> rows = rows(df.enrich(spec.onFailure(FailurePolicy.CONTINUE)));
      assertThat(rows).hasSize(2);
      for (Row r : rows) {
        if (r.get("id") == null) {
          assertThat(r.get("score")).isNull();
          assertThat(r.getString("enrich_error"))
              .contains("column 'id' of the URL template is null in row name = 'b'", "no call");
        } else {
          assertThat(r.getDouble("score")).isEqualTo(0.5);
          assertThat(r.get("enrich_error")).isNull();
        }
      }
      assertThat(svc.seen()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/score/1"));
      assertFailure(df.enrich(spec), DataFrame::collect, EnrichmentException.class, "is null");
    }
  }

  @Test
  @Timeout(60)
  default void failPolicyFailsTheJobNamingRowUrlStatusAndAttempts() {
    try (EnrichService svc =
        EnrichService.start(
            r -> EnrichService.id(r) == 3 ? Reply.status(500) : EnrichService.healthy(r))) {
      DataFrame out =
          ids(5)
              .enrich(
                  EnrichSpec.get(svc.url() + "/score/{id}")
                      .output("score", "/score", FLOAT64)
                      .key("id", "name")
                      .retry(2, Duration.ofMillis(1), 1, Duration.ofMillis(5)));
      EnrichmentException e =
          (EnrichmentException)
              assertFailure(
                  out,
                  DataFrame::collect,
                  EnrichmentException.class,
                  "row id = 3, name = 'c3'",
                  "GET " + svc.url() + "/score/3",
                  "HTTP 500 after 2 attempts",
                  "FailurePolicy.CONTINUE");
      assertThat(e.status()).isEqualTo(500);
      assertThat(e.attempts()).isEqualTo(2);
      assertThat(e.url()).isEqualTo("GET " + svc.url() + "/score/3");
    }
  }

  @Test
  @Timeout(60)
  default void retriesRecoverFromFailedThrottledSlowAndDroppedCalls() {
    // each row's first attempt goes wrong in one of four ways; the second gets the answer
    try (EnrichService svc =
        EnrichService.start(
            r -> {
              if (r.attempt() > 1) {
                return EnrichService.healthy(r);
              }
              long id = EnrichService.id(r);
              return switch ((int) (id % 4)) {
                case 0 -> Reply.status(503);
                case 1 -> Reply.drop();
                case 2 -> id == 2 ? Reply.throttle("1") : Reply.throttle("0");
                default -> EnrichService.healthy(r).after(400); // past the timeout
              };
            })) {
      String name = name("retry");
      int n = 12;
      DataFrame out =
          ids(n)
              .enrich(
                  EnrichSpec.post(svc.url() + "/score", "id")
                      .named(name)
                      .output("score", "/score", FLOAT64)
                      .timeout(Duration.ofMillis(150))
                      .retry(3, Duration.ofMillis(5), 2, Duration.ofSeconds(2)));
      List<Row> rows = out.collect();
      assertThat(rows).hasSize(n);
      for (Row r : rows) {
        assertThat(r.getDouble("score")).isEqualTo(r.getInt("id") * 0.5);
      }
      // Retry-After: 1 was honoured: the retry of id 2 came a second after its first attempt
      List<Long> id2 = new ArrayList<>();
      for (EnrichService.Request r : svc.seen()) {
        if (EnrichService.id(r) == 2) {
          id2.add(r.nanos());
        }
      }
      assertThat(id2).hasSize(2);
      assertThat(Duration.ofNanos(id2.get(1) - id2.get(0))).isGreaterThan(Duration.ofMillis(950));
      EnrichEvent e = event(name);
      assertThat(e.rows()).isEqualTo(n);
      assertThat(e.enriched()).isEqualTo(n);
      assertThat(e.retries()).isGreaterThanOrEqualTo(n);
      assertThat(e.serverErrors()).isEqualTo(3);
      assertThat(e.throttled()).isEqualTo(3);
      assertThat(e.timeouts()).isEqualTo(3);
      assertThat(e.connectionErrors()).isEqualTo(3);
      assertThat(e.latencyP50()).isPositive();
      assertThat(e.latencyMax()).isGreaterThanOrEqualTo(e.latencyP99());
    }
  }

  @Test
  @Timeout(60)
  default void theServiceSeesNoMoreCallsThanTheRateLimit() {
    int limit = 100;
    int n = 150;
    try (EnrichService svc = EnrichService.start(r -> EnrichService.healthy(r).after(2))) {
      String name = name("rate");
      DataFrame out =
          ids(n)
              .enrich(
                  EnrichSpec.get(svc.url() + "/score/{id}")
                      .named(name)
                      .output("score", "/score", FLOAT64)
                      .ratePerSecond(limit)
                      .concurrency(8));
      assertThat(out.collect()).hasSize(n);
      assertThat(svc.requests()).isEqualTo(n);
      // The limiter hands out one permit each 10 ms, so a window of a second can catch one cycle
      // more than the rate; and a send due at one moment may land later (a loaded machine delays
      // the scheduler's thread, the client's, the service's), so that sends bunch: the tolerance
      // is 10% of a second's calls.
      assertThat(svc.maxInWindow(Duration.ofSeconds(1)))
          .as("calls in any second")
          .isLessThanOrEqualTo(limit + 1 + limit / 10);
      List<EnrichService.Request> seen = svc.seen();
      double seconds = (seen.get(n - 1).nanos() - seen.get(0).nanos()) / 1e9;
      assertThat((n - 1) / seconds)
          .as("calls/s from the first call to the last")
          .isBetween(limit * 0.5, limit * 1.05);
      EnrichEvent e = event(name);
      assertThat(e.calls()).isEqualTo(n);
      assertThat(e.rateLimit()).isEqualTo(limit);
    }
  }

  @Test
  @Timeout(60)
  default void theCircuitBreakerOpensOnFailuresThenProbesAndCloses() {
    // the service fails everything for its first 300 ms, then works
    AtomicLong first = new AtomicLong();
    try (EnrichService svc =
        EnrichService.start(
            r -> {
              first.compareAndSet(0, r.nanos());
              return r.nanos() - first.get() < 300_000_000L
                  ? Reply.status(500)
                  : EnrichService.healthy(r);
            })) {
      String name = name("breaker");
      int n = 200;
      DataFrame out =
          ids(n)
              .enrich(
                  EnrichSpec.get(svc.url() + "/score/{id}")
                      .named(name)
                      .output("score", "/score", FLOAT64)
                      .onFailure(FailurePolicy.CONTINUE)
                      .ratePerSecond(400)
                      .concurrency(4)
                      .retry(3, Duration.ofMillis(30), 1, Duration.ofMillis(30))
                      .circuitBreaker(10, 5, 50, Duration.ofMillis(150), 2));
      List<Row> rows = out.collect();
      assertThat(rows).hasSize(n);
      long failed = rows.stream().filter(r -> r.get("enrich_error") != null).count();
      EnrichEvent e = event(name);
      assertThat(e.rows()).isEqualTo(n);
      assertThat(e.failed()).isEqualTo(failed).isPositive();
      assertThat(e.enriched()).isGreaterThanOrEqualTo(n / 2);
      assertThat(e.breakerOpened()).isPositive();
      assertThat(e.rejected()).isPositive();
      assertThat(e.breakerState()).isEqualTo("CLOSED");
      assertThat(rows.stream().filter(r -> r.get("enrich_error") != null))
          .anySatisfy(
              r -> assertThat(r.getString("enrich_error")).contains("circuit breaker open"));
      // while open, the breaker kept the calls off the service: a silence of about its open time
      List<EnrichService.Request> seen = svc.seen();
      long gap = 0;
      for (int i = 1; i < seen.size(); i++) {
        gap = Math.max(gap, seen.get(i).nanos() - seen.get(i - 1).nanos());
      }
      assertThat(Duration.ofNanos(gap)).isGreaterThan(Duration.ofMillis(100));
      assertThat(svc.requests()).isLessThan(n * 3);
    }
  }

  @Test
  @Timeout(60)
  default void enrichmentMistakesFailWhenTheFrameIsBuilt() {
    DataFrame df = ids(2);
    assertFailure(
        () -> df.enrich(EnrichSpec.get("http://127.0.0.1:1/x/{idd}").output("s", "/s", FLOAT64)),
        ColumnNotFoundException.class,
        "idd",
        "URL template",
        "did you mean 'id'");
    assertFailure(
        () -> df.enrich(EnrichSpec.get("http://127.0.0.1:1/x/{id}").output("name", "/s", STRING)),
        AnalysisException.class,
        "would add column 'name'",
        "frame has already");
    assertFailure(
        () -> df.enrich(EnrichSpec.get("http://127.0.0.1:1/x/{id}")),
        AnalysisException.class,
        "adds no column");
    assertFailure(
        () -> EnrichSpec.get("ftp://127.0.0.1/x"), InvalidOptionException.class, "ftp://");
    assertFailure(
        () -> EnrichSpec.get("http://127.0.0.1:1/x").ratePerSecond(0),
        InvalidOptionException.class,
        "ratePerSecond");
    assertFailure(
        () ->
            df.enrich(
                EnrichSpec.post("http://127.0.0.1:1/x/{id}", "id")
                    .perBatch(10, "")
                    .output("s", "/s", FLOAT64)),
        AnalysisException.class,
        "per 10 rows",
        "send them in the body");
  }
}
