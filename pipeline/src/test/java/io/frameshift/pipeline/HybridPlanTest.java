package io.frameshift.pipeline;

import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.TransferEvent;
import io.frameshift.pipeline.Trace.PlanNode;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hybrid plans on real Spark and the local engine, in both directions: a scan and filter pinned to
 * one engine, the aggregation finished on the other, through a spec and through the DataFrame API.
 * The transfer between them (direction, rows, bytes, time) shows in the listener events, in {@code
 * explain()} once the plan ran, and in the run report; the answer matches plain Java.
 */
class HybridPlanTest {
  private static final int ROWS = 3000;
  private static final String[] GROUPS = {"a", "b", "c", "d", "e"};

  @TempDir static Path dir;
  private static Frameshift fs;
  private static final List<TransferEvent> TRANSFERS = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void data() {
    fs = PipelineRunTest.session("auto");
    fs.addListener(
        new ExecutionListener() {
          @Override
          public void onTransfer(TransferEvent e) {
            TRANSFERS.add(e);
          }
        });
    Schema schema =
        Schema.builder()
            .column("id", DataType.INT64)
            .column("g", DataType.STRING)
            .column("v", DataType.INT64)
            .build();
    List<Object[]> rows = new ArrayList<>();
    for (long i = 0; i < ROWS; i++) {
      rows.add(new Object[] {i, GROUPS[(int) (i * 7 % GROUPS.length)], i * 31 % 200});
    }
    fs.createDataFrame(schema, rows.toArray(Object[][]::new))
        .on("local")
        .write()
        .parquet(dir.resolve("events").toString());
  }

  @AfterAll
  static void close() {
    fs.close();
  }

  /** Rows with v >= 100, and per group their count and sum of v, computed in Java. */
  private static long kept() {
    long n = 0;
    for (long i = 0; i < ROWS; i++) {
      n += i * 31 % 200 >= 100 ? 1 : 0;
    }
    return n;
  }

  private static Map<String, List<Long>> expected() {
    Map<String, List<Long>> out = new TreeMap<>();
    for (long i = 0; i < ROWS; i++) {
      long v = i * 31 % 200;
      if (v >= 100) {
        String g = GROUPS[(int) (i * 7 % GROUPS.length)];
        List<Long> t = out.computeIfAbsent(g, k -> new ArrayList<>(List.of(0L, 0L)));
        t.set(0, t.get(0) + 1);
        t.set(1, t.get(1) + v);
      }
    }
    return out;
  }

  private static Map<String, List<Long>> byGroup(List<Row> rows) {
    Map<String, List<Long>> out = new TreeMap<>();
    for (Row r : rows) {
      out.put(
          r.getString("g"),
          List.of(((Number) r.get("n")).longValue(), ((Number) r.get("total")).longValue()));
    }
    return out;
  }

