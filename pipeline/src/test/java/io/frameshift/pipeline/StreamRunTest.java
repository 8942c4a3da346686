package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.pipeline.StreamReport.BatchReport;
import io.frameshift.pipeline.StreamReport.Outcome;
import io.frameshift.table.Snapshot;
import io.frameshift.testkit.LakeSessions;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Micro-batch runs on the local engine, on Spark and under AUTO: iterators, publishers and folders
 * of real files into a table of the embedded Iceberg catalog and Parquet file sinks; re-runs that
 * skip what was committed; retries and dead letters run again from their folder.
 */
class StreamRunTest {
  /** Spark loads a catalog once per session, which lives as long as the JVM: one warehouse. */
  private static final Path WAREHOUSE = LakeSessions.warehouse("frameshift-stream-lake");

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  static final Schema EVENTS =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("v", DataType.FLOAT64)
          .column("kind", DataType.STRING)
          .build();

  @TempDir Path dir;

  static Frameshift session(String engine) {
    return LakeSessions.builder(engine, WAREHOUSE)
        // the threshold rule with small thresholds: a batch of 1 MB or more goes to Spark
        .config("frameshift.selector.profile", "none")
        .config("frameshift.selector.localMaxMb", "0")
        .config("frameshift.selector.sparkMinMb", "1")
        .build();
  }

