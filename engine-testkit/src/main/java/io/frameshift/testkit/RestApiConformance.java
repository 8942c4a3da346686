package io.frameshift.testkit;

import static io.frameshift.types.DataType.BOOLEAN;
import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.enrich.http.PaginationException;
import io.frameshift.enrich.http.RestApi;
import io.frameshift.enrich.http.RestApi.Pagination;
import io.frameshift.enrich.http.RestApiException;
import io.frameshift.enrich.http.RestApiSource;
import io.frameshift.error.InputException;
import io.frameshift.expr.Expr;
import io.frameshift.testkit.EnrichService.Reply;
import io.frameshift.testkit.EnrichService.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@code rest_api} source (docs/pipelines.md) against a real HTTP service on the loopback
 * interface ({@link EnrichService}): cursor, next-URL and numbered pages, records found by a path,
 * declared and inferred schemas, 429 with {@code Retry-After} and 5xx retried, the rate limit as
 * the service measures it, a wrong records path named in the error, and pages that loop or never
 * end stopped. The fetched frame then runs on the engine under test.
 */
public interface RestApiConformance extends ConformanceBase {

  /** Items 1..n as JSON objects: {@code {"id", "name", "score", "active", "tags"}}. */
  private static String item(int id) {
    return String.format(
        Locale.ROOT,
        "{\"id\":%d,\"name\":\"n%d\",\"score\":%s,\"active\":%s,\"tags\":[\"t%d\"]}",
        id,
        id,
        id % 3 == 0 ? Integer.toString(id) : id + ".5",
        id % 2 == 0,
        id % 3);
  }

