package io.frameshift.internal;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Row;
import io.frameshift.io.Format;
import io.frameshift.io.Source;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Pin;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.spi.EngineTraits;
import io.frameshift.spi.EngineTraits.Memory;
import io.frameshift.spi.EngineTraits.Reach;
import io.frameshift.spi.FrameStats;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The memory guard at scale, on engines known by their traits: a scan is sized by what its narrowed
 * source reads (so a projection or a pruned read fits where the whole dataset does not), a
 * projection keeps the size of the columns it keeps, and what would move from the distributed
 * engine into the heap is judged by its upper bound, not its guess.
 */
class MemoryGuardTest {
  private static final Schema WIDE =
      Schema.builder()
          .column("k", DataType.INT64)
          .column("v", DataType.INT64)
          .column("s", DataType.STRING)
          .build();

  private static final EngineTraits HEAP =
      new EngineTraits(
          Reach.IN_PROCESS, Memory.HEAP, 0, true, Set.of(Format.PARQUET), Set.of(), true);
  private static final EngineTraits CLUSTER =
      new EngineTraits(
          Reach.DISTRIBUTED, Memory.OWN, 0, false, Set.of(Format.PARQUET), Set.of(), false);
  private static final Map<String, EngineTraits> ENGINES = Map.of("heap", HEAP, "cluster", CLUSTER);

  /** A heap fraction that gives the guard a budget of about {@code bytes} now. */
  private static String budgetOf(long bytes) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    return Double.toString((double) bytes / free);
  }

  private static Selector selector(
      long budget, CostProfile profile, Function<Source, FrameStats> sourceStats) {
    return new Selector(
        SelectorConfig.from(Map.of("frameshift.selector.heapFraction", budgetOf(budget))),
        "auto",
        ENGINES,
        profile,
        Set.of(),
        new Estimator(f -> FrameStats.UNKNOWN, p -> null, n -> null, sourceStats));
  }

  /** Placed bottom-up, as the listener sees nodes run. */
  private static List<String> engines(PlacedPlan p) {
    List<String> out = new ArrayList<>();
    for (PlacedPlan c : p.children()) {
      out.addAll(engines(c));
    }
    out.add(p.placement().engine());
    return out;
  }

  private static PlacedPlan scanOf(PlacedPlan p) {
    return p.children().isEmpty() ? p : scanOf(p.children().get(0));
  }

  /**
   * 1e6 rows: the whole dataset 1 GB in memory, the column k alone 8 MB, as a Parquet footer would
   * tell them.
   */
  private static FrameStats footers(Source s) {
    long rows = 1_000_000;
    return s.columns() != null && s.columns().equals(List.of("k"))
        ? new FrameStats(rows, 8 * rows, true)
        : new FrameStats(rows, 1L << 30, true);
  }

  private static LogicalPlan scan() {
    Source src =
        new Source(Format.PARQUET, List.of("/nonexistent/lake"), Map.of(), WIDE)
            .withStats(new FrameStats(1_000_000, 1L << 30, true));
    return Analyzer.scan(src);
  }

  @Test
  void aScanTooBigForTheHeapGoesToTheClusterAndAProjectionOfItStaysInTheHeap() {
    LogicalPlan whole = Analyzer.groupBy(scan(), List.of(col("k")), List.of(sum("v").as("total")));
    PlacedPlan big = selector(100 << 20, null, MemoryGuardTest::footers).place(whole);
    assertThat(engines(big)).containsOnly("cluster");
    assertThat(scanOf(big).placement().reason())
        .contains("exceeds the heap memory guard")
        .contains("1.0 GB");

    // the planner narrows the scan to k; its footer-sized 8 MB fits the 100 MB budget
    LogicalPlan projected =
        Pushdown.apply(
            Analyzer.groupBy(
                Analyzer.select(scan(), List.of(col("k"))), List.of(col("k")), List.of(count())),
            n -> false);
    PlacedPlan small = selector(100 << 20, null, MemoryGuardTest::footers).place(projected);
    assertThat(engines(small)).containsOnly("heap");
    assertThat(scanOf(small).placement().estimate().bytes()).isEqualTo(8_000_000);
  }

  @Test
  void aProjectionKeepsTheSizeOfTheColumnsItKeeps() {
    Estimator e =
        new Estimator(f -> FrameStats.UNKNOWN, p -> null, n -> null, MemoryGuardTest::footers);
    LogicalPlan scan =
        Pushdown.apply(Analyzer.select(scan(), List.of(col("k"))), n -> false).children().get(0);
    LogicalPlan project = Analyzer.select(scan, List.of(col("k")));
    // not 1e6 rows times a guessed width: the bytes of the scan that read exactly these columns
    assertThat(e.estimate(project).bytes()).isEqualTo(e.estimate(scan).bytes());
  }

  @Test
  void theBoundOfAGroupingIsItsInput() {
    LogicalPlan grouped = grouped(10_000);
    Estimator e = new Estimator(f -> FrameStats.UNKNOWN, p -> null);
    assertThat(e.estimate(grouped).rows()).isEqualTo(1_000);
    assertThat(e.bounding().estimate(grouped).rows()).isEqualTo(10_000);
    assertThat(e.bounding().estimate(Analyzer.filter(grouped, col("s").gt(0L))).rows())
        .isEqualTo(10_000);
  }

  /** {@code n} rows grouped by 10,000 keys on the cluster: the grouping keeps every row. */
  private static LogicalPlan grouped(int n) {
    Schema kv = Schema.builder().column("k", DataType.INT64).column("v", DataType.INT64).build();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(Row.of(kv, i, i));
    }
    return Analyzer.groupBy(
        new Pin(Analyzer.values(kv, rows), "cluster"),
        List.of(col("k")),
        List.of(sum("v").as("s")));
  }

  /** The heap engine is a hundred times cheaper than the cluster for everything, moving is free. */
  private static CostProfile cheapHeap() {
    Map<OperationKind, Double> heap = new EnumMap<>(OperationKind.class);
    Map<OperationKind, Double> cluster = new EnumMap<>(OperationKind.class);
    for (OperationKind k : OperationKind.values()) {
      heap.put(k, 1.0);
      cluster.put(k, 100.0);
    }
    return new CostProfile(
        Map.of(
            "heap", new CostProfile.EngineCosts(0.01, heap),
            "cluster", new CostProfile.EngineCosts(100, cluster)),
        0,
        "hand-built",
        "2026-01-01T00:00:00Z");
  }

  @Test
  void whatWouldMoveIntoTheHeapIsJudgedByItsUpperBound() {
    // 10,000 rows of 16 bytes: the grouping is guessed at 1,000 rows (16 KB) but may keep all
    // 10,000 (160 KB); with a 60 KB budget the count above it must not take it into the heap
    LogicalPlan counted = Analyzer.groupBy(grouped(10_000), List.of(), List.of(count()));
    for (CostProfile profile : new CostProfile[] {null, cheapHeap()}) {
      PlacedPlan p = selector(60_000, profile, s -> FrameStats.UNKNOWN).place(counted);
      assertThat(engines(p)).as("profile %s", profile).containsOnly("cluster");
      assertThat(p.placement().reason())
          .contains("input from cluster may hold up to")
          .contains("more than the heap memory guard");
    }
    // with room for the bound, the cheap heap engine takes the count and the small transfer
    PlacedPlan roomy = selector(100 << 20, cheapHeap(), s -> FrameStats.UNKNOWN).place(counted);
    assertThat(roomy.placement().engine()).isEqualTo("heap");
  }
}
