package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.pipeline.StreamReport.BatchReport;
import io.frameshift.pipeline.StreamReport.Outcome;
import io.frameshift.testkit.ChildJvm;
import io.frameshift.testkit.LakeSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crash and resume: a child JVM streams a folder of files into an Iceberg table of the embedded
 * catalog and a Parquet file sink, on the local engine or on Spark, and is killed while it works on
 * the fifth file; a second run (local) resumes after the last batch the child committed. The table
 * and the files then hold every input row exactly once.
 */
class StreamCrashTest {
  private static final int FILES = 12;
  private static final int ROWS = 40;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark"})
  void aRunKilledMidStreamResumesWithoutDuplicatesOrGaps(String engine) throws Exception {
    Path in = dir.resolve("in");
    for (int f = 1; f <= FILES; f++) {
      StreamRunTest.writeEvents(in.resolve(String.format("%02d.json", f)), f * 1000L, ROWS);
    }
    Path warehouse = dir.resolve("wh");
    Path out = dir.resolve("out");
    Path spec = dir.resolve("crash.yaml");
    Files.writeString(
        spec,
        """
        name: crash
        engine: %s
        sources:
          events: {format: json, path: in, stream: {poll: 50ms, idle: 1s}}
        steps:
          - filter: "v >= 0"
          - withColumn: {name: w, expr: "v * 2"}
        sinks:
          - {name: lake, table: lake.crash.events}
          - {name: files, format: parquet, path: out}
        """
            .formatted(engine));
    Process child =
        engine.equals("local")
            ? ChildJvm.start(
                StreamCrashMain.class, true, List.of(warehouse.toString(), spec.toString(), engine))
            : ChildJvm.start(
                StreamCrashMain.class,
                false,
                "1g",
                List.of(warehouse.toString(), spec.toString(), engine));
    ChildJvm.killAt(child, "TAKEN 05.json");

    Set<Long> expected = new TreeSet<>();
    for (int f = 1; f <= FILES; f++) {
      expected.addAll(StreamRunTest.expectedIds(f * 1000L, f * 1000L + ROWS));
    }
    try (Frameshift fs = LakeSessions.builder("local", warehouse).build()) {
      // the child committed the first four files at least, and not all twelve
      Map<Long, Integer> before = StreamRunTest.idCounts(fs, "lake.crash.events");
      assertThat(before.size()).isBetween(4 * 26, 5 * 27);
      assertThat(before.values()).allMatch(c -> c == 1);

      // the second run on the local engine, whichever engine the first ran on
      RunReport report = Pipeline.load(spec).withEngine("local").run(fs);
      assertThat(report.ok()).as("%s", report).isTrue();
      StreamReport s = report.inputs().get(0).stream();
      assertThat(s.resumedAfter()).isIn("04.json", "05.json");
      assertThat(s.batches())
          .extracting(BatchReport::outcome)
          .allMatch(o -> o != Outcome.DEAD_LETTER);
      assertThat(s.count(Outcome.COMMITTED)).isBetween(7L, 8L + 1);

      Map<Long, Integer> after = StreamRunTest.idCounts(fs, "lake.crash.events");
      assertThat(after.keySet()).isEqualTo(expected);
      assertThat(after.values()).allMatch(c -> c == 1);
      Map<Long, Integer> files = new java.util.TreeMap<>();
      fs.read()
          .parquet(out.toString())
          .select("id")
          .collect()
          .forEach(row -> files.merge(row.getLong("id"), 1, Integer::sum));
      assertThat(files.keySet()).isEqualTo(expected);
      assertThat(files.values()).allMatch(c -> c == 1);
    }
  }
}