  private static String items(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(item(i));
    }
    return "[" + String.join(",", out) + "]";
  }

  /** Cursor pages of 4 items: cursor c{k} gives items 4k+1..4k+4, the last page no cursor. */
  private static Reply cursorPages(Request r, int pages) {
    String c = r.param("cursor");
    int k = c == null ? 0 : Integer.parseInt(c.substring(1));
    String next = k + 1 < pages ? "\"c" + (k + 1) + "\"" : "null";
    return Reply.ok(
        "{\"data\":{\"items\":"
            + items(4 * k + 1, 4 * k + 4)
            + "},\"meta\":{\"next\":"
            + next
            + "}}");
  }

  /**
   * A GET of {@code path} on {@code svc}, the records at {@code records}, paged by the cursor at
   * {@code next} sent back as the query parameter {@code cursor}, as {@link #cursorPages} serves.
   */
  private static RestApi cursorApi(EnrichService svc, String path, String records, String next) {
    return RestApi.get(svc.url() + path)
        .records(records)
        .pagination(new Pagination.Cursor("cursor", next));
  }

  @Test
  @Timeout(60)
  default void restApiCursorPagesWithAnInferredSchema() {
    try (EnrichService svc = EnrichService.start(r -> cursorPages(r, 3))) {
      DataFrame df =
          RestApiSource.read(
              session(),
              cursorApi(svc, "/items", "data.items", "$.meta.next").param("market", "stocks"));
      // the JSON-lines reader's inference: names sorted, whole numbers INT64, a column of whole
      // and fractional numbers FLOAT64, nested values as their JSON text
      assertSchema(
          df,
          field("active", BOOLEAN),
          field("id", INT64),
          field("name", STRING),
          field("score", FLOAT64),
          field("tags", STRING));
      assertThat(svc.seen())
          .extracting(Request::query)
          .containsExactly("market=stocks", "market=stocks&cursor=c1", "market=stocks&cursor=c2");
      assertThat(df.count()).isEqualTo(12);
      // the frame runs on the engine under test like any other
      assertRows(
          df.filter("active").groupBy().agg(Expr.parse("sum(id)").as("ids")),
          row(2L + 4 + 6 + 8 + 10 + 12));
      assertRows(df.filter("id = 3"), row(false, 3L, "n3", 3.0, "[\"t0\"]"));
    }
  }

  @Test
  @Timeout(60)
  default void restApiNextUrlPages() {
    try (EnrichService svc =
        EnrichService.start(
            r -> {
              int k = r.param("after") == null ? 0 : Integer.parseInt(r.param("after"));
              String next = k < 8 ? "\"/items?after=" + (k + 4) + "\"" : "null";
              return Reply.ok(
                  "{\"results\":" + items(k + 1, k + 4) + ",\"next_url\":" + next + "}");
            })) {
      DataFrame df =
          RestApiSource.read(
              session(),
              RestApi.get(svc.url() + "/items")
                  .records("/results")
                  .pagination(new Pagination.Cursor(null, "next_url")));
      assertThat(df.count()).isEqualTo(12);
      assertThat(svc.requests()).isEqualTo(3);
    }
  }

  @Test
  @Timeout(60)
  default void restApiNumberedPagesWithADeclaredSchema() {
    try (EnrichService svc =
        EnrichService.start(
            r -> {
              int page = Integer.parseInt(r.param("page"));
              int size = Integer.parseInt(r.param("size"));
              int from = (page - 1) * size + 1;
              int to = Math.min(25, page * size);
              List<String> out = new ArrayList<>();
              for (int i = from; i <= to; i++) {
                out.add(
                    String.format(
                        Locale.ROOT,
                        "{\"id\":%d,\"day\":\"2026-01-%02d\",\"extra\":true}",
                        i,
                        i % 28 + 1));
              }
              return Reply.ok("[" + String.join(",", out) + "]");
            })) {
      DataFrame df =
          RestApiSource.read(
              session(),
              RestApi.get(svc.url() + "/rows")
                  .pagination(new Pagination.Page("page", 1, "size", 10))
                  .schema(schema(field("id", INT32), field("day", DATE), field("note", STRING))));
      assertSchema(df, field("id", INT32), field("day", DATE), field("note", STRING));
      // a page shorter than the size is the last: 10 + 10 + 5 records, no fourth request
      assertThat(svc.seen())
          .extracting(Request::query)
          .containsExactly("page=1&size=10", "page=2&size=10", "page=3&size=10");
      assertRows(
          df.filter("id > 23"),
          row(24, date("2026-01-25"), null),
          row(25, date("2026-01-26"), null));
      assertThat(df.count()).isEqualTo(25);
    }
  }

  @Test
  @Timeout(60)
  default void restApiWaitsForRetryAfterAndRetriesServerErrors() {
    try (EnrichService svc =
        EnrichService.start(
            r -> {
              String c = r.param("cursor");
              if ("c1".equals(c) && r.attempt() == 1) {
                return Reply.throttle("1");
              }
              if ("c2".equals(c) && r.attempt() == 1) {
                return Reply.status(503);
              }
              return cursorPages(r, 3);
            })) {
      DataFrame df =
          RestApiSource.read(
              session(),
              cursorApi(svc, "/items", "data.items", "meta.next")
                  .http(h -> h.retry(3, Duration.ofMillis(50), 2, Duration.ofSeconds(5))));
      assertThat(df.count()).isEqualTo(12);
      List<Request> seen = svc.seen();
      assertThat(seen).hasSize(5);
      Request throttled = seen.get(1);
      Request retried = seen.get(2);
      assertThat(throttled.attempt()).isEqualTo(1);
      assertThat(retried.attempt()).isEqualTo(2);
      assertThat(retried.query()).isEqualTo(throttled.query());
      // Retry-After: 1 replaces the 50 ms backoff
      assertThat(Duration.ofNanos(retried.nanos() - throttled.nanos()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
  }

  @Test
  @Timeout(60)
  default void restApiKeepsToItsRate() {
    try (EnrichService svc = EnrichService.start(r -> cursorPages(r, 12))) {
      DataFrame df =
          RestApiSource.read(
              session(),
              cursorApi(svc, "/items", "data.items", "meta.next").http(h -> h.ratePerSecond(5)));
      assertThat(df.count()).isEqualTo(48);
      assertThat(svc.requests()).isEqualTo(12);
      // 5 a second, give or take the one permit of a refresh cycle at the window's edge
      assertThat(svc.maxInWindow(Duration.ofSeconds(1))).isBetween(2, 6);
    }
  }

  @Test
  @Timeout(60)
  default void restApiNamesAWrongRecordsPathAndWhatItFound() {
    try (EnrichService svc = EnrichService.start(r -> cursorPages(r, 1))) {
      String url = svc.url() + "/items";
      assertFailure(
          () -> RestApiSource.read(session(), RestApi.get(url).records("data.rows")),
          InputException.class,
          "records path 'data.rows'",
          "'/data' has the fields [items]",
          "no 'rows'",
          "page 1");
      assertFailure(
          () -> RestApiSource.read(session(), RestApi.get(url).records("meta")),
          InputException.class,
          "records path 'meta'",
          "found an object with the fields [next]");
      assertFailure(
          () ->
              RestApiSource.read(
                  session(),
                  RestApi.get(url)
                      .records("data.items")
                      .schema(schema(field("id", INT32), field("name", INT64)))),
          InputException.class,
          "record 0",
          "column 'name'",
          "\"n1\"",
          "int64");
    }
  }

  @Test
  @Timeout(60)
  default void restApiStopsPagesThatLoopOrNeverEnd() {
    try (EnrichService svc =
        EnrichService.start(
            r -> {
              String c = r.param("cursor");
              int k = c == null ? 0 : Integer.parseInt(c.substring(1));
              // /loop: c0, c1, c2, c1, ...; /endless: always one more
              String next = r.path().equals("/loop") ? "c" + (k % 2 + 1) : "c" + (k + 1);
              return Reply.ok("{\"items\":" + items(k, k) + ",\"next\":\"" + next + "\"}");
            })) {
      assertFailure(
          () -> RestApiSource.read(session(), cursorApi(svc, "/loop", "items", "next")),
          PaginationException.class,
          "cursor 'c1'",
          "loop",
          "page 3");
      int before = svc.requests();
      assertFailure(
          () ->
              RestApiSource.read(
                  session(), cursorApi(svc, "/endless", "items", "next").maxPages(5)),
          PaginationException.class,
          "maxPages = 5",
          "cursor=c5");
      assertThat(svc.requests() - before).isEqualTo(5);
    }
  }

  @Test
  @Timeout(60)
  default void restApiFailsOnARequestThatFailsForGood() {
    try (EnrichService svc = EnrichService.start(r -> Reply.status(404))) {
      RestApiException e =
          (RestApiException)
              assertFailure(
                  () -> RestApiSource.read(session(), RestApi.get(svc.url() + "/gone")),
                  RestApiException.class,
                  "HTTP 404",
                  "/gone",
                  "1 attempt");
      assertThat(e.status()).isEqualTo(404);
    }
  }
}
