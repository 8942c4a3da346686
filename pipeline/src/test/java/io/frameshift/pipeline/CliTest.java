package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line on real specs: the shipped example, an invalid one, a failing one. */
class CliTest {
  static final Path EXAMPLE = Path.of("../examples/pipelines/orders.yaml");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /**
   * {@code run} of {@code spec} on the local engine, into the warehouse {@code dir/wh}, writing the
   * report {@code dir/report.html}.
   */
  static String[] localRun(Path spec, Path dir) {
    return new String[] {
      "run",
      spec.toString(),
      "--engine",
      "local",
      "--conf",
      "frameshift.warehouse=" + dir.resolve("wh"),
      "--report",
      dir.resolve("report.html").toString()
    };
  }

  private int cli(String... args) {
    return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheCommands() {
    assertThat(cli("--help")).isZero();
    assertThat(out.toString())
        .contains("validate", "explain", "run", "calibrate")
        .contains("Exit codes:", "0   done", "1   the run failed", "2   the spec", "3   partly");
  }

  @Test
  void theExampleIsValid() {
    assertThat(cli("validate", EXAMPLE.toString())).as("%s", err).isEqualTo(Cli.OK);
    assertThat(out.toString()).contains("valid (2 sources, 8 steps, 2 sinks)");
    assertThat(cli("validate", "../examples/pipelines/orders-files.yaml"))
        .as("%s", err)
        .isEqualTo(Cli.OK);
  }

  @Test
  void theExampleRunsIntoFilesAndAnIcebergTableAndUpsertsOnTheSecondRun() {
    Path report = dir.resolve("report.html");
    String[] args = localRun(EXAMPLE, dir);
    assertThat(cli(args)).as("%s", err).isEqualTo(Cli.OK);
    assertThat(out.toString()).contains("orders: 61 rows in, 5 out, engines [local]");
    assertThat(report).content().contains("revenue-by-country").contains("data-engine=\"local\"");
    assertThat(cli(args)).as("%s", err).isEqualTo(Cli.OK);
    Path landing =
        EXAMPLE
            .toAbsolutePath()
            .getParent()
            .resolve("../../target/pipelines/revenue_by_country")
            .normalize();
    try (Frameshift fs =
        Frameshift.builder()
            .engine("local")
            .config("frameshift.warehouse", dir.resolve("wh").toString())
            .build()) {
      Map<String, Double> files = revenue(fs.read().parquet(landing.toString()).collect());
      Map<String, Double> table =
          revenue(fs.read().table("lake.shop.revenue_by_country").collect());
      assertThat(files).hasSize(5);
      // two runs upserted by country: the same five rows, not ten
      assertThat(table).isEqualTo(files);
    }
  }

  @Test
  void theHybridExampleFiltersOnSparkFinishesLocallyAndAgreesWithTheLocalRun() {
    Path examples = EXAMPLE.toAbsolutePath().getParent();
    Path target = examples.resolve("../../target/pipelines").normalize();
    assertThat(cli("run", examples.resolve("orders-files.yaml").toString(), "--engine", "local"))
        .as("%s", err)
        .isEqualTo(Cli.OK);
    Map<String, Double> local;
    try (Frameshift fs = Frameshift.builder().engine("local").build()) {
      local =
          revenue(
              fs.read().parquet(target.resolve("files/revenue_by_country").toString()).collect());
    }
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);

    Path report = dir.resolve("hybrid.html");
    assertThat(
            cli(
                "run",
                examples.resolve("hybrid.yaml").toString(),
                "--report",
                report.toString(),
                "--conf",
                "spark.master=local[2]",
                "--conf",
                "spark.ui.enabled=false"))
        .as("%s", err)
        .isEqualTo(Cli.OK);
    assertThat(out.toString())
        .contains("orders: 61 rows in, " + local.size() + " out, engines [local, spark]");
    assertThat(err.toString())
        .containsPattern("orders: moved [0-9]+ rows \\([0-9]+ bytes\\) spark -> local");
    assertThat(report).content().contains("Arrow transfer spark -&gt; local");
    try (Frameshift fs = Frameshift.builder().engine("local").build()) {
      assertThat(
              revenue(
                  fs.read()
                      .parquet(target.resolve("hybrid/revenue_by_country").toString())
                      .collect()))
          .isNotEmpty()
          .isEqualTo(local);
    }
  }

  private static Map<String, Double> revenue(List<Row> rows) {
    Map<String, Double> out = new TreeMap<>();
    rows.forEach(r -> out.put(r.getString("country"), r.getDouble("revenue")));
    return out;
  }

