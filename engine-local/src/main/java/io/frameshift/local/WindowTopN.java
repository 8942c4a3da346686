package io.frameshift.local;

import io.frameshift.expr.Expr;
import io.frameshift.expr.RankingFunction;
import io.frameshift.expr.SortKey;
import io.frameshift.expr.WindowSpec;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of each partition whose {@code row_number()}, {@code rank()} or {@code dense_rank()} is
 * at most k, found without sorting any partition: one pass over the rows keeps, per partition, the
 * k first rows in window order in k slots (for dense rank, one row per distinct value); the k-th
 * slot is then the threshold a second pass compares each row with (rank and dense rank keep every
 * row tied with it). Only the rows kept are sorted, to number them.
 *
 * <p>The ranks are those of the whole partition: a row's rank counts the rows ordered before it,
 * and its dense rank the distinct values before it, all of which are kept. Row numbers follow
 * window order and, among tied rows, input order, as the full sort ({@link Windows}) numbers them.
 *
 * @param rows the rows kept, ascending
 * @param ranks each kept row's value of the ranking function
 */
record WindowTopN(int[] rows, int[] ranks) {

  /**
   * The rows of {@code in} whose {@code function} over {@code window} is at most {@code k}; null
   * when the partitions are so many that k slots each would outnumber the rows (sorting them all
   * then costs no more).
   */
  static WindowTopN of(LocalFrame in, WindowSpec window, RankingFunction function, int k) {
    int n = in.rows();
    if (k == 0 || n == 0) {
      return new WindowTopN(new int[0], new int[0]);
    }
    List<Vec> parts = new ArrayList<>();
    for (Expr p : window.partitionBy()) {
      parts.add(Evaluator.eval(p, in));
    }
    Grouping g = Grouping.of(parts, n);
    if ((long) g.groups() * k > n) {
      return null;
    }
    List<Order.Key> keys = new ArrayList<>();
    for (SortKey s : window.orderBy()) {
      keys.add(new Order.Key(Evaluator.eval(s.expr(), in), s.ascending(), s.nullsFirstOrder()));
    }
    IntComparator cmp = Order.rows(keys);
    boolean dense = function == RankingFunction.DENSE_RANK;
    Slots slots = Slots.select(g, cmp, k, dense);
    if (function == RankingFunction.ROW_NUMBER) {
      return slots.numbered();
    }
    return number(slots.threshold(g.groupOf(), cmp), g.groupOf(), cmp, function);
  }

  /**
   * The first k rows (by window order, then row) of every partition, or for dense rank the first
   * row of each of the k smallest distinct values: {@code slot[p * k .. p * k + count[p])}, in
   * order.
   */
  private record Slots(int[] slot, int[] count, int k, IntComparator cmp, boolean dense) {

    static Slots select(Grouping g, IntComparator cmp, int k, boolean dense) {
      int[] groupOf = g.groupOf();
      RowChunks chunks = RowChunks.of(groupOf.length);
      Slots[] parts = new Slots[chunks.count()];
      chunks.run(
          ch -> {
            Slots s = new Slots(new int[g.groups() * k], new int[g.groups()], k, cmp, dense);
            for (int r = chunks.from(ch), to = chunks.to(ch); r < to; r++) {
              s.offer(groupOf[r], r);
            }
            parts[ch] = s;
          });
      // a later chunk's rows come after every row of an earlier one: offered in order, each
      // chunk's kept rows merge as if one pass had seen them all
      Slots all = parts[0];
      for (int ch = 1; ch < parts.length; ch++) {
        Slots s = parts[ch];
        for (int p = 0; p < s.count.length; p++) {
          for (int i = p * k, end = i + s.count[p]; i < end; i++) {
            all.offer(p, s.slot[i]);
          }
        }
      }
      return all;
    }

