package io.frameshift.pipeline;

import static io.frameshift.pipeline.SpecValidationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.pipeline.InvalidPipelineException.Problem;
import io.frameshift.testkit.EnrichService;
import io.frameshift.testkit.EnrichService.Reply;
import io.frameshift.testkit.EnrichService.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A spec with a {@code rest_api} source read from a real loopback HTTP service, run on the local
 * engine, on Spark and under AUTO; and the spec's rest_api fields refused with their line and
 * field.
 */
class RestApiPipelineTest {

  @TempDir Path dir;

  /** 3 cursor pages of 5 tickers: {@code {"results": [...], "next_cursor": "..."}}. */
  private static Reply tickers(Request r) {
    if (!"stocks".equals(r.param("market"))) {
      return Reply.status(400);
    }
    String c = r.param("cursor");
    int k = c == null ? 0 : Integer.parseInt(c);
    List<String> rows = new ArrayList<>();
    for (int i = 5 * k; i < 5 * k + 5; i++) {
      rows.add(
          String.format(
              Locale.ROOT,
              "{\"ticker\":\"T%02d\",\"name\":\"Company %d\",\"market_cap\":%d,\"sector\":\"%s\"}",
              i,
              i,
              (i + 1) * 1000,
              i % 3 == 0 ? "tech" : "energy"));
    }
    String next = k < 2 ? "\"" + (k + 1) + "\"" : "null";
    return Reply.ok("{\"results\":[" + String.join(",", rows) + "],\"next_cursor\":" + next + "}");
  }

  private static String spec(String url, String engine, String out) {
    return """
        name: tickers
        engine: %s
        sources:
          tickers:
            rest_api:
              url: %s/v3/reference/tickers
              params: {market: stocks}
              headers: {Authorization: "Bearer test"}
              records: $.results
              pagination: {type: cursor, param: cursor, path: next_cursor}
              rate: 50
              timeout: 5s
              retry: {attempts: 3, backoff: 50ms, multiplier: 2, maxBackoff: 2s}
              circuitBreaker: {window: 20, minimumCalls: 10, failureRate: 50, openFor: 1s, halfOpenCalls: 2}
        steps:
          - rename: {ticker: symbol, market_cap: market_capitalization}
          - groupBy: {keys: [sector], agg: {companies: "count(*)", cap: "sum(market_capitalization)"}}
        sinks:
          - {format: parquet, path: %s, mode: overwrite}
        """
        .formatted(engine, url, out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark", "auto"})
  @Timeout(120)
  void aRestApiSourceRunsOnEachEngine(String engine) {
    try (EnrichService svc = EnrichService.start(RestApiPipelineTest::tickers);
        Frameshift fs = PipelineRunTest.session(engine)) {
      Path out = dir.resolve("out-" + engine);
      Pipeline p = Pipeline.parse(spec(svc.url(), engine, out.toString()), "tickers.yaml");
      RunReport report = p.run(fs);
      assertThat(report.ok()).as("%s", report.inputs()).isTrue();
      assertThat(report.inputs().get(0).rowsIn()).isEqualTo(15);
      assertThat(report.inputs().get(0).source()).startsWith("rest_api http://127.0.0.1:");
      // checking the steps, counting rows in and computing the result share one fetch
      assertThat(svc.requests()).isEqualTo(3);
      assertThat(svc.seen())
          .extracting(Request::query)
          .containsExactly("market=stocks", "market=stocks&cursor=1", "market=stocks&cursor=2");
      List<Row> rows = fs.read().parquet(out.toString()).sort("sector").collect();
      // tech: i = 0, 3, 6, 9, 12 -> caps 1000 + 4000 + 7000 + 10000 + 13000
      assertThat(rows).extracting(r -> r.get("sector")).containsExactly("energy", "tech");
      assertThat(rows).extracting(r -> r.get("companies")).containsExactly(10L, 5L);
      assertThat(rows).extracting(r -> r.get("cap")).containsExactly(120_000L - 35_000L, 35_000L);
      if (!engine.equals("auto")) {
        assertThat(report.inputs().get(0).engines()).containsExactly(engine);
      }
    }
  }

  @Test
  void restApiFieldsAreCheckedWithTheirLine() {
    String yaml =
        """
        sources:
          api:
            rest_api:
              url: http://127.0.0.1:1/x
              pagination: {type: cursor, param: c}
              schema: {id: int64, day: datum}
              timeout: 10 seconds
        sinks:
          - {format: parquet, path: out}
        """;
    assertThatThrownBy(() -> Pipeline.parse(yaml, "api.yaml"))
        .isInstanceOfSatisfying(
            InvalidPipelineException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::field)
                    .containsExactly("rest_api.timeout"));
    List<Problem> p = problems(yaml.replace("timeout: 10 seconds", "timeout: 10s"));
    assertThat(p).extracting(Problem::where).containsOnly("sources.api");
    assertThat(p)
        .extracting(Problem::field)
        .containsExactlyInAnyOrder("rest_api.pagination.type", "rest_api.schema.day");
    assertThat(p).extracting(Problem::line).containsExactlyInAnyOrder(5, 6);
    assertThat(p.toString()).contains("pagination cursor needs 'path'", "datum");
    assertThat(
            problems(
                """
                sources:
                  api: {rest_api: {url: "http://h/x"}, format: json}
                sinks:
                  - {format: parquet, path: out}
                """))
        .isNotEmpty();
  }
}
