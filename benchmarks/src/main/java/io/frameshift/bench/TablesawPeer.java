package io.frameshift.bench;

import static tech.tablesaw.aggregate.AggregateFunctions.count;
import static tech.tablesaw.aggregate.AggregateFunctions.max;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.median;
import static tech.tablesaw.aggregate.AggregateFunctions.min;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;
import static tech.tablesaw.aggregate.AggregateFunctions.sum;

import java.util.List;
import tech.tablesaw.aggregate.AggregateFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.joining.JoinType;
import tech.tablesaw.selection.BitmapBackedSelection;
import tech.tablesaw.selection.Selection;

/**
 * Raw Tablesaw, written as a Tablesaw user would: {@code summarize(..).by(..)} (which computes
 * every listed function for every listed column), {@code joinOn(..)}, {@code sortOn(..)}; the
 * top-two question, which Tablesaw has no window function for, sorts and keeps each group's first
 * two rows.
 */
final class TablesawPeer implements Peer {
  private Table x;
  private Table jx;
  private Table small;
  private Table medium;
  private Table big;

  @Override
  public String name() {
    return "raw Tablesaw";
  }

  @Override
  public void load(Inputs in) {
    if (in.groupBy() != null) {
      x = Tables.of(in.groupBy());
    }
    if (in.join() != null) {
      jx = Tables.of(in.join().x());
      small = Tables.of(in.join().small());
      medium = Tables.of(in.join().medium());
      big = Tables.of(in.join().big());
    }
  }

  @Override
  public Result run(Question q) {
    Table t = query(q);
    return () -> answer(q, t);
  }

  private Table query(Question q) {
    return switch (q) {
      case G1 -> named(x.summarize("v1", sum).by("id1"), "v1", sum, "v1");
      case G2 -> named(x.summarize("v1", sum).by("id1", "id2"), "v1", sum, "v1");
      case G3 -> {
        Table t = x.summarize("v1", "v3", sum, mean).by("id3");
        yield named(named(t, "v1", sum, "v1"), "v3", mean, "v3");
      }
      case G4 -> {
        Table t = x.summarize("v1", "v2", "v3", mean).by("id4");
        yield named(named(named(t, "v1", mean, "v1"), "v2", mean, "v2"), "v3", mean, "v3");
      }
      case G5 -> {
        Table t = x.summarize("v1", "v2", "v3", sum).by("id6");
        yield named(named(named(t, "v1", sum, "v1"), "v2", sum, "v2"), "v3", sum, "v3");
      }
      case G6 -> {
        Table t = x.summarize("v3", median, stdDev).by("id4", "id5");
        yield named(named(t, "v3", median, "median_v3"), "v3", stdDev, "sd_v3");
      }
      case G7 -> {
        Table t = x.summarize("v1", "v2", max, min).by("id3");
        DoubleColumn range =
            ((NumericColumn<?>) t.column(name(max, "v1")))
                .subtract((NumericColumn<?>) t.column(name(min, "v2")))
                .setName("range_v1_v2");
        yield Table.create(t.column("id3"), range);
      }
      case G8 -> top2(x);
      case G9 -> r2(x);
      case G10 -> {
        Table t = x.summarize("v3", sum, count).by("id1", "id2", "id3", "id4", "id5", "id6");
        yield named(named(t, "v3", sum, "v3"), "v3", count, "count");
      }
      case J1 -> join(jx, small, JoinType.INNER, "id1");
      case J2 -> join(jx, medium, JoinType.INNER, "id2");
      case J3 -> join(jx, medium, JoinType.LEFT_OUTER, "id2");
      case J4 -> join(jx, medium, JoinType.INNER, "id5");
      case J5 -> join(jx, big, JoinType.INNER, "id3");
      case SORT -> x.sortOn("id3", "v3");
    };
  }

  private static Table join(Table left, Table right, JoinType type, String key) {
    return left.joinOn(key).with(right).type(type).allowDuplicateColumnNames(true).join();
  }

  private static Table top2(Table x) {
    Table sorted =
        x.where(x.doubleColumn("v3").isNotMissing())
            .selectColumns("id6", "v3")
            .sortOn("id6", "-v3");
    var id6 = sorted.intColumn("id6");
    Selection keep = new BitmapBackedSelection();
    int run = 0;
    for (int r = 0; r < sorted.rowCount(); r++) {
      run = r > 0 && id6.getInt(r) == id6.getInt(r - 1) ? run + 1 : 0;
      if (run < 2) {
        keep.add(r);
      }
    }
    Table t = sorted.where(keep);
    t.column("v3").setName("largest2_v3");
    return t;
  }

  /** The r2 formula of {@link FrameshiftQueries}, from means of products. */
  private static Table r2(Table x) {
    Table w = x.selectColumns("id2", "id4", "v1", "v2");
    NumericColumn<?> v1 = w.intColumn("v1");
    NumericColumn<?> v2 = w.intColumn("v2");
    w.addColumns(
        v1.multiply(v2).setName("v12"),
        v1.multiply(v1).setName("v11"),
        v2.multiply(v2).setName("v22"));
    Table m = w.summarize(List.of("v12", "v1", "v2", "v11", "v22"), mean).by("id2", "id4");
    DoubleColumn m1 = m.doubleColumn(name(mean, "v1"));
    DoubleColumn m2 = m.doubleColumn(name(mean, "v2"));
    DoubleColumn cov = m.doubleColumn(name(mean, "v12")).subtract(m1.multiply(m2));
    DoubleColumn var1 = m.doubleColumn(name(mean, "v11")).subtract(m1.multiply(m1));
    DoubleColumn var2 = m.doubleColumn(name(mean, "v22")).subtract(m2.multiply(m2));
    DoubleColumn r2 = cov.multiply(cov).divide(var1.multiply(var2)).setName("r2");
    return Table.create(m.column("id2"), m.column("id4"), r2);
  }

  private static String name(AggregateFunction<?, ?> f, String column) {
    return f.functionName() + " [" + column + "]";
  }

  /** {@code t} with the result column of {@code f} over {@code column} renamed. */
  private static Table named(Table t, String column, AggregateFunction<?, ?> f, String as) {
    t.column(name(f, column)).setName(as);
    return t;
  }

  private static Answer answer(Question q, Table t) {
    if (q == Question.SORT) {
      DoubleColumn v3 = t.doubleColumn("v3");
      return new Answer(
          t.rowCount(), new double[] {sum(v3), v3.getDouble(0), v3.getDouble(v3.size() - 1)});
    }
    double[] sums = new double[q.checked().size()];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = sum(t.column(q.checked().get(i)));
    }
    return new Answer(t.rowCount(), sums);
  }

  /** The sum of the non-missing values (as SQL's sum). */
  private static double sum(Column<?> c) {
    NumericColumn<?> n = (NumericColumn<?>) c;
    double s = 0;
    for (int i = 0; i < n.size(); i++) {
      if (!n.isMissing(i)) {
        s += n.getDouble(i);
      }
    }
    return s;
  }

  @Override
  public void close() {
    x = jx = small = medium = big = null;
  }
}
