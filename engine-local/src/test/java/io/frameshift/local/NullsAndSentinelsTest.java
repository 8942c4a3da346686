package io.frameshift.local;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.min;
import static io.frameshift.local.Plans.list;
import static io.frameshift.local.Plans.row;
import static io.frameshift.local.Plans.rows;
import static io.frameshift.local.Plans.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.JoinType;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Null, NaN, the minimum integers and the empty string stay distinct values on every path. */
class NullsAndSentinelsTest {
  private static final Schema S =
      Schema.builder()
          .column("i", DataType.INT32)
          .column("l", DataType.INT64)
          .column("d", DataType.FLOAT64)
          .column("f", DataType.FLOAT32)
          .column("s", DataType.STRING)
          .build();

  private static LogicalPlan sentinels() {
    return values(
        S,
        row(Integer.MIN_VALUE, Long.MIN_VALUE, Double.NaN, Float.NaN, ""),
        row(null, null, null, null, null),
        row(0, 0L, 0.0, 0.0f, "x"));
  }

  @Test
  void createAndCollectKeepThemApart() {
    assertThat(rows(sentinels()))
        .containsExactly(
            list(Integer.MIN_VALUE, Long.MIN_VALUE, Double.NaN, Float.NaN, ""),
            list(null, null, null, null, null),
            list(0, 0L, 0.0, 0.0f, "x"));
  }

  @Test
  void nullTestsSeeOnlyRealNulls() {
    LogicalPlan p =
        Analyzer.select(
            sentinels(),
            List.of(
                col("i").isNull().as("i"),
                col("l").isNull().as("l"),
                col("d").isNull().as("d"),
                col("f").isNull().as("f"),
                col("s").isNull().as("s")));
    assertThat(rows(p))
        .containsExactly(
            list(false, false, false, false, false),
            list(true, true, true, true, true),
            list(false, false, false, false, false));
  }

  @Test
  void filterSortAndGroupKeepThemApart() {
    assertThat(rows(Analyzer.filter(sentinels(), col("i").lt(0))))
        .containsExactly(list(Integer.MIN_VALUE, Long.MIN_VALUE, Double.NaN, Float.NaN, ""));
    assertThat(Plans.column(Analyzer.sort(sentinels(), List.of(asc("d"))), "d"))
        .containsExactly(null, 0.0, Double.NaN);
    assertThat(Plans.column(Analyzer.sort(sentinels(), List.of(desc("l"))), "l"))
        .containsExactly(0L, Long.MIN_VALUE, null);
    LogicalPlan grouped =
        Analyzer.groupBy(
            Analyzer.union(sentinels(), sentinels()),
            List.of(col("s")),
            List.of(count().as("n"), min("i").as("mi"), max("d").as("md")));
    assertThat(rows(Analyzer.sort(grouped, List.of(asc("s")))))
        .containsExactly(
            list(null, 2L, null, null),
            list("", 2L, Integer.MIN_VALUE, Double.NaN),
            list("x", 2L, 0, 0.0));
  }

  @Test
  void joinsMatchSentinelsButNeverNulls() {
    LogicalPlan left = sentinels();
    LogicalPlan right = Analyzer.select(sentinels(), List.of(col("i"), col("s").as("t")));
    LogicalPlan joined =
        Analyzer.join(left, right, JoinType.INNER, List.of("i"), JoinSpec.DEFAULT_SUFFIX);
    assertThat(Plans.column(Analyzer.sort(joined, List.of(asc("i"))), "t"))
        .containsExactly("", "x");
  }

  @Test
  void castsAndArithmeticNeverTurnOneIntoAnother() {
    LogicalPlan p =
        Analyzer.select(
            sentinels(),
            List.of(
                col("i").cast(DataType.INT64).as("il"),
                col("d").cast(DataType.STRING).as("ds"),
                col("f").cast(DataType.FLOAT64).as("fd"),
                col("l").plus(0L).as("lp")));
    assertThat(rows(p))
        .containsExactly(
            list((long) Integer.MIN_VALUE, "NaN", Double.NaN, Long.MIN_VALUE),
            list(null, null, null, null),
            list(0L, "0.0", 0.0, 0L));
  }
}
