package io.frameshift.local;

import io.frameshift.expr.Aggregate;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Over;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.RankingFunction;
import io.frameshift.expr.SortKey;
import io.frameshift.expr.WindowSpec;
import io.frameshift.spi.ExprTypes;
import io.frameshift.spi.RankLimit;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Window columns. Rows are laid out by partition and, within one, in window order; ranking and
 * offset functions walk that layout; an aggregate covers the whole partition without an order and,
 * with one, runs from the partition's start through the current row and every row tied with it
 * (SQL's default {@code RANGE UNBOUNDED PRECEDING} frame). Output rows keep the input order.
 */
final class Windows {
  private Windows() {}

  static LocalFrame apply(LocalFrame in, List<Expr> columns, Schema schema) {
    List<Vec> vecs = new ArrayList<>(in.columns());
    Map<WindowSpec, Layout> layouts = new HashMap<>();
    for (Expr column : columns) {
      vecs.add(compute((Over) ((Alias) column).input(), in, layouts));
    }
    return new LocalFrame(schema, vecs, in.rows());
  }

  /**
   * The rows whose ranking column {@code limit.column()} is at most {@code limit.max()}, selected
   * per partition without sorting it ({@link WindowTopN}); the node's other window columns, if any,
   * are computed over every row first, as they see the whole partition.
   */
  static LocalFrame apply(LocalFrame in, List<Expr> columns, Schema schema, RankLimit limit) {
    Over ranked = null;
    for (Expr column : columns) {
      if (((Alias) column).name().equals(limit.column())) {
        ranked = (Over) ((Alias) column).input();
      }
    }
    if (ranked == null || !(ranked.function() instanceof Ranking r)) {
      throw new IllegalArgumentException(
          "rank limit " + limit + " names no ranking column of the window: " + columns);
    }
    WindowTopN top = WindowTopN.of(in, ranked.window(), r.function(), limit.max());
    if (top == null) {
      return keep(apply(in, columns, schema), schema.indexOf(limit.column()), limit.max());
    }
    List<Vec> vecs = new ArrayList<>(in.take(top.rows()).columns());
    Map<WindowSpec, Layout> layouts = new HashMap<>();
    for (Expr column : columns) {
      Alias alias = (Alias) column;
      vecs.add(
          alias.name().equals(limit.column())
              ? Vec.ofInts(DataType.INT32, top.ranks(), null)
              : compute((Over) alias.input(), in, layouts).take(top.rows()));
    }
    return new LocalFrame(schema, vecs, top.rows().length);
  }

  /** The rows of {@code all} whose INT32 column {@code rank} is at most {@code max}. */
  private static LocalFrame keep(LocalFrame all, int rank, int max) {
    Vec ranks = all.column(rank);
    int[] keep = new int[all.rows()];
    int m = 0;
    for (int i = 0; i < keep.length; i++) {
      if (ranks.i32(i) <= max) {
        keep[m++] = i;
      }
    }
    return all.take(Arrays.copyOf(keep, m));
  }

  private static Vec compute(Over over, LocalFrame in, Map<WindowSpec, Layout> layouts) {
    Layout layout = layouts.computeIfAbsent(over.window(), w -> Layout.of(in, w));
    return over.function() instanceof Ranking r
        ? ranking(r, layout, in)
        : aggregate((Aggregate) over.function(), layout, in, ExprTypes.typeOf(over, in.schema()));
  }

  /**
   * Rows in window order: {@code order[start[p]..start[p + 1])} are partition p's rows, sorted;
   * {@code peerEnd[i]} is the position just after the last row tied with position i.
   */
  private record Layout(int[] order, int[] start, int partitions, int[] peerEnd) {
    static Layout of(LocalFrame in, WindowSpec w) {
      int n = in.rows();
      List<Vec> parts = new ArrayList<>();
      for (Expr p : w.partitionBy()) {
        parts.add(Evaluator.eval(p, in));
      }
      Grouping g = Grouping.of(parts, n);
      int[] start = new int[g.groups() + 1];
      int[] order = g.rowsByGroup(start);
      int[] peerEnd = null;
      if (!w.orderBy().isEmpty()) {
        List<Order.Key> keys = new ArrayList<>();
        for (SortKey k : w.orderBy()) {
          keys.add(new Order.Key(Evaluator.eval(k.expr(), in), k.ascending(), k.nullsFirstOrder()));
        }
        IntComparator cmp = Order.rows(keys);
        peerEnd = new int[n];
        // one copy serves every partition's merge buffer (the ranges are disjoint); without it
        // each call would clone the whole array
        int[] buffer = order.clone();
        int[] ends = peerEnd;
        // partitions are disjoint ranges of order, buffer and peerEnd: they sort independently
        Parallelism.forEach(
            g.groups(),
            n,
            p -> {
              IntArrays.mergeSort(order, start[p], start[p + 1], cmp, buffer);
              int end = start[p + 1];
              for (int i = end - 1; i >= start[p]; i--) {
                ends[i] =
                    i + 1 < end && cmp.compare(order[i], order[i + 1]) == 0 ? ends[i + 1] : i + 1;
              }
            });
      }
      return new Layout(order, start, g.groups(), peerEnd);
    }
  }

  private static Vec ranking(Ranking r, Layout layout, LocalFrame in) {
    int n = in.rows();
    int[] order = layout.order();
    return switch (r.function()) {
      case ROW_NUMBER, RANK, DENSE_RANK -> {
        int[] out = new int[n];
        for (int p = 0; p < layout.partitions(); p++) {
          int dense = 0;
          for (int i = layout.start()[p]; i < layout.start()[p + 1]; i = layout.peerEnd()[i]) {
            dense++;
            for (int j = i; j < layout.peerEnd()[i]; j++) {
              out[order[j]] =
                  switch (r.function()) {
                    case ROW_NUMBER -> j - layout.start()[p] + 1;
                    case RANK -> i - layout.start()[p] + 1;
                    case DENSE_RANK -> dense;
                    case LAG, LEAD -> throw new IllegalStateException();
                  };
            }
          }
        }
        yield Vec.ofInts(DataType.INT32, out, null);
      }
      case LAG, LEAD -> {
        Vec value = Evaluator.eval(r.args().get(0), in);
        int offset = (Integer) ((Literal) r.args().get(1)).value();
        Vec fallback = Evaluator.eval(r.args().get(2), in);
        int step = r.function() == RankingFunction.LAG ? -offset : offset;
        int[] idx = new int[n];
        for (int p = 0; p < layout.partitions(); p++) {
          int s = layout.start()[p];
          int e = layout.start()[p + 1];
          for (int i = s; i < e; i++) {
            int target = i + step;
            idx[order[i]] = target >= s && target < e ? order[target] : n + order[i];
          }
        }
        yield Vec.concat(value.type(), List.of(value, fallback)).take(idx);
      }
    };
  }

  private static Vec aggregate(Aggregate agg, Layout layout, LocalFrame in, DataType type) {
    int n = in.rows();
    Accumulator acc = Accumulator.of(agg, in, type);
    acc.init(layout.partitions(), n);
    int[] order = layout.order();
    for (int p = 0; p < layout.partitions(); p++) {
      int s = layout.start()[p];
      int e = layout.start()[p + 1];
      if (layout.peerEnd() == null) {
        for (int i = s; i < e; i++) {
          acc.add(p, order[i]);
        }
        for (int i = s; i < e; i++) {
          acc.emit(p, order[i]);
        }
        continue;
      }
      for (int i = s; i < e; i = layout.peerEnd()[i]) {
        int peers = layout.peerEnd()[i];
        for (int j = i; j < peers; j++) {
          acc.add(p, order[j]);
        }
        for (int j = i; j < peers; j++) {
          acc.emit(p, order[j]);
        }
      }
    }
    return acc.finish();
  }
}