  private static Stream<PlanNode> flatten(PlanNode n) {
    return Stream.concat(Stream.of(n), n.children().stream().flatMap(HybridPlanTest::flatten));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"spark, local", "local, spark"})
  void aSpecPinsTheScanToOneEngineAndFinishesOnTheOther(String first, String second) {
    Path out = dir.resolve("out-" + first + "-" + second);
    String spec =
        """
        name: hybrid
        sources:
          events: {format: parquet, path: "%s"}
        steps:
          - name: large scan and filter
            filter: "v >= 100"
            engine: %s
          - groupBy: {keys: [g], agg: {n: "count(*)", total: "sum(v)"}}
            engine: %s
        sinks:
          - {format: parquet, path: "%s", mode: overwrite}
        """
            .formatted(dir.resolve("events"), first, second, out);
    RunReport report = Pipeline.parse(spec, "hybrid.yaml").run(fs);
    assertThat(report.ok()).as("%s", report).isTrue();
    RunReport.InputReport in = report.inputs().get(0);
    assertThat(in.engines()).containsExactlyInAnyOrder(first, second);

    // the filtered rows, and only they, moved once from the first engine to the second
    assertThat(in.transfers())
        .filteredOn(t -> t.from().equals(first) && t.to().equals(second))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.rows()).isEqualTo(kept());
              // three 8-byte or string columns of 1500 rows: at least the two longs' 24 KB
              assertThat(t.bytes()).isGreaterThan(kept() * 16);
              assertThat(t.nanos()).isPositive();
              // the output of the step pinned to the first engine: its pin
              assertThat(t.node()).isEqualTo("Pin " + first);
            });

    // the report's plan: the aggregate on the second engine with the transfer into it, the
    // filtered scan on the first with the moved rows as its actual rows
    PlanNode plan = in.trace().plan();
    assertThat(flatten(plan))
        .anySatisfy(
            n -> {
              assertThat(n.kind()).isEqualTo("group");
              assertThat(n.engine()).isEqualTo(second);
              assertThat(n.transfersIn()).containsExactly(first + " -> " + second);
              // Spark adds the node to its lazy plan without counting its rows
              assertThat(n.actualRows()).isEqualTo(second.equals("local") ? GROUPS.length : -1);
            });
    // the result's rows, counted by the run, whichever engine computed it
    assertThat(plan.actualRows()).isEqualTo(GROUPS.length);
    assertThat(flatten(plan))
        .anySatisfy(
            n -> {
              assertThat(n.engine()).isEqualTo(first);
              assertThat(n.node()).isEqualTo("Pin " + first);
              assertThat(n.actualRows()).isEqualTo(kept());
            });
    assertThat(in.trace().spans())
        .anySatisfy(
            s -> {
              assertThat(s.kind()).isEqualTo(Trace.Kind.TRANSFER);
              assertThat(s.label()).isEqualTo(first + " -> " + second);
              assertThat(s.rows()).isEqualTo(kept());
            });
    assertThat(report.engineUse())
        .filteredOn(e -> e.engine().equals(second))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.runs()).isEqualTo(1);
              assertThat(e.failures()).isZero();
              assertThat(e.nodes()).isPositive();
              assertThat(e.transfersIn()).isEqualTo(1);
              assertThat(e.rowsIn()).isEqualTo(kept());
            });
    assertThat(report.engineUse())
        .filteredOn(e -> e.engine().equals(first))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.runs()).isEqualTo(1);
              assertThat(e.transfersOut()).isEqualTo(1);
            });
    String html = report.toHtml();
    assertThat(html).contains("<table class=\"transfers\">").contains("&#8592; Arrow transfer");

    assertThat(byGroup(fs.read().parquet(out.toString()).collect())).isEqualTo(expected());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"spark, local", "local, spark"})
  void theDataFrameApiShowsTheTransferInExplainBeforeAndAfterTheRun(String first, String second) {
    DataFrame df =
        fs.read()
            .parquet(dir.resolve("events").toString())
            .filter("v >= 100")
            .on(first)
            .groupBy("g")
            .agg(count().as("n"), sum("v").as("total"))
            .on(second);
    String before = df.explain();
    assertThat(before)
        .contains("Arrow transfer " + first + " -> " + second + " (est ")
        .doesNotContain("last run moved");
    TRANSFERS.clear();
    assertThat(byGroup(df.collect())).isEqualTo(expected());
    assertThat(TRANSFERS)
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.from()).isEqualTo(first);
              assertThat(t.to()).isEqualTo(second);
              assertThat(t.rows()).isEqualTo(kept());
              assertThat(t.bytes()).isPositive();
            });
    String after = df.explain();
    assertThat(after)
        .containsPattern(
            "Arrow transfer "
                + first
                + " -> "
                + second
                + " \\(est [^)]*\\), last run moved "
                + kept()
                + " rows, [0-9.]+ [KM]?B in [0-9]+ ms");
    assertThat(df.explainJson())
        .contains("\"lastRunTransfersIn\" : [ {")
        .contains("\"rows\" : " + kept());
  }
}
