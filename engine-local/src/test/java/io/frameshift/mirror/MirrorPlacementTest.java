package io.frameshift.mirror;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third engine found by {@code ServiceLoader} takes part in everything the session decides, by
 * its traits: the rule and a cost profile place nodes on it, {@code explain()} shows it, a failure
 * of it falls back to the in-process engine, schema inference leaves it alone, and calibration
 * measures it through the SPI.
 */
class MirrorPlacementTest {
  private static final Schema KV =
      Schema.builder().column("k", DataType.INT64).column("v", DataType.INT64).build();

  private static Frameshift.Builder session() {
    return Frameshift.builder()
        .config("frameshift.selector.profile", "none")
        .config("frameshift.selector.learn", "false");
  }

  private static Object[][] rows(int n) {
    Object[][] out = new Object[n][];
    for (int i = 0; i < n; i++) {
      out[i] = new Object[] {(long) i % 10, (long) i};
    }
    return out;
  }

  private static DataFrame totals(Frameshift fs, int n) {
    return fs.createDataFrame(KV, rows(n)).groupBy("k").agg(sum("v").as("total")).sort("k");
  }

  @Test
  void smallDataStaysInProcessAndBigDataGoesToTheDistributedEngine() {
    try (Frameshift fs = session().build()) {
      assertThat(fs.availableEngines()).containsExactly("local", "mirror");
      String small = totals(fs, 100).explain();
      assertThat(small).contains("[local]").doesNotContain("[mirror]");
      assertThat(totals(fs, 100).count()).isEqualTo(10);
      assertThat(fs.isStarted("mirror")).isFalse();
    }
    try (Frameshift fs =
        session()
            .config("frameshift.selector.localMaxMb", "0")
            .config("frameshift.selector.sparkMinMb", "0")
            .build()) {
      DataFrame df = totals(fs, 100);
      assertThat(df.explain()).contains("[mirror]").doesNotContain("[local]");
      assertThat(df.collect()).extracting(r -> r.getLong("total")).startsWith(4950L - 4500L);
      assertThat(fs.metrics().toString()).contains("mirror");
    }
  }

  private static CostProfile.EngineCosts costs(double overhead, double nanos, OperationKind slow) {
    Map<OperationKind, Double> m = new EnumMap<>(OperationKind.class);
    for (OperationKind k : OperationKind.values()) {
      m.put(k, k == slow ? 1e6 : nanos);
    }
    return new CostProfile.EngineCosts(overhead, m, 0);
  }

  @Test
  void aCostProfilePlacesTheGroupingOnTheMirrorAndExplainSaysWhy() {
    List<NodeEvent> nodes = new ArrayList<>();
    try (Frameshift fs =
        session()
            .listener(
                new ExecutionListener() {
                  @Override
                  public void onNode(NodeEvent e) {
                    nodes.add(e);
                  }
                })
            .build()) {
      // grouping is very slow in-process by this profile; everything else costs the same
      fs.useProfile(
          new CostProfile(
              Map.of(
                  "local", costs(0.1, 10, OperationKind.GROUP),
                  "mirror", costs(0.1, 10, null)),
              0.01,
              "hand-built",
              "2026-01-01T00:00:00Z"));
      DataFrame df = totals(fs, 20_000);
      String plan = df.explain();
      assertThat(plan)
          .containsPattern("GroupBy .*\\[mirror\\].*\\| cost mirror [0-9.]+ ms <= local");
      // data handed in lands in-process: the move to the mirror shows the cost the profile charged
      DataFrame handedIn =
          fs.fromArrow(Calibration.syntheticData(20_000, 1)).groupBy("k").agg(sum("v").as("t"));
      assertThat(handedIn.explain())
          .containsPattern(
              "GroupBy .*\\[mirror\\].*\\| Arrow transfer local -> mirror ~[0-9.]+ ms"
                  + " \\([0-9.]+ [KMG]?B at 0\\.01 ns/byte\\)");
      assertThat(handedIn.explainJson()).containsPattern("\"transferMillis\" ?: ?[0-9]");
      List<Row> out = df.collect();
      assertThat(out).hasSize(10);
      assertThat(nodes)
          .anySatisfy(e -> assertThat(e.kind() + "@" + e.engine()).isEqualTo("group@mirror"));
    }
  }

  @Test
  void anUnreachableMirrorFallsBackToTheInProcessEngine() {
    List<FallbackEvent> fallbacks = new ArrayList<>();
    try (Frameshift fs =
        session()
            .config("frameshift.selector.localMaxMb", "0")
            .config("frameshift.selector.sparkMinMb", "0")
            .config("mirror.unreachable", "true")
            .listener(
                new ExecutionListener() {
                  @Override
                  public void onFallback(FallbackEvent e) {
                    fallbacks.add(e);
                  }
                })
            .build()) {
      DataFrame df = totals(fs, 100).filter(col("total").gt(0L));
      assertThat(df.explain()).contains("[mirror]").doesNotContain("[local]");
      assertThat(df.count()).isEqualTo(10);
      assertThat(fs.failedEngines()).containsOnlyKeys("mirror");
      assertThat(fallbacks)
          .first()
          .satisfies(
              e -> {
                assertThat(e.failed()).isEqualTo("mirror");
                assertThat(e.to()).isEqualTo("local");
                assertThat(e.cause()).contains("unreachable");
              });
      assertThat(df.explain()).contains("[local]").doesNotContain("[mirror]");
    }
  }

  @Test
  void schemaInferenceRunsOnTheEngineThatSaysItIsTheDefault(@TempDir Path dir) throws Exception {
    Path csv = Files.writeString(dir.resolve("kv.csv"), "k,v\n1,2\n3,4\n");
    try (Frameshift fs = session().build()) {
      DataFrame df = fs.read().csv(csv.toString());
      assertThat(df.schema().names()).containsExactly("k", "v");
      assertThat(fs.isStarted("local")).isTrue();
      assertThat(fs.isStarted("mirror")).isFalse();
    }
  }

  @Test
  void calibrationMeasuresTheMirrorThroughTheSpi() {
    try (Frameshift fs = session().build()) {
      CostProfile p = Calibration.measure(fs, new Calibration.Options(List.of(1_000, 4_000), 1));
      assertThat(p.engines()).containsOnlyKeys("local", "mirror");
      CostProfile.EngineCosts mirror = p.engines().get("mirror");
      assertThat(mirror.startupMillis()).isEqualTo(250);
      assertThat(p.engines().get("local").startupMillis()).isZero();
      for (OperationKind kind : OperationKind.values()) {
        assertThat(mirror.nanosPerRow().get(kind)).as(kind.name()).isNotNull().isPositive();
      }
      assertThat(p.transferNanosPerByte()).isPositive();
    }
  }
}
