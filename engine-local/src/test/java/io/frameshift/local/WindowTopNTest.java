package io.frameshift.local;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.denseRank;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.rowNumber;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.expr.Expr;
import io.frameshift.expr.Window;
import io.frameshift.expr.WindowSpec;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Windowed;
import io.frameshift.spi.RankLimit;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The top-N window kernel ({@link WindowTopN}, reached through {@link Windows#apply(LocalFrame,
 * List, Schema, RankLimit)}) against the full sort of every partition followed by a filter, on
 * random data with ties, null order keys and a null partition: the same rows with the same ranks,
 * row numbers included (both number tied rows in input order).
 */
class WindowTopNTest {
  private static final Schema S =
      Schema.of(
          Field.of("id", DataType.INT32),
          Field.of("p", DataType.INT32),
          Field.of("s", DataType.STRING),
          Field.of("v", DataType.FLOAT64),
          Field.of("w", DataType.INT32));

  /**
   * {@code n} rows in {@code partitions} partitions (one of them null) with few distinct values of
   * v and w, so ties are common, and nulls in both.
   */
  private static LocalFrame random(int n, int partitions, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] id = new int[n];
    int[] p = new int[n];
    long[] pNulls = Bits.create(n);
    String[] s = new String[n];
    double[] v = new double[n];
    long[] vNulls = Bits.create(n);
    int[] w = new int[n];
    for (int i = 0; i < n; i++) {
      id[i] = i;
      p[i] = random.nextInt(partitions);
      if (p[i] == 0) {
        Bits.set(pNulls, i);
      }
      s[i] = random.nextInt(10) == 0 ? null : "s" + random.nextInt(partitions);
      v[i] = random.nextInt(8) / 2.0;
      if (random.nextInt(20) == 0) {
        Bits.set(vNulls, i);
      }
      w[i] = random.nextInt(3);
    }
    List<Vec> columns =
        List.of(
            Vec.ofInts(DataType.INT32, id, null),
            Vec.ofInts(DataType.INT32, p, pNulls),
            Vec.ofStrings(s),
            Vec.ofDoubles(v, vNulls),
            Vec.ofInts(DataType.INT32, w, null));
    return new LocalFrame(S, columns, n);
  }

  /**
   * Per row its id, partition, w and window columns (all integers; null as Long.MIN_VALUE), sorted
   * by id: the other input columns are gathered by the same rows.
   */
  private static long[][] rows(LocalFrame f) {
    int[] columns = {0, 1, 4};
    int windows = f.columns().size() - S.size();
    long[][] out = new long[f.rows()][];
    for (int r = 0; r < f.rows(); r++) {
      long[] row = new long[columns.length + windows];
      for (int c = 0; c < row.length; c++) {
        Vec v = f.column(c < columns.length ? columns[c] : S.size() + c - columns.length);
        row[c] = v.isNull(r) ? Long.MIN_VALUE : ((Number) v.get(r)).longValue();
      }
      out[r] = row;
    }
    java.util.Arrays.sort(out, (x, y) -> Long.compare(x[0], y[0]));
    return out;
  }

  /** For each k: the kernel's rows are the full sort's rows with a rank up to k. */
  private static void assertSameAsFullSort(LocalFrame in, List<Expr> windowColumns, int... ks) {
    Windowed w = (Windowed) Analyzer.windowed(Analyzer.existing(in), windowColumns);
    LocalFrame all = Windows.apply(in, w.columns(), w.schema());
    for (int k : ks) {
      RankLimit limit = new RankLimit("r", k);
      LocalFrame top = Windows.apply(in, w.columns(), w.schema(), limit);
      LocalFrame filtered = (LocalFrame) Plans.ENGINE.filter(all, limit.condition());
      assertThat(top.schema()).isEqualTo(w.schema());
      assertThat(rows(top)).as("k = %d, %s", k, windowColumns).isEqualTo(rows(filtered));
    }
  }

  private static final List<Supplier<Expr>> FUNCTIONS =
      List.of(() -> rowNumber(), () -> rank(), () -> denseRank());

  private static final List<WindowSpec> WINDOWS =
      List.of(
          Window.partitionBy("p").orderBy(desc("v")),
          Window.partitionBy("p").orderBy(asc("v").nullsLast(), desc("w")),
          Window.partitionBy("p", "s").orderBy(asc("w")),
          Window.partitionBy("w").orderBy(desc("v").nullsFirst(), asc("s")),
          Window.orderBy(asc("v")));

  @ParameterizedTest
  @ValueSource(ints = {1_000, 20_000})
  void topRowsMatchTheFullSort(int n) {
    LocalFrame in = random(n, Math.max(2, n / 50), n);
    for (WindowSpec window : WINDOWS) {
      for (Supplier<Expr> f : FUNCTIONS) {
        assertSameAsFullSort(in, List.of(f.get().over(window).as("r")), 1, 2, 3, 7);
      }
    }
  }

  /** Above Parallelism.PARALLEL_ROWS: each core's range of rows keeps its top rows, then merged. */
  @Test
  void topRowsOfRangesMergeAsOnePass() {
    LocalFrame in = random(300_000, 6_000, 7);
    for (Supplier<Expr> f : FUNCTIONS) {
      assertSameAsFullSort(in, List.of(f.get().over(WINDOWS.get(0)).as("r")), 1, 3);
    }
  }

  @Test
  void limitsAboveThePartitionsKeepEveryRow() {
    LocalFrame in = random(500, 10, 1);
    List<Expr> cols = List.of(rank().over(WINDOWS.get(0)).as("r"));
    // 100: more slots than rows, so the full sort, filtered
    assertSameAsFullSort(in, cols, 100, 40);
    Windowed w = (Windowed) Analyzer.windowed(Analyzer.existing(in), cols);
    assertThat(Windows.apply(in, w.columns(), w.schema(), new RankLimit("r", 500)).rows())
        .isEqualTo(500);
  }

  @Test
  void zeroAndEmptyKeepNothing() {
    LocalFrame in = random(500, 10, 2);
    assertSameAsFullSort(in, List.of(rowNumber().over(WINDOWS.get(1)).as("r")), 0);
    LocalFrame empty = random(0, 10, 3);
    for (Supplier<Expr> f : FUNCTIONS) {
      assertSameAsFullSort(empty, List.of(f.get().over(WINDOWS.get(0)).as("r")), 2);
      assertSameAsFullSort(empty, List.of(f.get().over(WINDOWS.get(4)).as("r")), 2);
    }
  }

  /** Other window columns of the node still see whole partitions. */
  @Test
  void otherWindowColumnsCoverTheWholePartition() {
    LocalFrame in = random(30_000, 1_000, 4);
    WindowSpec window = WINDOWS.get(0);
    assertSameAsFullSort(
        in,
        List.of(
            sum("w").over(Window.partitionBy("p")).as("total"),
            denseRank().over(window).as("r"),
            rowNumber().over(WINDOWS.get(3)).as("other")),
        2);
  }

  /** Analysis hands the limit to the engine, which keeps only the top rows of each partition. */
  @Test
  void aFilterOnARankLimitsTheWindowBelowIt() {
    LocalFrame in = random(2_000, 40, 5);
    LogicalPlan plan =
        Analyzer.filter(
            Analyzer.select(
                Analyzer.existing(in),
                List.of(
                    io.frameshift.expr.Functions.col("id"),
                    io.frameshift.expr.Functions.col("p"),
                    rowNumber().over(WINDOWS.get(0)).as("rn"))),
            io.frameshift.expr.Functions.col("rn").le(2));
    Windowed w = (Windowed) plan.children().get(0).children().get(0);
    assertThat(w.limit()).isEqualTo(new RankLimit("rn", 2));
    LocalFrame out = (LocalFrame) Plans.run(plan);
    // 39 partitions with a key and the null one, each of at least 2 rows
    assertThat(out.rows()).isEqualTo(80);
  }
}
