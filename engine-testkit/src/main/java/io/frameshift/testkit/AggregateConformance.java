package io.frameshift.testkit;

import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.first;
import static io.frameshift.expr.Functions.last;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.median;
import static io.frameshift.expr.Functions.min;
import static io.frameshift.expr.Functions.stddev;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.variance;
import static io.frameshift.types.DataType.BOOLEAN;
import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT32;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static io.frameshift.types.DataType.TIMESTAMP;
import static io.frameshift.types.DataType.decimal;

import io.frameshift.DataFrame;
import io.frameshift.error.EvaluationException;
import org.junit.jupiter.api.Test;

/** groupBy and aggregates (docs/semantics.md, "Aggregates"). */
public interface AggregateConformance extends ConformanceBase {

  private DataFrame sales() {
    return frame(
        schema(field("k", STRING), field("v", INT32), field("d", FLOAT64)),
        row("a", 1, 1.5),
        row("a", 2, null),
        row("a", null, 2.5),
        row("b", 10, 4.0),
        row(null, 5, 0.5),
        row(null, null, null));
  }

  @Test
  default void groupByComputesEachAggregateAndNamesItBySqlForm() {
    DataFrame out =
        sales().groupBy("k").agg(count(), count("v"), sum("v"), avg("v"), min("v"), max("v"));
    assertSchema(
        out,
        field("k", STRING),
        field("count(*)", INT64),
        field("count(v)", INT64),
        field("sum(v)", INT64),
        field("avg(v)", FLOAT64),
        field("min(v)", INT32),
        field("max(v)", INT32));
    assertRows(
        out,
        row("a", 3L, 2L, 3L, 1.5, 1, 2),
        row("b", 1L, 1L, 10L, 10.0, 10, 10),
        row(null, 2L, 1L, 5L, 5.0, 5, 5));
  }

  @Test
  default void floatAggregatesSkipNulls() {
    assertRows(
        sales()
            .groupBy("k")
            .agg(sum("d").as("s"), avg("d").as("a"), min("d").as("lo"), max("d").as("hi")),
        row("a", 4.0, 2.0, 1.5, 2.5),
        row("b", 4.0, 4.0, 4.0, 4.0),
        row(null, 0.5, 0.5, 0.5, 0.5));
  }

  @Test
  default void float32SumsAndAveragesAreFloat64() {
    DataFrame out =
        column("f", FLOAT32, 1.5f, 2.5f, null)
            .agg(sum("f").as("s"), avg("f").as("a"), min("f").as("lo"), max("f").as("hi"));
    assertSchema(
        out, field("s", FLOAT64), field("a", FLOAT64), field("lo", FLOAT32), field("hi", FLOAT32));
    assertRows(out, row(4.0, 2.0, 1.5f, 2.5f));
  }

  @Test
  default void groupByWithoutKeysGivesOneRow() {
    assertRows(sales().agg(count(), sum("v"), max("d")), row(6L, 18L, 4.0));
    assertRows(sales().groupBy(new String[0]).agg(count().as("n")), row(6L));
  }

  @Test
  default void groupByWithoutKeysOnEmptyInputGivesOneRow() {
    DataFrame empty = sales().filter(col("v").gt(100));
    DataFrame out =
        empty.agg(
            count().as("n"),
            count("v").as("nv"),
            countDistinct("v").as("dv"),
            sum("v").as("s"),
            avg("v").as("a"),
            min("k").as("lo"),
            stddev("d").as("sd"),
            median("d").as("med"));
    assertSchema(
        out,
        field("n", INT64),
        field("nv", INT64),
        field("dv", INT64),
        field("s", INT64),
        field("a", FLOAT64),
        field("lo", STRING),
        field("sd", FLOAT64),
        field("med", FLOAT64));
    assertRows(out, row(0L, 0L, 0L, null, null, null, null, null));
  }

  @Test
  default void groupByKeysOnEmptyInputGivesNoRow() {
    assertRows(sales().filter(col("v").gt(100)).groupBy("k").agg(count().as("n")));
  }

  @Test
  default void aggregatesOverOnlyNullsAreNullButCountsAreZero() {
    DataFrame kv =
        frame(
            schema(field("k", STRING), field("v", INT32)),
            row("x", null),
            row("x", null),
            row("y", 1));
    assertRows(
        kv.groupBy("k")
            .agg(
                count("v").as("n"),
                countDistinct("v").as("nd"),
                sum("v").as("s"),
                avg("v").as("a"),
                min("v").as("lo"),
                max("v").as("hi"),
                stddev("v").as("sd"),
                variance("v").as("var"),
                median("v").as("med"),
                first("v").as("f"),
                last("v").as("l")),
        row("x", 0L, 0L, null, null, null, null, null, null, null, null, null),
        row("y", 1L, 1L, 1L, 1.0, 1, 1, null, null, 1.0, 1, 1));
  }

