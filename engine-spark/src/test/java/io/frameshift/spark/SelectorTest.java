package io.frameshift.spark;

import static io.frameshift.expr.Functions.cast;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.EvaluationException;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Placement over the real engines: the memory guard, a cost profile splitting one plan between
 * engines, pins, fallback when Spark cannot start, explainJson and listener events. Profiles are
 * built by hand, so placements do not depend on this machine's speed. (Small inputs with the
 * default rule never starting Spark: {@link SmallDataNeverStartsSparkTest}.)
 */
class SelectorTest {
  private static final Schema KV =
      Schema.builder().column("k", DataType.INT64).column("v", DataType.INT64).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code n} rows: k = i % 10, v = i. */
  private static List<Row> rows(int n) {
    List<Row> out = new ArrayList<>(n);
    for (long i = 0; i < n; i++) {
      out.add(Row.of(KV, i % 10, i));
    }
    return out;
  }

  /** Sum of v over k, for {@link #rows(int)}: rows k, k + 10, k + 20, ... */
  private static long expectedSum(int n, long k) {
    long s = 0;
    for (long i = k; i < n; i += 10) {
      s += i;
    }
    return s;
  }

  private static Frameshift.Builder session() {
    return Frameshift.builder()
        .config("frameshift.selector.profile", "none")
        .config("frameshift.selector.learn", "false")
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2");
  }

  private static CostProfile.EngineCosts costs(
      double overheadMillis, double defaultNanos, Map<OperationKind, Double> special) {
    Map<OperationKind, Double> m = new EnumMap<>(OperationKind.class);
    for (OperationKind k : OperationKind.values()) {
      m.put(k, special.getOrDefault(k, defaultNanos));
    }
    return new CostProfile.EngineCosts(overheadMillis, m);
  }

  /**
   * Building and grouping rows is very slow locally, everything else cheap; Spark costs a second
   * per operation but little per row; no start-up cost, so placement does not depend on whether
   * Spark already runs in this JVM.
   */
  private static CostProfile slowLocalGrouping() {
    return new CostProfile(
        Map.of(
            "local",
            costs(0.1, 10, Map.of(OperationKind.CREATE, 1e6, OperationKind.GROUP, 1e6)),
            "spark",
            costs(1000, 10, Map.of())),
        1,
        "hand-built",
        "2026-01-01T00:00:00Z");
  }

  @Test
  void inputAboveTheMemoryGuardGoesToSpark() {
    try (Frameshift fs = session().config("frameshift.selector.heapFraction", "1e-9").build()) {
      DataFrame df = fs.createDataFrame(KV, rows(100)).filter(col("v").ge(50L));
      String plan = df.explain();
      assertThat(plan).contains("[spark]").doesNotContain("[local]");
      assertThat(plan).contains("exceeds the local memory guard");
      assertThat(df.count()).isEqualTo(50);
    }
  }

  @Test
  void costProfileRunsBigAggregateOnSparkAndSmallSortLocally() {
    List<NodeEvent> nodes = new ArrayList<>();
    List<TransferEvent> transfers = new ArrayList<>();
    ExecutionListener listener =
        new ExecutionListener() {
          @Override
          public void onNode(NodeEvent e) {
            nodes.add(e);
          }

          @Override
          public void onTransfer(TransferEvent e) {
            transfers.add(e);
          }
        };
    int n = 20_000;
    try (Frameshift fs = session().listener(listener).build()) {
      fs.useProfile(slowLocalGrouping());
      DataFrame df =
          fs.createDataFrame(KV, rows(n)).groupBy("k").agg(sum("v").as("total")).sort("k");
      String plan = df.explain();
      assertThat(plan).containsPattern("GroupBy .*\\[spark\\]");
      assertThat(plan).containsPattern("Values .*\\[spark\\]");
      assertThat(plan).containsPattern("Sort .*\\[local\\]");
      assertThat(plan).contains("Arrow transfer spark -> local");

      List<Row> out = df.collect();
      assertThat(out).hasSize(10);
      for (int k = 0; k < 10; k++) {
        assertThat(out.get(k).getLong("k")).isEqualTo(k);
        assertThat(out.get(k).getLong("total")).isEqualTo(expectedSum(n, k));
      }
      assertThat(nodes)
          .anySatisfy(e -> assertThat(e.kind() + "@" + e.engine()).isEqualTo("group@spark"))
          .anySatisfy(e -> assertThat(e.kind() + "@" + e.engine()).isEqualTo("sort@local"));
      assertThat(nodes)
          .filteredOn(e -> e.kind().equals("sort"))
          .singleElement()
          .satisfies(e -> assertThat(e.outputRows()).isEqualTo(10));
      assertThat(transfers)
          .singleElement()
          .satisfies(
              t -> {
                assertThat(t.from()).isEqualTo("spark");
                assertThat(t.to()).isEqualTo("local");
                assertThat(t.rows()).isEqualTo(10);
              });
      assertThat(fs.metrics().transfers()).isEqualTo(1);
    }
  }

  @Test
  void onSparkPinsTheWholePlan() {
    try (Frameshift fs = session().build()) {
      DataFrame df =
          fs.createDataFrame(KV, rows(30)).filter(col("v").lt(10L)).on("spark").sort("v");
      String plan = df.explain();
      assertThat(plan).contains("pinned with on(\"spark\")");
      // the sort above the pin is free: tiny input, the default rule keeps it local
      assertThat(plan)
          .containsPattern("Filter .*\\[spark\\]")
          .containsPattern("Sort .*\\[local\\]");
      assertThat(df.collect())
          .extracting(r -> r.getLong("v"))
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }
  }

  @Test
  void joinsPinnedToSparkBySetting() {
    try (Frameshift fs = session().config("frameshift.selector.pin.join", "spark").build()) {
      DataFrame left = fs.createDataFrame(KV, rows(20));
      Schema names =
          Schema.builder().column("k", DataType.INT64).column("name", DataType.STRING).build();
      DataFrame right =
          fs.createDataFrame(names, new Object[] {1L, "one"}, new Object[] {2L, "two"});
      DataFrame df = left.join(right, "k").sort("v");
      String plan = df.explain();
      assertThat(plan)
          .containsPattern("Join .*\\[spark\\].*operations of kind join are pinned to spark");
      assertThat(plan).containsPattern("Values .*\\[local\\]");
      assertThat(df.collect())
          .extracting(r -> r.getLong("v") + ":" + r.getString("name"))
          .containsExactly("1:one", "2:two", "11:one", "12:two");
    }
  }

  @Test
  void explainJsonHasEngineReasonAndCostPerNodeAndActualRowsAfterARun() throws IOException {
    try (Frameshift fs = session().build()) {
      fs.useProfile(slowLocalGrouping());
      // small enough that even slow local grouping beats a second of Spark: all local
      DataFrame df = fs.createDataFrame(KV, rows(50)).filter(col("v").ge(10L)).sort("v");
      JsonNode before = JSON.readTree(df.explainJson());
      assertThat(before.get("mode").asText()).isEqualTo("auto");
      assertThat(before.get("profile").asText()).isEqualTo("2026-01-01T00:00:00Z");
      List<JsonNode> nodes = new ArrayList<>();
      flatten(before.get("plan"), nodes);
      assertThat(nodes).hasSize(3);
      for (JsonNode node : nodes) {
        assertThat(node.get("engine").asText()).isEqualTo("local");
        assertThat(node.get("reason").asText()).isNotBlank();
        assertThat(node.get("costMillis").get("local").asDouble()).isPositive();
        assertThat(node.get("actualRows").isNull()).isTrue();
      }
      // forced nodes have one cost; free ones compare both engines
      assertThat(nodes.get(0).get("node").asText()).startsWith("Sort");
      assertThat(nodes.get(0).get("costMillis").has("spark")).isTrue();
      assertThat(nodes.get(0).get("reason").asText()).startsWith("cost local");

      assertThat(df.count()).isEqualTo(40);
      List<JsonNode> after = new ArrayList<>();
      flatten(JSON.readTree(df.explainJson()).get("plan"), after);
      assertThat(after)
          .extracting(j -> j.get("actualRows").asLong())
          .containsExactly(40L, 40L, 50L);
    }
  }

  private static void flatten(JsonNode node, List<JsonNode> out) {
    out.add(node);
    for (JsonNode c : node.get("children")) {
      flatten(c, out);
    }
  }

  // ==== no Spark in this JVM: run with SmallDataNeverStartsSparkTest (see engine-spark's pom) ==

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  @Tag("fresh-jvm")
  void unreachableSparkMasterFallsBackToLocal() throws IOException {
    List<FallbackEvent> fallbacks = new ArrayList<>();
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.selector.profile", "none")
            .config("frameshift.selector.learn", "false")
            .config("frameshift.selector.localMaxMb", "0")
            .config("frameshift.selector.sparkMinMb", "0")
            .config("frameshift.spark.connectTimeoutMs", "500")
            .config("spark.master", "spark://127.0.0.1:" + freePort())
            .listener(
                new ExecutionListener() {
                  @Override
                  public void onFallback(FallbackEvent e) {
                    fallbacks.add(e);
                  }
                })
            .build()) {
      DataFrame df =
          fs.createDataFrame(KV, rows(100))
              .filter(col("v").ge(20L))
              .groupBy("k")
              .agg(sum("v").as("total"))
              .sort("k");
      assertThat(df.explain()).contains("[spark]").doesNotContain("[local]");

      List<Row> out = df.collect();
      assertThat(out).hasSize(10);
      for (int k = 0; k < 10; k++) {
        assertThat(out.get(k).getLong("total")).isEqualTo(expectedSum(100, k) - k - (k + 10));
      }
      assertThat(fs.metrics().fallbacks()).isGreaterThanOrEqualTo(1);
      assertThat(fs.failedEngines()).containsOnlyKeys("spark");
      assertThat(fs.failedEngines().get("spark")).contains("unreachable");
      assertThat(fallbacks)
          .first()
          .satisfies(
              e -> {
                assertThat(e.failed()).isEqualTo("spark");
                assertThat(e.to()).isEqualTo("local");
              });
      // once Spark failed, the session places everything locally, and says why
      String plan = df.explain();
      assertThat(plan).contains("[local]").doesNotContain("[spark]");
    }
    assertThat(SparkEnv.get()).isNull();
  }

  @Test
  @Tag("fresh-jvm")
  void userErrorsAreNotRetriedOnTheOtherEngine() throws IOException {
    try (Frameshift fs =
        Frameshift.builder()
            .config("frameshift.selector.profile", "none")
            .config("frameshift.selector.learn", "false")
            .config("frameshift.spark.connectTimeoutMs", "500")
            .config("spark.master", "spark://127.0.0.1:" + freePort())
            .build()) {
      Schema s = Schema.builder().column("x", DataType.STRING).build();
      DataFrame bad =
          fs.createDataFrame(s, new Object[] {"12"}, new Object[] {"twelve"})
              .select(cast(col("x"), DataType.INT32).as("n"));
      assertThat(bad.explain()).contains("[local]").doesNotContain("[spark]");
      assertThatThrownBy(bad::collect)
          .isInstanceOf(EvaluationException.class)
          .hasMessageContaining("twelve");
      // had the failure been retried, Spark would have been tried (and failed: unreachable)
      assertThat(fs.metrics().fallbacks()).isZero();
      assertThat(fs.failedEngines()).isEmpty();
      assertThat(fs.isStarted("spark")).isFalse();
    }
    assertThat(SparkEnv.get()).isNull();
  }
}
