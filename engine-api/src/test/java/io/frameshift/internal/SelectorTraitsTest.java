package io.frameshift.internal;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Row;
import io.frameshift.io.Format;
import io.frameshift.io.Source;
import io.frameshift.plan.LogicalPlan;
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
import org.junit.jupiter.api.Test;

/**
 * The selector decides from engines' traits alone: engines with names it has never heard of get
 * small work (in-process), big work (distributed), what overflows the heap, scans of the formats
 * only they read, and a cold start-up counted once, as the engines that ship with Frameshift do.
 */
class SelectorTraitsTest {
  private static final Schema KV =
      Schema.builder().column("k", DataType.INT64).column("v", DataType.INT64).build();

  /** In this JVM, in the heap, eager, nothing to start: where small work goes. */
  private static final EngineTraits HERE =
      new EngineTraits(
          Reach.IN_PROCESS, Memory.HEAP, 0, true, Set.of(Format.CSV), Set.of(Format.CSV), true);

  /** On a cluster, memory of its own, lazy, three seconds to start: where big work goes. */
  private static final EngineTraits THERE =
      new EngineTraits(
          Reach.DISTRIBUTED,
          Memory.OWN,
          3000,
          false,
          Set.of(Format.CSV, Format.ARROW),
          Set.of(Format.CSV, Format.ARROW),
          false);

  // names sorted the other way round from "in-process first", so no order by name can pass
  private static final Map<String, EngineTraits> ENGINES = Map.of("omega", HERE, "alpha", THERE);

  private static LogicalPlan grouped(int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(Row.of(KV, i % 10, i));
    }
    LogicalPlan values = Analyzer.values(KV, rows);
    return Analyzer.groupBy(values, List.of(col("k")), List.of(sum("v").as("s")));
  }

  private static Selector selector(
      Map<String, String> settings, CostProfile profile, Set<String> warm) {
    return new Selector(
        SelectorConfig.from(settings),
        "auto",
        ENGINES,
        profile,
        warm,
        new Estimator(f -> FrameStats.UNKNOWN, p -> null));
  }

  private static List<String> engines(PlacedPlan p) {
    List<String> out = new ArrayList<>();
    for (PlacedPlan c : p.children()) {
      out.addAll(engines(c));
    }
    out.add(p.placement().engine());
    return out;
  }

  @Test
  void smallWorkGoesInProcessAndBigWorkToTheDistributedEngine() {
    PlacedPlan small = selector(Map.of(), null, Set.of()).place(grouped(100));
    assertThat(engines(small)).containsOnly("omega");

    PlacedPlan big =
        selector(
                Map.of(
                    "frameshift.selector.localMaxMb", "0", "frameshift.selector.sparkMinMb", "0"),
                null,
                Set.of())
            .place(grouped(100));
    assertThat(engines(big)).containsOnly("alpha");
    assertThat(big.placement().reason()).startsWith("input").contains(">=");
  }

  @Test
  void whatOverflowsTheHeapGoesToAnEngineWithMemoryOfItsOwn() {
    PlacedPlan p =
        selector(Map.of("frameshift.selector.heapFraction", "1e-12"), null, Set.of())
            .place(grouped(100));
    assertThat(engines(p)).containsOnly("alpha");
    assertThat(p.placement().reason()).contains("exceeds the omega memory guard");
  }

  @Test
  void aScanGoesToTheOnlyEngineThatReadsItsFormat() {
    Source arrow = new Source(Format.ARROW, List.of("/nonexistent/data.arrow"), Map.of(), KV);
    PlacedPlan p = selector(Map.of(), null, Set.of()).place(Analyzer.scan(arrow));
    assertThat(p.placement().engine()).isEqualTo("alpha");
    assertThat(p.placement().reason()).isEqualTo("only engine that reads arrow");
  }

  private static CostProfile.EngineCosts costs(
      double overhead, double nanosPerRow, double startup) {
    Map<OperationKind, Double> m = new EnumMap<>(OperationKind.class);
    for (OperationKind k : OperationKind.values()) {
      m.put(k, nanosPerRow);
    }
    return new CostProfile.EngineCosts(overhead, m, startup);
  }

  /** 20,000 rows: here 20 ms per node, there 1 ms per node (a 1 ms hand-off). */
  private static CostProfile profile(double thereStartup) {
    return new CostProfile(
        Map.of("omega", costs(0, 1000, 0), "alpha", costs(1, 0, thereStartup)),
        0.001,
        "hand-built",
        "2026-01-01T00:00:00Z");
  }

  @Test
  void aColdStartUpIsCountedOnceAndNotOnceWarm() {
    LogicalPlan plan = grouped(20_000);
    // the distributed plan saves ~38 ms: not worth a 3 s start-up
    PlacedPlan cold = selector(Map.of(), profile(3000), Set.of()).place(plan);
    assertThat(engines(cold)).containsOnly("omega");
    assertThat(cold.placement().reason())
        .startsWith("cost omega")
        .contains("a plan starting alpha would take 2.0 ms plus 3.0 s of start-up");

    PlacedPlan warm = selector(Map.of(), profile(3000), Set.of("alpha")).place(plan);
    assertThat(engines(warm)).containsOnly("alpha");

    PlacedPlan free = selector(Map.of(), profile(0), Set.of()).place(plan);
    assertThat(engines(free)).containsOnly("alpha");
  }

  @Test
  void aProfileThatDidNotMeasureAStartUpCountsTheDeclaredOne() {
    CostProfile unmeasured = profile(CostProfile.EngineCosts.UNMEASURED);
    PlacedPlan p = selector(Map.of(), unmeasured, Set.of()).place(grouped(20_000));
    assertThat(engines(p)).containsOnly("omega");
    assertThat(p.placement().reason()).contains("plus 3.0 s of start-up");
  }

  @Test
  void aProfileOfOtherEnginesLeavesPlacementToTheRule() {
    CostProfile others =
        new CostProfile(
            Map.of("omega", costs(0, 1000, 0), "spark", costs(1, 0, 0)), 0.001, "x", "y");
    PlacedPlan p = selector(Map.of(), others, Set.of()).place(grouped(20_000));
    assertThat(p.placement().reason()).doesNotStartWith("cost");
  }
}
