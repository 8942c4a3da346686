package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.pipeline.StreamReport.BatchReport;
import io.frameshift.pipeline.StreamReport.Outcome;
import io.frameshift.testkit.EnrichService;
import io.frameshift.testkit.EnrichService.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch inputs under the source's and the pipeline's {@code retry} and {@code deadLetters}, as
 * stream batches are: a JSON API on a real loopback service that fails before it answers, and a
 * source that never can be read.
 */
class BatchRetryTest {
  @TempDir Path dir;

  /** An API whose first {@code failures} requests get a 503, then 4 records. */
  private static EnrichService flaky(int failures) {
    AtomicInteger n = new AtomicInteger();
    return EnrichService.start(
        r ->
            n.incrementAndGet() <= failures
                ? Reply.status(503)
                : Reply.ok(
                    "[{\"id\":1,\"v\":10},{\"id\":2,\"v\":20},{\"id\":3,\"v\":30},{\"id\":4,\"v\":40}]"));
  }

  private static String apiSpec(String url, String engine, Path out, Path dead) {
    return """
        name: flaky
        engine: %s
        deadLetters: "%s"
        sources:
          api:
            rest_api: {url: "%s/items", retry: {attempts: 1}}
            retry: {attempts: 4, backoff: 10ms, maxBackoff: 50ms}
        steps:
          - filter: "v > 10"
        sinks:
          - {format: parquet, path: "%s", mode: overwrite}
        """
        .formatted(engine, dead, url, out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark", "auto"})
  @Timeout(120)
  void aSourceThatFailsThenAnswersIsReadOnALaterTry(String engine) {
    // the run's check asks once, the read's first try once: both get a 503, the second try reads
    try (EnrichService svc = flaky(2);
        Frameshift fs = PipelineRunTest.session(engine)) {
      Path out = dir.resolve("out-" + engine);
      Path dead = dir.resolve("dead-" + engine);
      RunReport report =
          Pipeline.parse(apiSpec(svc.url(), engine, out, dead), "flaky.yaml").run(fs);
      RunReport.InputReport in = report.inputs().get(0);
      assertThat(report.ok()).as("%s", in.error()).isTrue();
      assertThat(in.attempts()).isEqualTo(2);
      assertThat(in.deadLetter()).isNull();
      assertThat(in.rowsIn()).isEqualTo(4);
      assertThat(in.rowsOut()).isEqualTo(3);
      assertThat(svc.requests()).isEqualTo(3);
      assertThat(fs.read().parquet(out.toString()).count()).isEqualTo(3);
      assertThat(dead).doesNotExist();
      if (!engine.equals("auto")) {
        assertThat(in.engines()).containsExactly(engine);
      }
      assertThat(report.toHtml()).contains("flaky").doesNotContain("dead letter");
    }
  }

  @Test
  @Timeout(120)
  void aSourceThatFailsEveryTryIsADeadLetterAndTheRunGoesOn() throws IOException {
    try (EnrichService svc = flaky(Integer.MAX_VALUE);
        Frameshift fs = PipelineRunTest.session("local")) {
      Path dead = dir.resolve("dead");
      RunReport report =
          Pipeline.parse(apiSpec(svc.url(), "local", dir.resolve("out"), dead), "flaky.yaml")
              .run(fs);
      RunReport.InputReport in = report.inputs().get(0);
      assertThat(in.ok()).isFalse();
      assertThat(in.attempts()).isEqualTo(4);
      assertThat(in.error()).contains("503").contains("4 tries");
      // the check's request and the four tries
      assertThat(svc.requests()).isEqualTo(5);
      Path letter = Path.of(in.deadLetter());
      assertThat(letter).startsWith(dead.toAbsolutePath()).exists();
      JsonNode record = new ObjectMapper().readTree(letter.toFile());
      assertThat(record.get("kind").asText()).isEqualTo("source");
      assertThat(record.get("attempts").asInt()).isEqualTo(4);
      assertThat(record.get("source").asText()).contains(svc.url());
      assertThat(record.get("error").asText()).contains("503");
      assertThat(report.toHtml()).contains("dead letter").contains("4 tries");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark"})
  @Timeout(180)
  void aLaterRunTakesTheDeadLettersOfAMissingFileOnceItAppears(String engine) throws IOException {
    Files.writeString(
        dir.resolve("first.yaml"),
        """
        name: first
        deadLetters: dead
        sources:
          orders:
            format: csv
            path: late/orders.csv
            options: {header: true}
            retry: {attempts: 2, backoff: 10ms}
        sinks:
          - {format: parquet, path: "out/first", mode: overwrite}
        """);
    Files.writeString(
        dir.resolve("again.yaml"),
        """
        name: again
        sources:
          failed: {deadLetters: dead}
        steps:
          - withColumn: {name: w, expr: "v * 2"}
        sinks:
          - {format: parquet, path: "out/again"}
        """);
    try (Frameshift fs = PipelineRunTest.session(engine)) {
      RunReport first = Pipeline.load(dir.resolve("first.yaml")).run(fs);
      assertThat(first.ok()).isFalse();
      assertThat(first.inputs().get(0).deadLetter()).isNotNull();
      assertThat(dir.resolve("out/first")).doesNotExist();

      // the file arrives after the run gave up on it; the dead letter names it, not its rows
      Files.createDirectories(dir.resolve("late"));
      Files.writeString(dir.resolve("late/orders.csv"), "id,v\n1,10\n2,20\n3,30\n");
      RunReport again = Pipeline.load(dir.resolve("again.yaml")).run(fs);
      assertThat(again.ok()).as("%s", again).isTrue();
      RunReport.InputReport in = again.inputs().get(0);
      assertThat(in.stream().batches())
          .extracting(BatchReport::id, BatchReport::outcome)
          .containsExactly(tuple("orders", Outcome.COMMITTED));
      assertThat(in.rowsIn()).isEqualTo(3);
      assertThat(in.rowsOut()).isEqualTo(3);
      List<Row> rows =
          fs.read()
              .parquet(StreamRun.batchFolder(dir.resolve("out/again").toString(), "orders"))
              .sort("id")
              .collect();
      assertThat(rows)
          .extracting(
              r -> ((Number) r.get("id")).longValue(), r -> ((Number) r.get("w")).longValue())
          .containsExactly(tuple(1L, 20L), tuple(2L, 40L), tuple(3L, 60L));
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void theCommandLineWritesTheDeadLetterGoesOnAndExitsWithThree() throws IOException {
    Files.writeString(dir.resolve("good.csv"), "id,v\n1,10\n2,20\n");
    Path spec =
        Files.writeString(
            dir.resolve("two.yaml"),
            """
            name: two
            input: [missing, good]
            retry: {attempts: 2, backoff: 10ms}
            deadLetters: dead
            sources:
              missing:
                format: csv
                path: nowhere/missing.csv
                options: {header: true}
                retry: {attempts: 3, backoff: 10ms}
              good: {format: csv, path: good.csv, options: {header: true}}
            sinks:
              - {format: parquet, path: "out/{source}", mode: overwrite}
            """);
    int code =
        Cli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), CliTest.localRun(spec, dir));
    assertThat(code).as("%s", err).isEqualTo(Cli.PARTIAL);
    assertThat(out.toString()).contains("missing: FAILED").contains("good: 2 rows in, 2 out");
    assertThat(dir.resolve("out/good")).isDirectory();
    Path letter = dir.resolve("dead/two-missing/missing.json");
    try (var files = Files.walk(dir.resolve("dead"))) {
      letter = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    JsonNode record = new ObjectMapper().readTree(letter.toFile());
    assertThat(record.get("kind").asText()).isEqualTo("batch");
    assertThat(record.get("attempts").asInt()).isEqualTo(3);
    assertThat(record.get("rows").get("format").asText()).isEqualTo("csv");
    assertThat(record.get("rows").get("paths").get(0).asText()).endsWith("nowhere/missing.csv");
    assertThat(dir.resolve("report.html")).content().contains("dead letter").contains("3 tries");
  }
}
