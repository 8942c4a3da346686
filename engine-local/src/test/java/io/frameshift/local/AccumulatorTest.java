package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.frameshift.types.DataType;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Aggregates over many rows and few groups accumulate ranges of rows in parallel and merge them:
 * the results are those of adding every row in order, ties and overflowing partial sums included.
 */
class AccumulatorTest {
  // above Parallelism.PARALLEL_ROWS, so addAll splits the rows on a machine with 2+ cores
  private static final int ROWS = 300_000;
  private static final int GROUPS = 7;

  private static int[] groupOf(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] g = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      g[r] = rnd.nextInt(GROUPS);
    }
    return g;
  }

  /**
   * The output of {@code make}'s accumulator fed every row through addAll, with the groups' sizes
   * as groupBy offers them, and one row at a time.
   */
  private static List<Vec> bothWays(Supplier<Accumulator> make, int[] groupOf) {
    Accumulator split = make.get();
    split.init(GROUPS, GROUPS);
    split.countsFrom(new GroupSizes(groupOf, GROUPS));
    split.addAll(groupOf, GROUPS);
    Accumulator rowByRow = make.get();
    rowByRow.init(GROUPS, GROUPS);
    for (int r = 0; r < ROWS; r++) {
      rowByRow.add(groupOf[r], r);
    }
    for (int g = 0; g < GROUPS; g++) {
      split.emit(g, g);
      rowByRow.emit(g, g);
    }
    return List.of(split.finish(), rowByRow.finish());
  }

  @Test
  void rangesSplitForFewGroups() {
    assertThat(RowChunks.of(ROWS).count())
        .as("this test needs a machine with 2+ cores")
        .isGreaterThan(1);
  }

  @Test
  void sumsCountsAndAveragesMatchRowByRow() {
    SplittableRandom rnd = new SplittableRandom(1);
    int[] ints = new int[ROWS];
    double[] doubles = new double[ROWS];
    for (int r = 0; r < ROWS; r++) {
      ints[r] = rnd.nextInt(1000) - 500;
      doubles[r] = rnd.nextDouble() * 100;
    }
    int[] groupOf = groupOf(2);
    Vec i = Vec.ofInts(DataType.INT32, ints, null);
    Vec d = Vec.ofDoubles(doubles, null);
    List<Vec> sum = bothWays(() -> new Accumulator.Sum(i, DataType.INT64, false), groupOf);
    List<Vec> avg = bothWays(() -> new Accumulator.Sum(d, DataType.FLOAT64, true), groupOf);
    List<Vec> count = bothWays(() -> new Accumulator.Count(null), groupOf);
    for (int g = 0; g < GROUPS; g++) {
      assertThat(sum.get(0).i64(g)).isEqualTo(sum.get(1).i64(g));
      assertThat(avg.get(0).f64(g)).isCloseTo(avg.get(1).f64(g), within(1e-9));
      assertThat(count.get(0).i64(g)).isEqualTo(count.get(1).i64(g));
    }
  }

  @Test
  void countsAndAveragesOverNullsCountTheirValuesNotTheGroupsRows() {
    // with nulls in the input the groups' sizes are not the counts: each counts its own values
    SplittableRandom rnd = new SplittableRandom(3);
    int[] ints = new int[ROWS];
    double[] doubles = new double[ROWS];
    long[] nulls = null;
    for (int r = 0; r < ROWS; r++) {
      ints[r] = rnd.nextInt(1000);
      doubles[r] = rnd.nextDouble();
      if (rnd.nextInt(5) == 0) {
        nulls = Bits.setting(nulls, ROWS, r);
      }
    }
    int[] groupOf = groupOf(4);
    Vec i = Vec.ofInts(DataType.INT32, ints, nulls);
    Vec d = Vec.ofDoubles(doubles, nulls);
    List<Vec> avgInts = bothWays(() -> new Accumulator.Sum(i, DataType.FLOAT64, true), groupOf);
    List<Vec> avgDoubles = bothWays(() -> new Accumulator.Sum(d, DataType.FLOAT64, true), groupOf);
    List<Vec> count = bothWays(() -> new Accumulator.Count(i), groupOf);
    List<Vec> rows = bothWays(() -> new Accumulator.Count(null), groupOf);
    for (int g = 0; g < GROUPS; g++) {
      assertThat(avgInts.get(0).f64(g)).isCloseTo(avgInts.get(1).f64(g), within(1e-9));
      assertThat(avgDoubles.get(0).f64(g)).isCloseTo(avgDoubles.get(1).f64(g), within(1e-9));
      assertThat(count.get(0).i64(g)).isEqualTo(count.get(1).i64(g));
      assertThat(count.get(0).i64(g)).as("nulls not counted").isLessThan(rows.get(0).i64(g));
      assertThat(rows.get(0).i64(g)).isEqualTo(rows.get(1).i64(g));
    }
  }

  @Test
  void partialSumsThatOverflowMergeExactly() {
    // the first half of the rows overflows a long in every group, the second half brings it back
    long[] values = new long[ROWS];
    for (int r = 0; r < ROWS; r++) {
      values[r] = (r < ROWS / 2 ? 1 : -1) * (Long.MAX_VALUE / 1000);
    }
    Vec v = Vec.ofLongs(DataType.INT64, values, null);
    int[] groupOf = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      groupOf[r] = (r % (ROWS / 2)) % GROUPS; // each group has as many rows in both halves
    }
    List<Vec> sum = bothWays(() -> new Accumulator.Sum(v, DataType.INT64, false), groupOf);
    for (int g = 0; g < GROUPS; g++) {
      assertThat(sum.get(0).i64(g)).isEqualTo(0L).isEqualTo(sum.get(1).i64(g));
    }
  }

  @Test
  void picksMatchRowByRow() {
    SplittableRandom rnd = new SplittableRandom(3);
    int[] ints = new int[ROWS];
    int[] rowIds = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      ints[r] = rnd.nextInt(5); // many ties
      rowIds[r] = r;
    }
    int[] groupOf = groupOf(4);
    Vec v = Vec.ofInts(DataType.INT32, ints, null);
    Vec rows = Vec.ofInts(DataType.INT32, rowIds, null); // first and last show which row won
    String[] strings = new String[ROWS];
    for (int r = 0; r < ROWS; r++) {
      strings[r] = "s" + rnd.nextInt(50);
    }
    Vec text = Vec.ofStrings(strings); // ranked once, the ranks shared by the ranges
    for (Vec arg : List.of(v, rows, text)) {
      for (Accumulator.Pick.Mode mode : Accumulator.Pick.Mode.values()) {
        List<Vec> picked = bothWays(() -> new Accumulator.Pick(arg, mode), groupOf);
        for (int g = 0; g < GROUPS; g++) {
          assertThat(picked.get(0).get(g))
              .as("%s of group %d", mode, g)
              .isEqualTo(picked.get(1).get(g));
        }
      }
    }
  }
}
