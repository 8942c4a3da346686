package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Group ids follow first appearance whatever path grouping takes: one range of rows or several
 * numbered in parallel and merged, keys read from int columns with and without nulls, from
 * dictionary strings, or combined.
 */
class GroupingTest {
  // above Parallelism.PARALLEL_ROWS, so Grouping.of splits the rows on a machine with 2+ cores
  private static final int ROWS = 300_000;

  /** The expected grouping: ids by first appearance of the row's key list. */
  private static void assertFirstAppearance(Grouping g, List<Vec> keys, int n) {
    Map<List<Object>, Integer> ids = new HashMap<>();
    List<Integer> first = new ArrayList<>();
    int[] expected = new int[n];
    for (int r = 0; r < n; r++) {
      List<Object> key = new ArrayList<>();
      for (Vec k : keys) {
        key.add(k.isNull(r) ? null : k.kind() == Vec.Kind.STRING ? k.str(r) : k.i32(r));
      }
      int row = r;
      expected[r] =
          ids.computeIfAbsent(
              key,
              k -> {
                first.add(row);
                return first.size() - 1;
              });
    }
    assertThat(g.groups()).isEqualTo(first.size());
    assertThat(g.firstRow()).isEqualTo(first.stream().mapToInt(i -> i).toArray());
    assertThat(g.groupOf()).isEqualTo(expected);
  }

  /**
   * Ints in {@code [0, distinct)}, nulls where asked; the last tenth of the rows brings values that
   * appear nowhere before it, so later ranges have groups of their own.
   */
  private static Vec ints(int n, int distinct, boolean nulls, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] values = new int[n];
    long[] mask = null;
    for (int r = 0; r < n; r++) {
      values[r] = r < n * 9 / 10 ? rnd.nextInt(distinct / 2) : rnd.nextInt(distinct);
      if (nulls && rnd.nextInt(20) == 0) {
        mask = Bits.setting(mask, n, r);
      }
    }
    return Vec.ofInts(DataType.INT32, values, mask);
  }

  private static Vec strings(int n, int distinct, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] values = new String[n];
    for (int r = 0; r < n; r++) {
      values[r] = rnd.nextInt(50) == 0 ? null : "s" + rnd.nextInt(distinct);
    }
    return Vec.ofStrings(values);
  }

  @Test
  void intKeyWithoutNulls() {
    Vec k = ints(ROWS, 100, false, 1);
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
  }

  @Test
  void everyCodeSeenEarlyAndTheColumnLeftAsItWas() {
    // every value appears within the first rows: the rest only look their group up
    SplittableRandom rnd = new SplittableRandom(6);
    int[] values = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      values[r] = 1000 + rnd.nextInt(100);
    }
    int[] before = values.clone();
    Vec k = Vec.ofInts(DataType.INT32, values, null);
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
    // the codes of a column without nulls are its own values, read in place
    assertThat(values).isEqualTo(before);
  }

  @Test
  void intBoundsSkipNullRowsAndAreKeptWithTheColumn() {
    // null rows hold values beyond the others' (as a sentinel would): the bounds leave them out
    int[] values = new int[ROWS];
    long[] nulls = null;
    for (int r = 0; r < ROWS; r++) {
      values[r] = 500 + r % 300;
      if (r % 1000 == 7) {
        values[r] = r % 2 == 0 ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        nulls = Bits.setting(nulls, ROWS, r);
      }
    }
    Vec k = Vec.ofInts(DataType.INT32, values, nulls);
    assertThat(k.intBounds()).isEqualTo(new IntBounds(500, 799));
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
    // a second grouping by the same column (of a cached frame, say) finds them kept
    assertThat(k.intBounds()).isSameAs(k.intBounds());
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
    assertThat(Vec.ofInts(DataType.INT32, new int[] {3}, Bits.setting(null, 1, 0)).intBounds())
        .as("no value")
        .matches(b -> b.min() > b.max());
  }

  @Test
  void intKeyWithNulls() {
    Vec k = ints(ROWS, 1000, true, 2);
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
  }

  /**
   * Strings {@code "s0".."s<distinct - 1>"}, a fiftieth null; from {@code lateFrom} of the rows on
   * also values that appear nowhere before.
   */
  private static Vec strings(int n, int distinct, int lateFrom, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    String[] values = new String[n];
    for (int r = 0; r < n; r++) {
      values[r] =
          rnd.nextInt(50) == 0
              ? null
              : r < lateFrom ? "s" + rnd.nextInt(distinct) : "late" + rnd.nextInt(distinct);
    }
    return Vec.ofStrings(values);
  }

  @Test
  void oneDictionaryStringKeyWithNulls() {
    // every value and the null appear within the first rows: the rest are looked up straight from
    // the dictionary keys
    Vec k = strings(ROWS, 300, 1);
    assertThat(k.dictionary()).as("coded strings").isNotNull();
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
  }

  @Test
  void oneDictionaryStringKeyWithManyValues() {
    // more values than a range numbers in parallel: numbered one row at a time from their codes
    Vec k = strings(ROWS, 70_000, ROWS * 9 / 10, 12);
    assertThat(k.dictionary()).as("coded strings").isNotNull();
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
  }

  @Test
  void oneDictionaryStringKeyWithValuesOnlyInLaterRows() {
    // values first met in the last tenth: the ranges number their own groups, merged in order
    Vec k = strings(ROWS, 300, ROWS * 9 / 10, 10);
    assertFirstAppearance(Grouping.of(List.of(k), ROWS), List.of(k), ROWS);
  }

  @Test
  void oneDictionaryStringKeyGatheredFromAnotherColumn() {
    // rows kept of a larger column (as a filter keeps them), some taken as null: the dictionary is
    // the other column's, so its codes are narrowed to those present
    Vec base = strings(ROWS, 300, ROWS * 9 / 10, 11);
    int[] idx = new int[ROWS / 2];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i % 13 == 5 ? -1 : ROWS - 1 - 2 * i;
    }
    Vec k = base.take(idx);
    assertFirstAppearance(Grouping.of(List.of(k), idx.length), List.of(k), idx.length);
  }

  @Test
  void dictionaryStringAndIntKeysCombined() {
    List<Vec> keys = List.of(strings(ROWS, 300, 3), ints(ROWS, 40, true, 4));
    assertFirstAppearance(Grouping.of(keys, ROWS), keys, ROWS);
  }

  @Test
  void keysTooManyCombinedForADirectTableAreHashed() {
    // 300 x 1000 x 1000 combinations: more than a direct table takes for these rows
    List<Vec> keys =
        List.of(strings(ROWS, 300, 7), ints(ROWS, 1000, false, 8), ints(ROWS, 1000, true, 9));
    assertFirstAppearance(Grouping.of(keys, ROWS), keys, ROWS);
  }

  @Test
  void anyNumberOfRangesMergesInOrderOfFirstAppearance() {
    for (int chunks : new int[] {1, 2, 3, 7}) {
      Vec k = ints(10_000, 500, false, chunks);
      Codes codes = Codes.of(k);
      Grouping g =
          Grouping.direct(
              codes.code(), codes.offset(), new int[10_000], 500, new RowChunks(10_000, chunks));
      assertFirstAppearance(g, List.of(k), 10_000);
    }
  }

  @Test
  void emptyAndSingleRowInputs() {
    for (int n : new int[] {0, 1}) {
      Vec k = ints(n, 2, false, 5);
      assertFirstAppearance(Grouping.of(List.of(k), n), List.of(k), n);
    }
  }
}
