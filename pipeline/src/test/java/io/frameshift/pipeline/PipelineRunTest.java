package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One pipeline over a real CSV file and a real Parquet dataset, run on the local engine, on Spark
 * and under AUTO: each writes the same rows, which match a computation in plain Java.
 */
class PipelineRunTest {
  private static final String[] COUNTRIES = {"de", "fr", "it", "es", "nl"};
  private static final int ORDERS = 400;

  @TempDir static Path dir;

  static Frameshift session(String engine) {
    return Frameshift.builder()
        .engine(engine)
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .build();
  }

  /** The run wrote every input, its first on {@code engine} alone unless AUTO placed it. */
  static void assertRanOn(RunReport report, String engine) {
    assertThat(report.ok()).as("%s", report).isTrue();
    if (!engine.equals("auto")) {
      assertThat(report.inputs().get(0).engines()).containsExactly(engine);
    }
  }

  /** orders.csv (with each 10th order twice) and a customers Parquet dataset. */
  @BeforeAll
  static void data() throws IOException {
    StringBuilder csv = new StringBuilder("id,cust,amount,qty,status\n");
    for (int i = 0; i < ORDERS; i++) {
      String line = order(i);
      csv.append(line).append('\n');
      if (i % 10 == 0) {
        csv.append(line).append('\n');
      }
    }
    Files.writeString(dir.resolve("orders.csv"), csv);
    Schema customers =
        Schema.builder()
            .column("customer_id", DataType.INT64)
            .column("country", DataType.STRING)
            .build();
    List<Object[]> rows = new ArrayList<>();
    for (long c = 0; c < 40; c++) {
      rows.add(new Object[] {c, COUNTRIES[(int) (c * 7 % COUNTRIES.length)]});
    }
    try (Frameshift fs = session("local")) {
      fs.createDataFrame(customers, rows.toArray(Object[][]::new))
          .write()
          .parquet(dir.resolve("customers").toString());
    }
  }

  private static String order(int i) {
    // amounts end in .5 and quantities are small, so every sum is exact on both engines
    double amount = (i % 17) - 2 + 0.5;
    return i
        + ","
        + (i * 13 % 41)
        + ","
        + amount
        + ","
        + (i % 4 + 1)
        + ","
        + (i % 5 == 0 ? "closed" : "active");
  }

  /** country -> {n, revenue} computed from the same rows in Java, top 3 by revenue. */
  private static List<List<Object>> expected() {
    Map<Long, String> country = new HashMap<>();
    for (long c = 0; c < 40; c++) {
      country.put(c, COUNTRIES[(int) (c * 7 % COUNTRIES.length)]);
    }
    Map<String, long[]> n = new HashMap<>();
    Map<String, Double> revenue = new HashMap<>();
    for (int i = 0; i < ORDERS; i++) {
      String[] f = order(i).split(",");
      double amount = Double.parseDouble(f[2]);
      String c = country.get(Long.parseLong(f[1]));
      if (!f[4].equals("active") || amount <= 0 || c == null) {
        continue;
      }
      n.computeIfAbsent(c, k -> new long[1])[0]++;
      revenue.merge(c, amount * Integer.parseInt(f[3]), Double::sum);
    }
    List<List<Object>> out = new ArrayList<>();
    revenue.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(3)
        .forEach(e -> out.add(List.of(e.getKey(), n.get(e.getKey())[0], e.getValue())));
    return out;
  }

