package io.frameshift;

import io.frameshift.expr.Expr;
import java.util.Arrays;
import java.util.List;

/** A frame grouped by keys, waiting for {@link #agg(Expr...)}. */
public final class GroupedDataFrame {
  private final DataFrame source;
  private final List<Expr> keys;

  GroupedDataFrame(DataFrame source, List<Expr> keys) {
    this.source = source;
    this.keys = List.copyOf(keys);
  }

  /**
   * One row per group: the keys, then the aggregates, e.g. {@code agg(count().as("n"),
   * sum("amount").as("total"))}. An aggregate may sit inside a larger expression ({@code
   * sum("a").div(count())}).
   */
  public DataFrame agg(Expr... aggregates) {
    return source.aggregate(keys, Arrays.asList(aggregates));
  }
}
