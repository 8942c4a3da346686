package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private int cli(String... args) {
    return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void helpListsTheCommands() {
    assertThat(cli("--help")).isZero();
    assertThat(out.toString()).contains("validate").contains("explain").contains("run");
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
    String[] args = {
      "run",
      EXAMPLE.toString(),
      "--engine",
      "local",
      "--conf",
      "frameshift.warehouse=" + dir.resolve("wh"),
      "--report",
      report.toString()
    };
    assertThat(cli(args)).as("%s", err).isEqualTo(Cli.OK);
    assertThat(out.toString()).contains("orders: 61 rows in, 5 out, engines [local]");
    assertThat(report).content().contains("revenue-by-country").contains("<td>local</td>");
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
}