  static String spec(String out, String engine) {
    return """
        name: "orders <by> country & more"
        engine: %s
        input: orders
        sources:
          orders: {format: csv, path: "%s", options: {header: true}}
          customers: {format: parquet, path: "%s"}
        steps:
          - dropDuplicates: [id]
          - name: active
            filter: "status = 'active' AND amount > 0"
          - withColumn: {name: total, expr: "amount * qty"}
          - rename: {cust: customer_id}
          - join: {with: customers, on: [customer_id]}
          - groupBy:
              keys: [country]
              agg: {n: "count(*)", revenue: "sum(total)"}
          - sort: [{column: revenue, order: desc}]
          - limit: 3
          - select: [country, n, revenue]
        sinks:
          - {name: landing, format: parquet, path: "%s/top.parquet", mode: overwrite}
          - {format: csv, path: "%s/top.csv", mode: overwrite, options: {header: true}}
        """
        .formatted(engine, dir.resolve("orders.csv"), dir.resolve("customers"), out, out);
  }

  private static List<List<Object>> sinkRows(Frameshift fs, String path) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : fs.read().parquet(path).collect()) {
      out.add(List.of(r.getString("country"), r.getLong("n"), r.getDouble("revenue")));
    }
    out.sort(Comparator.comparing((List<Object> r) -> (Double) r.get(2)).reversed());
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark", "auto"})
  void thePipelineWritesTheSameRowsOnEveryEngine(String engine) {
    Path out = dir.resolve("out-" + engine);
    try (Frameshift fs = session(engine)) {
      RunReport report = Pipeline.parse(spec(out.toString(), engine), "orders.yaml").run(fs);
      assertRanOn(report, engine);
      RunReport.InputReport in = report.inputs().get(0);
      assertThat(in.rowsIn()).isEqualTo(ORDERS + ORDERS / 10);
      assertThat(in.rowsOut()).isEqualTo(3);
      assertThat(in.sinks())
          .extracting(RunReport.SinkReport::target)
          .containsExactly(out + "/top.parquet", out + "/top.csv");
      assertThat(in.nodes()).isNotEmpty();
      assertThat(sinkRows(fs, out + "/top.parquet")).isEqualTo(expected());
      assertThat(fs.read().option("header", "true").csv(out + "/top.csv").count()).isEqualTo(3);
    }
  }

  @Test
  void aStepPinnedToSparkHandsItsResultToTheLocalEngine() {
    Path out = dir.resolve("out-hybrid");
    String spec =
        spec(out.toString(), "auto")
            .replace(
                "    filter: \"status = 'active' AND amount > 0\"",
                "    filter: \"status = 'active' AND amount > 0\"\n    engine: spark")
            .replace("  - limit: 3", "  - limit: 3\n    engine: local");
    try (Frameshift fs = session("auto")) {
      RunReport report = Pipeline.parse(spec, "hybrid.yaml").run(fs);
      assertThat(report.ok()).as("%s", report).isTrue();
      RunReport.InputReport in = report.inputs().get(0);
      assertThat(in.engines()).contains("spark", "local");
      assertThat(in.transfers()).isNotEmpty();
      assertThat(sinkRows(fs, out + "/top.parquet")).isEqualTo(expected());
    }
  }

  @Test
  void manySourcesRunInTurnWithAReportEach() throws IOException {
    Path in = dir.resolve("monthly");
    Files.createDirectories(in);
    Files.writeString(in.resolve("jan.csv"), "id,v\n1,10\n2,20\n3,30\n");
    Files.writeString(in.resolve("feb.csv"), "id,v\n4,40\n5,50\n");
    Path out = dir.resolve("out-monthly");
    String spec =
        """
        input: [jan, feb]
        sources:
          jan: {format: csv, path: "%s/jan.csv", options: {header: true}}
          feb: {format: csv, path: "%s/feb.csv", options: {header: true}}
        steps:
          - filter: "v > 10"
        sinks:
          - {format: json, path: "%s/{source}", mode: overwrite}
        """
            .formatted(in, in, out);
    try (Frameshift fs = session("local")) {
      RunReport report = Pipeline.parse(spec, "monthly.yaml").run(fs);
      assertThat(report.ok()).isTrue();
      assertThat(report.inputs())
          .extracting(RunReport.InputReport::input)
          .containsExactly("jan", "feb");
      assertThat(report.inputs()).extracting(RunReport.InputReport::rowsIn).containsExactly(3L, 2L);
      assertThat(report.inputs())
          .extracting(RunReport.InputReport::rowsOut)
          .containsExactly(2L, 2L);
      // each input's report holds its own nodes only: the recorder is removed after each input
      assertThat(report.inputs().get(0).nodes()).anyMatch(n -> n.node().contains("jan.csv"));
      assertThat(report.inputs().get(1).nodes()).noneMatch(n -> n.node().contains("jan.csv"));
      assertThat(report.inputs().get(1).nodes()).anyMatch(n -> n.node().contains("feb.csv"));
      Set<Long> feb = new HashSet<>();
      fs.read()
          .json(out + "/feb")
          .collect()
          .forEach(r -> feb.add(((Number) r.get("id")).longValue()));
      assertThat(feb).containsExactlyInAnyOrder(4L, 5L);
    }
  }

  @Test
  void aFailedInputIsReportedAndTheOthersStillRun() throws IOException {
    Path in = dir.resolve("failing");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.csv"), "id,v\n1,10\n");
    Files.writeString(in.resolve("b.csv"), "id,v\n2,20\n");
    Path out = dir.resolve("out-failing");
    try (Frameshift fs = session("local")) {
      // a's output exists already and the sink's mode is error
      fs.createDataFrame(Schema.builder().column("id", DataType.INT64).build(), new Object[] {1L})
          .write()
          .mode(WriteMode.OVERWRITE)
          .csv(out + "/a");
      String spec =
          """
          input: [a, b]
          sources:
            a: {format: csv, path: "%s/a.csv", options: {header: true}}
            b: {format: csv, path: "%s/b.csv", options: {header: true}}
          sinks:
            - {format: csv, path: "%s/{source}"}
          """
              .formatted(in, in, out);
      RunReport report = Pipeline.parse(spec, "failing.yaml").run(fs);
      assertThat(report.ok()).isFalse();
      assertThat(report.inputs().get(0).error()).contains("a");
      assertThat(report.inputs().get(1).ok()).isTrue();
      assertThat(Files.exists(out.resolve("b"))).isTrue();
      // both inputs ran nodes on the local engine before a's write failed: two runs, one failed
      assertThat(report.engineUse())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.engine()).isEqualTo("local");
                assertThat(e.runs()).isEqualTo(2);
                assertThat(e.failures()).isEqualTo(1);
                assertThat(e.nodes()).isGreaterThanOrEqualTo(2);
              });
      String html = report.toHtml();
      assertThat(html).contains("class=\"fail\"");
      String engines = html.substring(html.indexOf("<table id=\"engines\">"));
      engines = engines.substring(0, engines.indexOf("</table>"));
      assertThat(engines.split("<tr>", -1)).hasSize(3);
      assertThat(engines)
          .contains(">local</span></td><td class=\"n\">2</td><td class=\"n\">1</td>");
    }
  }

  @Test
  void theHtmlReportEscapesEveryValue() {
    Path out = dir.resolve("out-html");
    try (Frameshift fs = session("local")) {
      RunReport report = Pipeline.parse(spec(out.toString(), "local"), "orders.yaml").run(fs);
      Path file = dir.resolve("report.html");
      report.writeHtml(file);
      String html = report.toHtml();
      assertThat(html).contains("orders &lt;by&gt; country &amp; more").doesNotContain("<by>");
      assertThat(html).contains("&#39;active&#39;").doesNotContain("'active'");
      // self-contained: nothing loaded from elsewhere, the only scripts inline
      assertThat(html)
          .doesNotContain("src=")
          .doesNotContain("href=")
          .doesNotContain("<link")
          .doesNotContain("@import")
          .doesNotContain("url(");
      assertThat(html.split("<script", -1)).hasSize(3);
      assertThat(html).contains("data-engine=\"local\"");
      assertThat(file).hasContent(html);
    }
  }
}