  @Test
  void explainPrintsThePlacedPlanWithoutWriting() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "id,v\n1,2\n3,4\n");
    Path spec = dir.resolve("explain.yaml");
    Files.writeString(
        spec,
        """
        sources:
          a: {format: csv, path: a.csv, options: {header: true}}
        steps:
          - filter: "v > 2"
        sinks:
          - {format: csv, path: out}
        """);
    assertThat(cli("explain", spec.toString(), "--engine", "local")).as("%s", err).isZero();
    assertThat(out.toString()).contains("== input a ==").contains("Filter").contains("local");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void anInvalidSpecExitsWithTwoNamingFileLineAndField() throws IOException {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(
        spec,
        """
        sources:
          a: {format: csv, path: a.csv}
        steps:
          - withColumn: {name: x, expr: "1 +"}
        sinks:
          - {format: csv, path: out}
        """);
    assertThat(cli("validate", spec.toString())).isEqualTo(Cli.INVALID);
    assertThat(err.toString()).contains(spec + ":4:").contains("steps[0] field 'withColumn.expr'");
    assertThat(cli("run", spec.toString())).isEqualTo(Cli.INVALID);
  }

  @Test
  void anUnknownColumnIsInvalidAndNothingRuns() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "id,v\n1,2\n");
    Path spec = dir.resolve("cols.yaml");
    Files.writeString(
        spec,
        """
        engine: local
        sources:
          a: {format: csv, path: a.csv, options: {header: true}}
        steps:
          - select: [id, w]
        sinks:
          - {format: csv, path: out}
        """);
    assertThat(cli("validate", spec.toString())).isEqualTo(Cli.INVALID);
    assertThat(err.toString()).contains(spec + ":5:").contains("'w'");
    assertThat(cli("validate", "--schema-only", spec.toString())).isEqualTo(Cli.OK);
    assertThat(cli("run", spec.toString())).isEqualTo(Cli.INVALID);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void aFailedRunExitsWithOne() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "id,v\n1,2\n");
    Files.createDirectories(dir.resolve("out"));
    Files.writeString(dir.resolve("out/part-0.csv"), "id\n1\n");
    Path spec = dir.resolve("exists.yaml");
    Files.writeString(
        spec,
        """
        sources:
          a: {format: csv, path: a.csv, options: {header: true}}
        sinks:
          - {format: csv, path: out, mode: error}
        """);
    assertThat(cli("run", spec.toString(), "--engine", "local")).isEqualTo(Cli.FAILED);
    assertThat(out.toString()).contains("a: FAILED");
    assertThat(err.toString()).contains("failed");
  }

  @Test
  void anUnknownEngineIsAUsageError() {
    assertThat(cli("run", EXAMPLE.toString(), "--engine", "duck")).isEqualTo(Cli.INVALID);
    assertThat(err.toString()).contains("duck").contains("auto, local or spark");
  }

  /** Two inputs, {@code a} into an output that exists already (mode error), {@code b} fine. */
  private Path halfFailing() throws IOException {
    Files.writeString(dir.resolve("a.csv"), "id,v\n1,2\n");
    Files.writeString(dir.resolve("b.csv"), "id,v\n3,4\n5,6\n");
    Files.createDirectories(dir.resolve("out/a"));
    Files.writeString(dir.resolve("out/a/part-0.csv"), "id\n1\n");
    Path spec = dir.resolve("half.yaml");
    Files.writeString(
        spec,
        """
        input: [a, b]
        sources:
          a: {format: csv, path: a.csv, options: {header: true}}
          b: {format: csv, path: b.csv, options: {header: true}}
        sinks:
          - {format: csv, path: "out/{source}", mode: error}
        """);
    return spec;
  }

  @Test
  void aRunWithSomeInputsWrittenAndOthersFailedExitsWithThree() throws IOException {
    assertThat(cli("run", halfFailing().toString(), "--engine", "local"))
        .as("%s", err)
        .isEqualTo(Cli.PARTIAL);
    assertThat(out.toString()).contains("a: FAILED").contains("b: 2 rows in, 2 out");
    assertThat(err.toString()).contains("partly failed: 1 of 2 inputs");
    assertThat(dir.resolve("out/b")).isDirectory();
  }

  @Test
  void aRunShowsProgressOnStderrUnlessQuiet() throws IOException {
    Path spec = halfFailing();
    cli("run", spec.toString(), "--engine", "local");
    assertThat(err.toString())
        .contains("[1/2] a: started")
        .contains("[1/2] a: FAILED")
        .contains("[2/2] b: started")
        .containsPattern("  b: Scan csv .*b\\.csv.* on local, [0-9.]+ ms, 2 rows")
        .contains("[2/2] b: done, 2 rows in, 2 out, engines [local]");
    // progress is stderr's: stdout holds the same results however verbose
    assertThat(out.toString()).doesNotContain("[1/2]");

    err.getBuffer().setLength(0);
    out.getBuffer().setLength(0);
    // b's output from the first run goes, so b is written again
    try (var written = Files.walk(dir.resolve("out/b"))) {
      for (Path p : written.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    cli("run", "-q", spec.toString(), "--engine", "local");
    assertThat(out.toString()).contains("b: 2 rows in, 2 out");
    assertThat(err.toString()).doesNotContain("[1/2]").doesNotContain("Scan csv");
  }

  @Test
  void calibrateMeasuresTheEnginesAndWritesAProfileSessionsLoad() {
    Path profile = dir.resolve("profile.json");
    int code =
        cli(
            "calibrate",
            "--out",
            profile.toString(),
            "--rows",
            "2000,8000",
            "--repeats",
            "1",
            "--conf",
            "spark.master=local[2]",
            "--conf",
            "spark.ui.enabled=false");
    assertThat(code).as("%s", err).isEqualTo(Cli.OK);
    assertThat(err.toString()).contains("calibrating engines [local, spark] at [2000, 8000] rows");
    assertThat(out.toString())
        .contains("profile written to " + profile)
        .contains("  local: start-up")
        .contains("  spark: start-up")
        .containsPattern("transfer [0-9.]+ ns/byte");
    try (Frameshift fs =
        Frameshift.builder().config("frameshift.selector.profile", profile.toString()).build()) {
      Schema one = Schema.builder().column("id", DataType.INT64).build();
      assertThat(fs.createDataFrame(one, new Object[] {1L}).explain()).contains("cost profile of");
    }
  }

  @Test
  void calibrateRefusesSizesItCannotMeasure() {
    assertThat(cli("calibrate", "--rows", "5", "--out", dir.resolve("p.json").toString()))
        .isEqualTo(Cli.INVALID);
    assertThat(err.toString()).contains("at least 10 rows");
    assertThat(dir.resolve("p.json")).doesNotExist();
  }
}
