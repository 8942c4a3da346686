package io.frameshift.pipeline;

import static io.frameshift.pipeline.SpecValidationTest.checkProblem;
import static io.frameshift.pipeline.SpecValidationTest.problems;
import static io.frameshift.pipeline.StepData.COUNTRIES;
import static io.frameshift.pipeline.StepData.country;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.pipeline.InvalidPipelineException.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code window} step over a real CSV file on the local engine, on Spark and under AUTO: ranks,
 * offsets and running sums per partition, checked against the same computation in plain Java.
 */
class WindowStepTest {
  private static final int SALES = 60;

  @TempDir static Path dir;

  @BeforeAll
  static void data() throws IOException {
    StepData.writeCsv(dir.resolve("sales.csv"), SALES, "amount", WindowStepTest::amount);
  }

  /** Ends in .5 so sums are exact; repeats, so ranks see ties. */
  private static double amount(int i) {
    return (i * 7 % 11) + 0.5;
  }

  static String spec(String out, String engine) {
    return """
        engine: %s
        sources:
          sales: {format: csv, path: "%s", options: {header: true, inferSchema: true}}
        steps:
          - name: per country
            window:
              partitionBy: [country]
              orderBy: [{column: amount, order: desc}, id]
              columns:
                pos: "row_number()"
                prev: "lag(amount, 1)"
                after: "lead(amount, 1, 0.0)"
          - name: ties
            window:
              partitionBy: [country]
              orderBy: [{column: amount, order: desc}]
              columns:
                rnk: "rank()"
                dense: "dense_rank()"
                running: "sum(amount)"
          - window:
              columns: {total: "sum(amount)"}
        sinks:
          - {format: parquet, path: "%s", mode: overwrite}
        """
        .formatted(engine, dir.resolve("sales.csv"), out);
  }

  /**
   * id -> [pos, rnk, dense, prev, after, running, total] computed in Java; rank, dense rank and the
   * running sum are over the amount alone, so ties share them.
   */
  private static Map<Long, List<Object>> expected() {
    double total = 0;
    for (int i = 0; i < SALES; i++) {
      total += amount(i);
    }
    Map<Long, List<Object>> out = new HashMap<>();
    for (String c : COUNTRIES) {
      List<Integer> ids = new ArrayList<>();
      for (int i = 0; i < SALES; i++) {
        if (country(i).equals(c)) {
          ids.add(i);
        }
      }
      ids.sort(
          Comparator.comparingDouble((Integer i) -> -amount(i)).thenComparing(Integer::intValue));
      int rank = 0;
      int dense = 0;
      for (int p = 0; p < ids.size(); p++) {
        int i = ids.get(p);
        if (p == 0 || amount(ids.get(p - 1)) != amount(i)) {
          rank = p + 1;
          dense++;
        }
        double running = 0;
        for (int j : ids) {
          running += amount(j) >= amount(i) ? amount(j) : 0;
        }
        List<Object> row = new ArrayList<>();
        row.add((long) p + 1);
        row.add((long) rank);
        row.add((long) dense);
        row.add(p == 0 ? null : amount(ids.get(p - 1)));
        row.add(p == ids.size() - 1 ? 0.0 : amount(ids.get(p + 1)));
        row.add(running);
        row.add(total);
        out.put((long) i, row);
      }
    }
    return out;
  }

