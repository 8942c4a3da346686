package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale case of the memory guard in small: a Parquet dataset whose footers say it does not fit
 * the local engine's heap budget is read and grouped by Spark itself (no transfer from local),
 * while a two-column projection of it and a read of one partition folder stay local, with the same
 * answers; and a frame too big to move into the heap falls back to Spark as it arrives, without the
 * local engine counting as failed. The budget is set from the footers' own estimates, between the
 * projection's working set and the whole dataset's, through {@code
 * frameshift.selector.heapFraction}.
 */
class ParquetMemoryGuardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int N = 30_000;
  private static final Schema WIDE =
      Schema.builder()
          .column("k", DataType.INT32)
          .column("v", DataType.INT64)
          .column("s1", DataType.STRING)
          .column("s2", DataType.STRING)
          .column("s3", DataType.STRING)
          .build();

  @TempDir static Path dir;
  private static String table;
  private static String partitioned;

  /** What the guard may take: between the projection's working set and the whole scan's. */
  private static long budget;

  @BeforeAll
  static void write() throws IOException {
    List<Row> rows = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      String s = "row-" + i + "-with-a-string-of-its-own-";
      rows.add(Row.of(WIDE, i % 100, (long) i, s + "a", s + "b", s + "c"));
    }
    table = dir.resolve("wide").toString();
    partitioned = dir.resolve("wide_by_k").toString();
    try (Frameshift fs = Frameshift.builder().engine("local").build()) {
      DataFrame df = fs.createDataFrame(WIDE, rows);
      df.write().parquet(table);
      df.write().partitionBy("k").parquet(partitioned);
    }
    try (Frameshift fs = session(1).build()) {
      long whole = scanBytes(fs.read().parquet(table));
      long two = scanBytes(fs.read().parquet(table).select("k", "v"));
      assertThat(whole).as("the strings make the dataset wide").isGreaterThan(20 * two);
      // the working sets are twice these (input and output): the middle of the two, by ratio
      budget = (long) Math.sqrt(2.0 * whole * 2.0 * two);
    }
  }

  /** The estimated bytes of the plan's scan, from its footers. */
  private static long scanBytes(DataFrame df) throws IOException {
    JsonNode n = JSON.readTree(df.explainJson()).get("plan");
    while (n.get("children").size() > 0) {
      n = n.get("children").get(0);
    }
    return n.get("estimatedBytes").asLong();
  }

  private static Frameshift.Builder session(double heapFraction) {
    return Frameshift.builder()
        .config("frameshift.selector.profile", "none")
        .config("frameshift.selector.learn", "false")
        .config("frameshift.selector.heapFraction", Double.toString(heapFraction))
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2");
  }

  /** A session whose guard allows about {@code bytes} now. */
  private static Frameshift.Builder withBudget(long bytes, ExecutionListener listener) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    return session((double) bytes / free).listener(listener);
  }

  /** What ran where, moved and fell back. */
  private static final class Events implements ExecutionListener {
    final List<NodeEvent> nodes = new ArrayList<>();
    final List<TransferEvent> transfers = new ArrayList<>();
    final List<FallbackEvent> fallbacks = new ArrayList<>();

    @Override
    public synchronized void onNode(NodeEvent e) {
      nodes.add(e);
    }

    @Override
    public synchronized void onTransfer(TransferEvent e) {
      transfers.add(e);
    }

    @Override
    public synchronized void onFallback(FallbackEvent e) {
      fallbacks.add(e);
    }

    synchronized List<String> engines() {
      return nodes.stream().map(NodeEvent::engine).distinct().toList();
    }
  }

  /** Sum of v by k over the dataset, or over k = {@code only} when given. */
  private static Map<Integer, Long> expected(Integer only) {
    Map<Integer, Long> m = new TreeMap<>();
    for (int i = 0; i < N; i++) {
      if (only == null || i % 100 == only) {
        m.merge(i % 100, (long) i, Long::sum);
      }
    }
    return m;
  }

  private static Map<Integer, Long> sums(DataFrame df) {
    Map<Integer, Long> m = new TreeMap<>();
    for (Row r : df.collect()) {
      m.put(((Number) r.get("k")).intValue(), ((Number) r.get("total")).longValue());
    }
    return m;
  }

  @Test
  void aDatasetTooBigForTheHeapIsReadAndGroupedBySparkItself() {
    Events events = new Events();
    try (Frameshift fs = withBudget(budget, events).build()) {
      DataFrame df = fs.read().parquet(table).groupBy("k").agg(sum("v").as("total"));
      String plan = df.explain();
      assertThat(plan)
          .containsPattern("Scan parquet .*\\[spark\\].*exceeds the local memory guard");
      assertThat(sums(df)).isEqualTo(expected(null));
      assertThat(events.engines()).containsOnly("spark");
      // Spark read the files itself: nothing moved from the local engine
      assertThat(events.transfers).noneMatch(t -> t.from().equals("local"));
    }
  }

  @Test
  void aTwoColumnProjectionOfItStaysLocal() {
    Events events = new Events();
    try (Frameshift fs = withBudget(budget, events).build()) {
      DataFrame df =
          fs.read()
              .parquet(table)
              .select(col("k"), col("v"))
              .groupBy("k")
              .agg(sum("v").as("total"));
      assertThat(df.explain()).contains("columns [k, v]").doesNotContain("[spark]");
      assertThat(sums(df)).isEqualTo(expected(null));
      assertThat(events.engines()).containsOnly("local");
    }
  }

  @Test
  void aReadOfOnePartitionFolderStaysLocal() {
    Events events = new Events();
    try (Frameshift fs = withBudget(budget, events).build()) {
      DataFrame whole = fs.read().parquet(partitioned).groupBy("k").agg(sum("v").as("total"));
      assertThat(whole.explain()).contains("exceeds the local memory guard");
      DataFrame one =
          fs.read()
              .parquet(partitioned)
              .filter(col("k").eq(3))
              .groupBy("k")
              .agg(sum("v").as("total"));
      assertThat(one.explain()).contains("pushed filter (k = 3)").doesNotContain("[spark]");
      assertThat(sums(one)).isEqualTo(expected(3));
      assertThat(events.engines()).containsOnly("local");
    }
  }

  @Test
  void aFrameTooBigToMoveIntoTheHeapRunsOnSparkAndLocalStaysInUse() {
    Events events = new Events();
    // 100 KB: the wide rows coming from Spark pass it in the first batches
    try (Frameshift fs = withBudget(100_000, events).build()) {
      DataFrame onSpark = fs.read().parquet(table).filter(col("v").ge(0L)).on("spark");
      // pinned: the selector leaves it local, so the guard must catch the frame as it moves
      DataFrame df = onSpark.groupBy("k").agg(sum("v").as("total")).on("local");
      assertThat(sums(df)).isEqualTo(expected(null));
      assertThat(events.fallbacks)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.failed()).isEqualTo("local");
                assertThat(f.to()).isEqualTo("spark");
                assertThat(f.cause())
                    .contains("local memory guard")
                    .contains("moving in from spark");
              });
      assertThat(df.explain()).contains("last run fell back to spark");
      // refusing work that does not fit is no failure: the local engine stays in use
      assertThat(fs.failedEngines()).isEmpty();
      events.nodes.clear();
      assertThat(fs.createDataFrame(WIDE, List.of()).on("local").count()).isZero();
      assertThat(events.engines()).containsOnly("local");
    }
  }
}