    /** Offers row {@code r}, after every row offered to partition {@code p} so far. */
    void offer(int p, int r) {
      int base = p * k;
      int c = count[p];
      int last = base + c - 1;
      // a full partition's last slot is the bar; a row tied with it comes later, so it loses
      if (c == k && cmp.compare(r, slot[last]) >= 0) {
        return;
      }
      int at = last + 1;
      while (at > base) {
        int d = cmp.compare(r, slot[at - 1]);
        if (d > 0 || d == 0 && !dense) {
          break;
        }
        if (d == 0) {
          return; // dense rank: this value holds a slot already
        }
        at--;
      }
      int end = c == k ? last : last + 1; // a full partition drops its last row
      System.arraycopy(slot, at, slot, at + 1, end - at);
      slot[at] = r;
      if (c < k) {
        count[p] = c + 1;
      }
    }

    /** Row numbers: the slots, numbered in order, listed by row. */
    WindowTopN numbered() {
      int m = 0;
      for (int c : count) {
        m += c;
      }
      long[] packed = new long[m];
      int i = 0;
      for (int p = 0; p < count.length; p++) {
        for (int j = 0; j < count[p]; j++) {
          packed[i++] = (long) slot[p * k + j] << 32 | (j + 1);
        }
      }
      Arrays.sort(packed);
      int[] rows = new int[m];
      int[] ranks = new int[m];
      for (int j = 0; j < m; j++) {
        rows[j] = (int) (packed[j] >>> 32);
        ranks[j] = (int) packed[j];
      }
      return new WindowTopN(rows, ranks);
    }

    /**
     * The rows up to and tied with each full partition's last slot, and all rows of the others,
     * ascending.
     */
    int[] threshold(int[] groupOf, IntComparator cmp) {
      RowChunks chunks = RowChunks.of(groupOf.length);
      int[][] kept = new int[chunks.count()][];
      chunks.run(
          ch -> {
            int from = chunks.from(ch);
            int to = chunks.to(ch);
            int[] out = new int[Math.min(to - from, 1024)];
            int m = 0;
            for (int r = from; r < to; r++) {
              int p = groupOf[r];
              if (count[p] < k || cmp.compare(r, slot[p * k + k - 1]) <= 0) {
                if (m == out.length) {
                  out = Arrays.copyOf(out, Math.min(to - from, m * 2));
                }
                out[m++] = r;
              }
            }
            kept[ch] = Arrays.copyOf(out, m);
          });
      int[] all = new int[Arrays.stream(kept).mapToInt(a -> a.length).sum()];
      int at = 0;
      for (int[] part : kept) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      return all;
    }
  }

  /** Ranks or dense ranks of {@code rows} (ascending), which hold every row ranked before them. */
  private static WindowTopN number(
      int[] rows, int[] groupOf, IntComparator cmp, RankingFunction function) {
    int m = rows.length;
    int[] byOrder = new int[m]; // positions in rows, sorted by partition then window order
    for (int i = 0; i < m; i++) {
      byOrder[i] = i;
    }
    IntArrays.mergeSort(
        byOrder,
        (a, b) -> {
          int c = Integer.compare(groupOf[rows[a]], groupOf[rows[b]]);
          return c != 0 ? c : cmp.compare(rows[a], rows[b]);
        });
    int[] ranks = new int[m];
    int start = 0; // of the current partition in byOrder
    int dense = 0;
    for (int i = 0; i < m; i++) {
      int row = rows[byOrder[i]];
      if (i == 0 || groupOf[row] != groupOf[rows[byOrder[i - 1]]]) {
        start = i;
        dense = 1;
        ranks[byOrder[i]] = 1;
        continue;
      }
      int previous = byOrder[i - 1];
      if (cmp.compare(row, rows[previous]) == 0) {
        ranks[byOrder[i]] = ranks[previous];
        continue;
      }
      dense++;
      ranks[byOrder[i]] = function == RankingFunction.RANK ? i - start + 1 : dense;
    }
    return new WindowTopN(rows, ranks);
  }
}