  @Test
  default void nullKeysFormOneGroup() {
    DataFrame ab =
        frame(
            schema(field("a", STRING), field("b", INT32)),
            row(null, 1),
            row(null, 1),
            row(null, null),
            row("x", null),
            row(null, null));
    assertRows(
        ab.groupBy("a", "b").agg(count().as("n")),
        row(null, 1, 2L),
        row(null, null, 2L),
        row("x", null, 1L));
  }

  @Test
  default void sumOfIntegersIsInt64AndRaisesOnOverflow() {
    assertRows(
        column("v", INT32, Integer.MAX_VALUE, Integer.MAX_VALUE).agg(sum("v").as("s")),
        row(4294967294L));
    assertRows(
        column("v", INT32, Integer.MIN_VALUE, Integer.MIN_VALUE).agg(sum("v").as("s")),
        row(-4294967296L));
    assertRunFailure(
        column("v", INT64, Long.MAX_VALUE, 1L).agg(sum("v")), EvaluationException.class);
    assertRunFailure(
        column("v", INT64, Long.MIN_VALUE, -1L).agg(sum("v")), EvaluationException.class);
  }

  @Test
  default void sumAndAvgOverFloatsPropagateNaN() {
    DataFrame gx =
        frame(
            schema(field("g", STRING), field("x", FLOAT64)),
            row("nan", 1.0),
            row("nan", Double.NaN),
            row("inf-inf", Double.POSITIVE_INFINITY),
            row("inf-inf", Double.NEGATIVE_INFINITY),
            row("inf", Double.POSITIVE_INFINITY),
            row("inf", 1.0));
    assertRows(
        gx.groupBy("g").agg(sum("x").as("s"), avg("x").as("a")),
        row("nan", Double.NaN, Double.NaN),
        row("inf-inf", Double.NaN, Double.NaN),
        row("inf", Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
  }

  @Test
  default void minAndMaxFollowTheSortOrder() {
    DataFrame values =
        frame(
            schema(
                field("f", FLOAT64),
                field("s", STRING),
                field("b", BOOLEAN),
                field("dt", DATE),
                field("p", decimal(5, 2)),
                field("t", TIMESTAMP)),
            row(1.0, "z", true, date("2150-01-01"), dec("1.50"), ts("1970-01-01T00:00:00Z")),
            row(
                Double.NaN,
                "é",
                false,
                date("1969-12-31"),
                dec("-2.25"),
                ts("1969-12-31T23:59:59.999999Z")),
            row(Double.NEGATIVE_INFINITY, "𝄞", null, null, null, null),
            row(null, "ｚ", null, null, null, null),
            row(null, "Z", null, null, null, null));
    DataFrame out =
        values.agg(
            min("f").as("f_lo"),
            max("f").as("f_hi"),
            min("s").as("s_lo"),
            max("s").as("s_hi"),
            min("b").as("b_lo"),
            max("b").as("b_hi"),
            min("dt").as("dt_lo"),
            max("dt").as("dt_hi"),
            min("p").as("p_lo"),
            max("p").as("p_hi"),
            min("t").as("t_lo"),
            max("t").as("t_hi"));
    assertSchema(
        out,
        field("f_lo", FLOAT64),
        field("f_hi", FLOAT64),
        field("s_lo", STRING),
        field("s_hi", STRING),
        field("b_lo", BOOLEAN),
        field("b_hi", BOOLEAN),
        field("dt_lo", DATE),
        field("dt_hi", DATE),
        field("p_lo", decimal(5, 2)),
        field("p_hi", decimal(5, 2)),
        field("t_lo", TIMESTAMP),
        field("t_hi", TIMESTAMP));
    assertRows(
        out,
        row(
            Double.NEGATIVE_INFINITY,
            Double.NaN,
            "Z",
            "𝄞",
            false,
            true,
            date("1969-12-31"),
            date("2150-01-01"),
            dec("-2.25"),
            dec("1.50"),
            ts("1969-12-31T23:59:59.999999Z"),
            ts("1970-01-01T00:00:00Z")));
  }

  @Test
  default void countDistinctCountsDistinctNonNullValues() {
    DataFrame out = column("v", INT32, 1, 1, 2, null, null).agg(countDistinct("v"));
    assertSchema(out, field("count(DISTINCT v)", INT64));
    assertRows(out, row(2L));
    assertRows(
        column("x", FLOAT64, Double.NaN, Double.NaN, 1.0, null).agg(countDistinct("x").as("n")),
        row(2L));
  }

  @Test
  default void stddevAndVarianceAreTheSampleForms() {
    DataFrame gv =
        frame(
            schema(field("g", STRING), field("v", INT32)),
            row("a", 2),
            row("a", 4),
            row("a", 6),
            row("a", null),
            row("b", 1),
            row("b", 3),
            row("c", 5));
    assertRows(
        gv.groupBy("g").agg(variance("v").as("var"), stddev("v").as("sd")),
        row("a", 4.0, 2.0),
        row("b", 2.0, Math.sqrt(2.0)),
        row("c", null, null));
  }

  @Test
  default void medianIsTheContinuousMedian() {
    DataFrame gv =
        frame(
            schema(field("g", STRING), field("v", INT32)),
            row("even", 1),
            row("even", 3),
            row("even", 2),
            row("even", 10),
            row("odd", 5),
            row("odd", 1),
            row("odd", 3),
            row("one", 7),
            row("one", null));
    DataFrame out = gv.groupBy("g").agg(median("v").as("m"));
    assertSchema(out, field("g", STRING), field("m", FLOAT64));
    assertRows(out, row("even", 2.5), row("odd", 3.0), row("one", 7.0));
  }

  @Test
  default void firstAndLastSkipNulls() {
    DataFrame gv =
        frame(
            schema(field("g", STRING), field("v", INT32)),
            row("x", null),
            row("x", 7),
            row("x", null),
            row("y", null));
    assertRows(
        gv.groupBy("g").agg(first("v").as("f"), last("v").as("l")),
        row("x", 7, 7),
        row("y", null, null));
  }

  @Test
  default void decimalSumWidensAndAvgIsExact() {
    DataFrame p = column("p", decimal(10, 2), dec("1.25"), dec("2.50"), null);
    DataFrame out = p.agg(sum("p").as("s"), avg("p").as("a"), min("p").as("lo"));
    assertSchema(out, field("s", decimal(20, 2)), field("a", FLOAT64), field("lo", decimal(10, 2)));
    assertRows(out, row(dec("3.75"), 1.875, dec("1.25")));
    // exactly 0.15; summing doubles would give 0.15000000000000002
    assertRows(
        column("q", decimal(38, 10), dec("0.1000000000"), dec("0.2000000000"))
            .agg(avg("q").as("a")),
        row(0.15));
  }

  @Test
  default void decimal38SumThatDoesNotFitRaises() {
    DataFrame big =
        column(
            "p",
            decimal(38, 2),
            dec("999999999999999999999999999999999999.99"),
            dec("999999999999999999999999999999999999.99"));
    assertSchema(big.agg(sum("p").as("s")), field("s", decimal(38, 2)));
    assertRunFailure(big.agg(sum("p")), EvaluationException.class);
  }

  @Test
  default void nanKeysFormOneGroup() {
    assertRows(
        column("k", FLOAT64, Double.NaN, Double.NaN, 1.0, null).groupBy("k").agg(count().as("n")),
        row(Double.NaN, 2L),
        row(1.0, 1L),
        row(null, 1L));
  }

  @Test
  default void negativeZeroAndZeroAreOneKey() {
    // which of the two comes out as the key is not specified; that it is one group is
    assertRows(
        column("k", FLOAT64, -0.0, 0.0, 0.0)
            .groupBy("k")
            .agg(count().as("n"))
            .select(col("k").eq(0.0).as("zero"), col("n")),
        row(true, 3L));
  }

  @Test
  default void aggregatesInsideExpressions() {
    DataFrame out =
        sales().groupBy("k").agg(sum("v").div(count()), max("v").minus(min("v")).as("spread"));
    assertSchema(
        out, field("k", STRING), field("(sum(v) / count(*))", FLOAT64), field("spread", INT32));
    assertRows(out, row("a", 1.0, 1), row("b", 10.0, 0), row(null, 2.5, 0));
  }

  @Test
  default void groupByAnExpression() {
    DataFrame out = sales().groupBy(col("v").mod(2).as("parity")).agg(count().as("n"));
    assertSchema(out, field("parity", INT32), field("n", INT64));
    assertRows(out, row(1, 2L), row(0, 2L), row(null, 2L));
  }
}