  private static Map<Long, List<Object>> written(Frameshift fs, String path) {
    return StepData.byId(
        fs,
        path,
        r -> {
          // prev is null on each partition's first row, which List.of refuses
          List<Object> row = new ArrayList<>();
          row.add(((Number) r.get("pos")).longValue());
          row.add(((Number) r.get("rnk")).longValue());
          row.add(((Number) r.get("dense")).longValue());
          row.add(r.get("prev"));
          row.add(r.get("after"));
          row.add(r.get("running"));
          row.add(r.get("total"));
          return row;
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark", "auto"})
  void windowColumnsMatchPlainJavaOnEveryEngine(String engine) {
    Path out = dir.resolve("out-" + engine);
    try (Frameshift fs = PipelineRunTest.session(engine)) {
      RunReport report = Pipeline.parse(spec(out.toString(), engine), "window.yaml").run(fs);
      PipelineRunTest.assertRanOn(report, engine);
      assertThat(written(fs, out.toString())).isEqualTo(expected());
    }
  }

  /**
   * The one problem found in a spec whose only step is a {@code window:} with these lines under it,
   * written unindented; the first of them is line 5 of the spec, which the tests' lines count on.
   */
  private static Problem refused(String window) {
    List<Problem> p =
        problems(
            """
            sources:
              sales: {format: csv, path: sales.csv}
            steps:
              - window:
            """
                + window.indent(6)
                + """
                sinks:
                  - {format: parquet, path: out}
                """);
    assertThat(p).hasSize(1);
    return p.get(0);
  }

  @Test
  void aFunctionThatIsNoWindowFunctionIsRefusedAtItsLine() {
    Problem p =
        refused(
            """
            orderBy: [id]
            columns:
              ok: "rank()"
              bad: "upper(country)"
            """);
    assertThat(p.line()).isEqualTo(8);
    assertThat(p.where()).isEqualTo("steps[0]");
    assertThat(p.field()).isEqualTo("window.columns.bad");
    assertThat(p.message())
        .contains("upper(country)")
        .contains("row_number, rank, dense_rank, lag, lead")
        .contains("sum");
  }

  @Test
  void aRankingFunctionWithoutAnOrderIsRefused() {
    Problem p =
        refused(
            """
            partitionBy: [country]
            columns: {prev: "lag(amount, 2)"}
            """);
    assertThat(p.line()).isEqualTo(6);
    assertThat(p.message()).contains("lag(amount, 2)").contains("orderBy");
  }

  @Test
  void anUnknownWindowKeyListsTheKeys() {
    Problem p =
        refused(
            """
            partition: [country]
            columns: {n: "count(*)"}
            """);
    assertThat(p.line()).isEqualTo(5);
    assertThat(p.message()).contains("partitionBy").contains("orderBy");
  }

  @Test
  void anUnknownColumnFailsTheCheckAtTheStepsLine() {
    String yaml =
        spec(dir.resolve("out-unknown").toString(), "local")
            .replace("partitionBy: [country]", "partitionBy: [contry]");
    try (Frameshift fs = PipelineRunTest.session("local")) {
      Problem p = checkProblem(fs, yaml);
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.where()).isEqualTo("steps[0] (per country)");
      assertThat(p.message()).contains("contry").contains("country");
    }
  }

  @Test
  void theExampleRanksEachCustomersOrdersFromTheCommandLine() throws IOException {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        Cli.execute(
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true),
            "run",
            "../examples/pipelines/customer-ranking.yaml",
            "--engine",
            "local",
            "-q");
    assertThat(code).as("%s", err).isEqualTo(Cli.OK);
    // per customer: the largest revenue and the sum, from the example's CSV in plain Java
    Map<Long, Double> top = new HashMap<>();
    Map<Long, Double> spend = new HashMap<>();
    List<String> lines = Files.readAllLines(Path.of("../examples/pipelines/data/orders.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[4].equals("active")) {
        double revenue = Double.parseDouble(f[2]) * Integer.parseInt(f[3]);
        top.merge(Long.parseLong(f[1]), revenue, Math::max);
        spend.merge(Long.parseLong(f[1]), revenue, Double::sum);
      }
    }
    try (Frameshift fs = PipelineRunTest.session("local")) {
      List<Row> rows =
          fs.read()
              .option("header", "true")
              .option("inferSchema", "true")
              .csv("../target/pipelines/customer_ranking")
              .collect();
      Map<Long, Double> firsts = new HashMap<>();
      for (Row r : rows) {
        long customer = ((Number) r.get("customer")).longValue();
        assertThat(((Number) r.get("total_spend")).doubleValue())
            .isCloseTo(spend.get(customer), org.assertj.core.data.Offset.offset(1e-6));
        if (((Number) r.get("rank_in_customer")).longValue() == 1) {
          firsts.put(customer, ((Number) r.get("revenue")).doubleValue());
        }
      }
      assertThat(firsts).isEqualTo(top);
    }
  }
}
