package io.frameshift.spi;

import io.frameshift.expr.Call;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.Literal;
import io.frameshift.types.DataType;
import java.util.List;
import java.util.Objects;

/**
 * A window node's rows limited by one of its ranking columns: only the rows whose {@code column} (a
 * {@code row_number()}, {@code rank()} or {@code dense_rank()} of that node) is at most {@code max}
 * are kept. Analysis sets it where a filter such as {@code rn <= 2} sits above the window (the
 * filter stays), so an engine can select the top rows of each partition without ordering whole
 * partitions, as DuckDB's top-N window and Spark's {@code WindowGroupLimit} do.
 *
 * @param column the name of the ranking column
 * @param max the largest rank kept, at least 0
 */
public record RankLimit(String column, int max) {
  public RankLimit {
    Objects.requireNonNull(column, "column");
    if (max < 0) {
      throw new IllegalArgumentException("a rank limit keeps ranks up to max >= 0, not " + max);
    }
  }

  /** The rows kept, as a condition over the window node's output. */
  public Expr condition() {
    return new Call(Function.LE, List.of(new Column(column), new Literal(max, DataType.INT32)));
  }

  @Override
  public String toString() {
    return column + " <= " + max;
  }
}