  /** Rows {@code from} to {@code from + n - 1}; every third has a negative v (filtered out). */
  static DataFrame events(Frameshift fs, long from, int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = from; i < from + n; i++) {
      rows.add(Row.of(EVENTS, i, i % 3 == 0 ? -1.5 : i + 0.5, "k" + (i % 4)));
    }
    return fs.createDataFrame(EVENTS, rows);
  }

  static String spec(String name, String engine, String table, Path files) {
    return """
        name: %s
        engine: %s
        input: events
        retry: {attempts: 2, backoff: 10ms}
        sources:
          events: {format: json, path: "%s/unused"}
        steps:
          - filter: "v >= 0"
          - withColumn: {name: w, expr: "v * 2"}
        sinks:
          - {name: lake, table: %s, mode: append}
          - {name: files, format: parquet, path: "%s"}
        """
        .formatted(name, engine, files, table, files);
  }

  /** The ids in the table, each with how often it is there. */
  static Map<Long, Integer> idCounts(Frameshift fs, String table) {
    Map<Long, Integer> out = new TreeMap<>();
    for (Row r : fs.read().table(table).select("id").collect()) {
      out.merge(((Number) r.get("id")).longValue(), 1, Integer::sum);
    }
    return out;
  }

  static Set<Long> expectedIds(long from, long to) {
    Set<Long> out = new TreeSet<>();
    for (long i = from; i < to; i++) {
      if (i % 3 != 0) {
        out.add(i);
      }
    }
    return out;
  }

  private static final int[] SIZES = {10, 200, 3, 50, 1, 40, 7};

  /** The first {@code n} batches of {@link #SIZES}, ids consecutive. */
  static List<DataFrame> batches(Frameshift fs, int n) {
    List<DataFrame> out = new ArrayList<>();
    long from = 0;
    for (int i = 0; i < n; i++) {
      out.add(events(fs, from, SIZES[i]));
      from += SIZES[i];
    }
    return out;
  }

  static long rowsOf(int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += SIZES[i];
    }
    return sum;
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark", "auto"})
  void batchesAreCommittedOnceAndARestartResumesAfterTheLastCommitted(String engine) {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".events";
    Path files = dir.resolve("out");
    try (Frameshift fs = session(engine)) {
      Pipeline p = Pipeline.parse(spec("iter", engine, table, files), "iter.yaml");
      StreamReport first = StreamRun.of(p).run(fs, BatchSources.frames(batches(fs, 5).iterator()));
      assertThat(first.ok()).as("%s", first).isTrue();
      assertThat(first.resumedAfter()).isNull();
      assertThat(first.batches())
          .extracting(BatchReport::id)
          .containsExactly("0", "1", "2", "3", "4");
      assertThat(first.batches()).allMatch(b -> b.outcome() == Outcome.COMMITTED);
      assertThat(first.batches())
          .extracting(BatchReport::rowsIn)
          .containsExactly(10L, 200L, 3L, 50L, 1L);
      if (!engine.equals("auto")) {
        assertThat(first.batches()).allMatch(b -> b.engines().equals(Set.of(engine)));
      }
      assertThat(first.engines()).isNotEmpty().allMatch(e -> e.runs() > 0 && e.failures() == 0);
      Map<Long, Integer> afterFirst = idCounts(fs, table);
      assertThat(afterFirst.keySet()).isEqualTo(expectedIds(0, rowsOf(5)));
      assertThat(afterFirst.values()).allMatch(c -> c == 1);
      // each commit carries the stream, the batch and the position in the snapshot summary
      List<String> tags =
          fs.table(table).snapshots().stream().map(s -> s.summary().get(Snapshot.TAG)).toList();
      assertThat(tags).hasSize(5).allMatch(t -> t.startsWith("stream=iter%2Fevents&batch="));
      assertThat(fs.read().parquet(files.toString()).count())
          .isEqualTo(expectedIds(0, rowsOf(5)).size());
      assertThat(files.resolve("batch-3")).isDirectory();

      // the same stream again with two more batches: the first five are not read again
      StreamReport second = StreamRun.of(p).run(fs, BatchSources.frames(batches(fs, 7).iterator()));
      assertThat(second.resumedAfter()).isEqualTo("4");
      assertThat(second.batches()).extracting(BatchReport::id).containsExactly("5", "6");
      assertThat(second.batches()).allMatch(b -> b.outcome() == Outcome.COMMITTED);
      Map<Long, Integer> afterSecond = idCounts(fs, table);
      assertThat(afterSecond.keySet()).isEqualTo(expectedIds(0, rowsOf(7)));
      assertThat(afterSecond.values()).allMatch(c -> c == 1);
      assertThat(fs.read().parquet(files.toString()).count())
          .isEqualTo(expectedIds(0, rowsOf(7)).size());
    }
  }

  @Test
  void maxBatchesStopsTheRunAndTheNextRunGoesOnFromThere() {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".events";
    Path files = dir.resolve("out");
    String spec =
        spec("limited", "local", table, files)
            .replace("events: {format: json,", "events: {stream: {maxBatches: 2}, format: json,");
    try (Frameshift fs = session("local")) {
      Pipeline p = Pipeline.parse(spec, "limited.yaml");
      StreamReport first = StreamRun.of(p).run(fs, BatchSources.frames(batches(fs, 5).iterator()));
      assertThat(first.batches()).extracting(BatchReport::id).containsExactly("0", "1");
      StreamReport rest =
          StreamRun.of(p).withMaxBatches(0).run(fs, BatchSources.frames(batches(fs, 5).iterator()));
      assertThat(rest.resumedAfter()).isEqualTo("1");
      assertThat(rest.batches()).extracting(BatchReport::id).containsExactly("2", "3", "4");
      assertThat(idCounts(fs, table).keySet()).isEqualTo(expectedIds(0, rowsOf(5)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark"})
  void aFrameThatFailsIsKeptAsParquetBesideItsDeadLetterAndRunsAgainFromThere(String engine)
      throws IOException {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".ratios";
    Path dead = dir.resolve("dead");
    // 1 % (id - 12) divides by zero on the row with id 12: ANSI arithmetic fails its batch
    String spec =
        """
        name: ratios
        engine: %s
        retry: {attempts: 2, backoff: 5ms}
        deadLetters: "%s"
        sources:
          events: {format: json, path: unused}
        steps:
          - withColumn: {name: r, expr: "CAST(1 AS BIGINT) %% (id - 12)"}
        sinks:
          - {table: %s}
        """
            .formatted(engine, dead, table);
    try (Frameshift fs = session(engine)) {
      StreamReport r =
          StreamRun.of(Pipeline.parse(spec, "ratios.yaml"))
              .run(fs, BatchSources.frames(batches(fs, 3).iterator()));
      assertThat(r.batches())
          .extracting(BatchReport::outcome)
          .containsExactly(Outcome.COMMITTED, Outcome.DEAD_LETTER, Outcome.COMMITTED);
      assertThat(r.batches().get(1).attempts()).isEqualTo(2);
      JsonNode record = DeadLetters.JSON.readTree(r.deadLetters().get(0).record().toFile());
      assertThat(record.get("batch").asText()).isEqualTo("1");
      String copy = record.get("rows").get("paths").get(0).asText();
      assertThat(copy).endsWith("1.rows");
      assertThat(fs.read().parquet(copy).count()).isEqualTo(SIZES[1]);

      // a later run leaves the row out and takes the failed batch from the dead letters
      String again =
          """
          name: ratios-again
          engine: %s
          sources:
            failed: {deadLetters: "%s"}
          steps:
            - filter: "id <> 12"
            - withColumn: {name: r, expr: "CAST(1 AS BIGINT) %% (id - 12)"}
          sinks:
            - {table: %s}
          """
              .formatted(engine, dead, table);
      RunReport second = Pipeline.parse(again, "again.yaml").run(fs);
      assertThat(second.ok()).as("%s", second).isTrue();
      assertThat(second.inputs().get(0).stream().batches().get(0).rowsIn()).isEqualTo(SIZES[1]);
      Map<Long, Integer> ids = idCounts(fs, table);
      Set<Long> expected = allIds(0, rowsOf(3));
      expected.remove(12L);
      assertThat(ids.keySet()).isEqualTo(expected);
      assertThat(ids.values()).allMatch(c -> c == 1);
    }
  }

  @Test
  void aBatchOnlySomeSinksHoldGoesToTheOthersAlone() throws IOException {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".events";
    Path files = dir.resolve("out");
    try (Frameshift fs = session("local")) {
      Pipeline p = Pipeline.parse(spec("partial", "local", table, files), "partial.yaml");
      StreamRun.of(p).run(fs, BatchSources.frames(batches(fs, 3).iterator()));
      // as after a crash between the table's commit and the file sink's write of batch 2
      deleteTree(files.resolve("batch-2"));
      StreamReport again = StreamRun.of(p).run(fs, BatchSources.frames(batches(fs, 3).iterator()));
      assertThat(again.resumedAfter()).isEqualTo("1");
      assertThat(again.batches()).extracting(BatchReport::id).containsExactly("2");
      assertThat(again.batches().get(0).sinks()).containsExactly("sinks[1] (files)");
      assertThat(idCounts(fs, table).values()).allMatch(c -> c == 1);
      assertThat(fs.read().parquet(files.toString()).count())
          .isEqualTo(expectedIds(0, rowsOf(3)).size());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark"})
  void aPublisherOfArrowBatchesUpsertsIntoATable(String engine) throws Exception {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".latest";
    String spec =
        """
        name: latest
        engine: %s
        sources:
          events: {format: json, path: unused}
        sinks:
          - {table: %s, mode: upsert, keys: [id]}
        """
            .formatted(engine, table);
    try (Frameshift fs = session(engine);
        SubmissionPublisher<ArrowBatches> publisher = new SubmissionPublisher<>()) {
      List<ArrowBatches> items = new ArrayList<>();
      // ids 0-9, then 5-14 and 10-19 again with other values: the table keeps the latest of each
      for (int b = 0; b < 3; b++) {
        items.add(
            events(fs, b * 5L, 10)
                .withColumn("v", io.frameshift.expr.Expr.parse("v + " + b * 100))
                .toArrow());
      }
      Thread producer =
          new Thread(
              () -> {
                while (publisher.getNumberOfSubscribers() == 0) {
                  Thread.onSpinWait();
                }
                items.forEach(publisher::submit);
                publisher.close();
              });
      producer.start();
      StreamReport r =
          StreamRun.of(Pipeline.parse(spec, "latest.yaml")).run(fs, BatchSources.arrow(publisher));
      producer.join();
      assertThat(r.ok()).as("%s", r).isTrue();
      assertThat(r.batches()).extracting(BatchReport::rowsIn).containsExactly(10L, 10L, 10L);
      Map<Long, Double> v = new HashMap<>();
      fs.read().table(table).collect().forEach(row -> v.put(row.getLong("id"), row.getDouble("v")));
      assertThat(v).hasSize(20);
      assertThat(v.get(4L)).isEqualTo(4.5);
      assertThat(v.get(7L)).isEqualTo(107.5);
      assertThat(v.get(13L)).isEqualTo(213.5);
      assertThat(v.get(19L)).isEqualTo(219.5);
    }
  }

  static void writeEvents(Path file, long from, int n) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (long i = from; i < from + n; i++) {
      sb.append("{\"id\": ")
          .append(i)
          .append(", \"v\": ")
          .append(i % 3 == 0 ? -1.5 : i + 0.5)
          .append(", \"kind\": \"k")
          .append(i % 4)
          .append("\"}\n");
    }
    Files.createDirectories(file.getParent());
    // written beside and renamed in, as the folder source expects
    Path tmp = file.resolveSibling("." + file.getFileName());
    Files.writeString(tmp, sb);
    Files.move(tmp, file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark"})
  void aFailingFileGoesToTheDeadLettersAndALaterRunTakesThemAsItsInput(String engine)
      throws IOException {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".events";
    Path in = dir.resolve("in");
    writeEvents(in.resolve("a.json"), 0, 20);
    Files.writeString(
        in.resolve("b.json"), "{\"id\": 20, \"v\": 1.5, \"kind\": \"k0\"}\n{\"id\": 21, \"v\":\n");
    writeEvents(in.resolve("c.json"), 40, 20);
    Path dead = dir.resolve("dead");
    String spec =
        """
        name: folder
        engine: %s
        retry: {attempts: 2, backoff: 10ms, jitter: 0}
        deadLetters: "%s"
        sources:
          events:
            format: json
            path: "%s"
            stream: {poll: 50ms, idle: 300ms}
        steps:
          - withColumn: {name: w, expr: "v * 2"}
        sinks:
          - {table: %s}
        """
            .formatted(engine, dead, in, table);
    try (Frameshift fs = session(engine)) {
      RunReport report = Pipeline.parse(spec, "folder.yaml").run(fs);
      assertThat(report.ok()).isFalse();
      RunReport.InputReport input = report.inputs().get(0);
      assertThat(input.error()).contains("1 of 3 batches failed").contains(dead.toString());
      StreamReport s = input.stream();
      assertThat(s.batches())
          .extracting(BatchReport::id)
          .containsExactly("a.json", "b.json", "c.json");
      assertThat(s.batches())
          .extracting(BatchReport::outcome)
          .containsExactly(Outcome.COMMITTED, Outcome.DEAD_LETTER, Outcome.COMMITTED);
      assertThat(s.batches().get(1).attempts()).isEqualTo(2);
      assertThat(s.batches().get(1).error()).contains("b.json");
      assertThat(s.deadLetters()).hasSize(1);
      JsonNode record = DeadLetters.JSON.readTree(s.deadLetters().get(0).record().toFile());
      assertThat(record.get("batch").asText()).isEqualTo("b.json");
      assertThat(record.get("kind").asText()).isEqualTo("batch");
      assertThat(record.get("attempts").asInt()).isEqualTo(2);
      assertThat(record.get("error").asText()).contains("b.json");
      assertThat(record.get("rows").get("paths").get(0).asText())
          .isEqualTo(in.resolve("b.json").toString());
      assertThat(idCounts(fs, table).keySet()).isEqualTo(union(allIds(0, 20), allIds(40, 60)));
      // each try of a batch is a run: a and c committed, b failed both its tries
      assertThat(report.engineUse())
          .filteredOn(e -> e.engine().equals(engine))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.runs() - e.failures()).isEqualTo(2);
                assertThat(e.failures()).isBetween(0L, 2L);
                assertThat(e.nodes()).isGreaterThanOrEqualTo(e.runs());
              });
      assertThat(report.toHtml())
          .contains("dead_letter")
          .contains("b.json")
          .contains("<h2>Engines</h2>");

      // the file is mended; a run over the dead letters writes it
      writeEventsOver(in.resolve("b.json"), 20, 20);
      String again =
          """
          name: folder-again
          engine: %s
          sources:
            failed: {deadLetters: "%s"}
          steps:
            - withColumn: {name: w, expr: "v * 2"}
          sinks:
            - {table: %s}
          """
              .formatted(engine, dead, table);
      RunReport second = Pipeline.parse(again, "again.yaml").run(fs);
      assertThat(second.ok()).as("%s", second).isTrue();
      assertThat(second.inputs().get(0).stream().batches())
          .extracting(BatchReport::id)
          .containsExactly("b.json");
      Map<Long, Integer> ids = idCounts(fs, table);
      assertThat(ids.keySet()).isEqualTo(allIds(0, 60));
      assertThat(ids.values()).allMatch(c -> c == 1);
    }
  }

  private static void writeEventsOver(Path file, long from, int n) throws IOException {
    Files.delete(file);
    writeEvents(file, from, n);
  }

  private static Set<Long> allIds(long from, long to) {
    Set<Long> out = new TreeSet<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  private static Set<Long> union(Set<Long> a, Set<Long> b) {
    Set<Long> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void autoPlacesEachBatchByItsSizeAndReportsTheSwitches() throws IOException {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".events";
    Path in = dir.resolve("in");
    writeEvents(in.resolve("1-small.json"), 0, 30);
    // about 1.3 MB: from the 1 MB threshold on, Spark
    writeEvents(in.resolve("2-large.json"), 1000, 30_000);
    writeEvents(in.resolve("3-small.json"), 100, 30);
    String spec =
        """
        name: sizes
        sources:
          events: {format: json, path: "%s", stream: {poll: 50ms, idle: 300ms}}
        steps:
          - filter: "v >= 0"
        sinks:
          - {table: %s}
        """
            .formatted(in, table);
    try (Frameshift fs = session("auto")) {
      RunReport report = Pipeline.parse(spec, "sizes.yaml").run(fs);
      assertThat(report.ok()).as("%s", report).isTrue();
      List<BatchReport> b = report.inputs().get(0).stream().batches();
      assertThat(b.get(0).engines()).containsExactly("local");
      assertThat(b.get(1).engines()).contains("spark");
      assertThat(b.get(2).engines()).containsExactly("local");
      assertThat(b).extracting(BatchReport::switched).containsExactly(false, true, true);
      assertThat(report.engineUse()).extracting(EngineUse::engine).contains("local", "spark");
      assertThat(idCounts(fs, table).keySet())
          .isEqualTo(
              union(union(expectedIds(0, 30), expectedIds(1000, 31_000)), expectedIds(100, 130)));
    }
  }

  /** Fails its first {@code failures} fetches, then yields the frames. */
  private static final class Flaky implements BatchSource {
    private final BatchSource inner;
    private int failures;

    Flaky(BatchSource inner, int failures) {
      this.inner = inner;
      this.failures = failures;
    }

    @Override
    public String describe() {
      return "flaky " + inner.describe();
    }

    @Override
    public void resume(String position) {
      inner.resume(position);
    }

    @Override
    public Optional<Batch> next() {
      if (failures-- > 0) {
        throw new io.frameshift.error.InputException("the broker is away");
      }
      return inner.next();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void theSourceIsRetriedAndASourceThatFailsEveryTryIsADeadLetter() throws IOException {
    String table = "lake.s" + NAMESPACES.incrementAndGet() + ".events";
    Path files = dir.resolve("out");
    Path dead = dir.resolve("dead");
    try (Frameshift fs = session("local")) {
      Pipeline p = Pipeline.parse(spec("flaky", "local", table, files), "flaky.yaml");
      RetryPolicy three =
          new RetryPolicy(3, java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(20), 0.5);
      StreamReport ok =
          StreamRun.of(p)
              .withSourceRetry(three)
              .run(fs, new Flaky(BatchSources.frames(batches(fs, 2).iterator()), 2));
      assertThat(ok.ok()).as("%s", ok).isTrue();
      assertThat(ok.batches()).hasSize(2);

      StreamReport failed =
          StreamRun.of(p)
              .withSourceRetry(three)
              .withDeadLetters(dead)
              .run(fs, new Flaky(BatchSources.frames(batches(fs, 4).iterator()), 3));
      assertThat(failed.ok()).isFalse();
      assertThat(failed.sourceError()).contains("the broker is away");
      assertThat(failed.batches()).isEmpty();
      assertThat(failed.deadLetters()).hasSize(1);
      JsonNode record = DeadLetters.JSON.readTree(failed.deadLetters().get(0).record().toFile());
      assertThat(record.get("kind").asText()).isEqualTo("source");
      assertThat(record.get("attempts").asInt()).isEqualTo(3);
      assertThat(record.get("position").asText()).isEqualTo("1");
    }
  }

  @Test
  void retryWaitsGrowExponentiallyWithinTheJitter() {
    RetryPolicy p =
        new RetryPolicy(5, java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(350), 0.5);
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 50; i++) {
      assertThat(p.delay(1, random).toMillis()).isBetween(50L, 100L);
      assertThat(p.delay(2, random).toMillis()).isBetween(100L, 200L);
      assertThat(p.delay(4, random).toMillis()).isBetween(175L, 350L);
    }
    assertThat(RetryPolicy.duration("1500ms")).isEqualTo(java.time.Duration.ofMillis(1500));
    assertThat(RetryPolicy.duration("2m")).isEqualTo(java.time.Duration.ofMinutes(2));
  }

  static void deleteTree(Path p) throws IOException {
    try (var all = Files.walk(p)) {
      for (Path q : all.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(q);
      }
    }
  }
}
