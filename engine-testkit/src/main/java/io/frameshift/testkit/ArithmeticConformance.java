package io.frameshift.testkit;

import static io.frameshift.expr.Functions.abs;
import static io.frameshift.expr.Functions.ceil;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.floor;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.negate;
import static io.frameshift.expr.Functions.round;
import static io.frameshift.expr.Functions.when;
import static io.frameshift.types.DataType.FLOAT32;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.decimal;

import io.frameshift.DataFrame;
import io.frameshift.error.EvaluationException;
import org.junit.jupiter.api.Test;

/** ANSI arithmetic: result types, overflow, division, IEEE floats, exact decimals, rounding. */
public interface ArithmeticConformance extends ConformanceBase {

  @Test
  default void integerArithmeticKeepsItsType() {
    DataFrame out =
        frame(
                schema(field("i", INT32), field("j", INT32), field("l", INT64)),
                row(7, 2, 10L),
                row(-7, 3, -10L),
                row(null, 1, null))
            .select(
                col("i").plus(col("j")).as("sum"),
                col("i").minus(col("j")).as("diff"),
                col("i").times(col("j")).as("prod"),
                col("i").mod(col("j")).as("rem"),
                col("i").plus(col("l")).as("wide"),
                col("i").div(col("j")).as("quot"));
    assertSchema(
        out,
        field("sum", INT32),
        field("diff", INT32),
        field("prod", INT32),
        field("rem", INT32),
        field("wide", INT64),
        field("quot", FLOAT64));
    assertRows(
        out,
        row(9, 5, 14, 1, 17L, 3.5),
        row(-4, -10, -21, -1, -17L, -7.0 / 3.0),
        row(null, null, null, null, null, null));
  }

  @Test
  default void remainderTakesTheSignOfTheDividend() {
    DataFrame ints =
        frame(
            schema(field("a", INT32), field("b", INT32)),
            row(7, 3),
            row(-7, 3),
            row(7, -3),
            row(-7, -3),
            row(6, 3));
    assertRows(
        ints.select(col("a"), col("b"), col("a").mod(col("b")).as("r")),
        row(7, 3, 1),
        row(-7, 3, -1),
        row(7, -3, 1),
        row(-7, -3, -1),
        row(6, 3, 0));
    DataFrame floats =
        frame(
            schema(field("x", FLOAT64), field("y", FLOAT64)),
            row(7.5, 2.0),
            row(-7.5, 2.0),
            row(7.5, -2.0));
    assertRows(
        floats.select(col("x"), col("x").mod(col("y")).as("r")),
        row(7.5, 1.5),
        row(-7.5, -1.5),
        row(7.5, 1.5));
    DataFrame decimals =
        frame(
            schema(field("p", decimal(5, 2)), field("q", decimal(5, 2))),
            row(dec("7.50"), dec("2.00")),
            row(dec("-7.50"), dec("2.00")));
    DataFrame r = decimals.select(col("p"), col("p").mod(col("q")).as("r"));
    assertSchema(r, field("p", decimal(5, 2)), field("r", decimal(5, 2)));
    assertRows(r, row(dec("7.50"), dec("1.50")), row(dec("-7.50"), dec("-1.50")));
  }

  @Test
  default void divisionIsAlwaysFloat64() {
    DataFrame out =
        frame(
                schema(
                    field("l", INT64),
                    field("m", INT64),
                    field("i", INT32),
                    field("p", decimal(5, 2)),
                    field("q", decimal(5, 2))),
                row(7L, 2L, 1, dec("1.00"), dec("4.00")))
            .select(
                col("l").div(col("m")).as("lm"),
                col("i").div(3).as("third"),
                col("p").div(col("q")).as("pq"));
    assertSchema(out, field("lm", FLOAT64), field("third", FLOAT64), field("pq", FLOAT64));
    assertRows(out, row(3.5, 1.0 / 3.0, 0.25));
  }

  @Test
  default void int32OverflowRaises() {
    DataFrame m =
        frame(
            schema(field("max", INT32), field("min", INT32)),
            row(Integer.MAX_VALUE, Integer.MIN_VALUE));
    assertRunFailure(m.select(col("max").plus(1)), EvaluationException.class);
    assertRunFailure(m.select(col("min").minus(1)), EvaluationException.class);
    assertRunFailure(m.select(col("max").times(2)), EvaluationException.class);
    assertRunFailure(m.select(col("min").times(-1)), EvaluationException.class);
    assertRows(
        m.select(
            col("max").minus(1).plus(1).as("back"),
            col("min").plus(col("max")).as("sum"),
            col("min").div(-1).as("quot")),
        row(Integer.MAX_VALUE, -1, 2147483648.0));
  }

  @Test
  default void int64OverflowRaises() {
    DataFrame m =
        frame(
            schema(field("max", INT64), field("min", INT64)), row(Long.MAX_VALUE, Long.MIN_VALUE));
    assertRunFailure(m.select(col("max").plus(1)), EvaluationException.class);
    assertRunFailure(m.select(col("min").minus(1)), EvaluationException.class);
    assertRunFailure(m.select(col("max").times(2)), EvaluationException.class);
    assertRunFailure(m.select(col("min").times(-1L)), EvaluationException.class);
    assertRows(
        m.select(col("max").minus(1).plus(1).as("back"), col("min").plus(col("max")).as("sum")),
        row(Long.MAX_VALUE, -1L));
  }

  @Test
  default void negateAndAbsOfTheMinimumRaise() {
    DataFrame m =
        frame(schema(field("i", INT32), field("l", INT64)), row(Integer.MIN_VALUE, Long.MIN_VALUE));
    assertRunFailure(m.select(negate(col("i"))), EvaluationException.class);
    assertRunFailure(m.select(abs(col("i"))), EvaluationException.class);
    assertRunFailure(m.select(negate(col("l"))), EvaluationException.class);
    assertRunFailure(m.select(abs(col("l"))), EvaluationException.class);
    assertRows(
        m.select(abs(col("i").plus(1)).as("i"), negate(col("l").plus(1)).as("l")),
        row(Integer.MAX_VALUE, Long.MAX_VALUE));
  }

  @Test
  default void divisionByZeroRaises() {
    DataFrame z =
        frame(
            schema(
                field("i", INT32),
                field("zi", INT32),
                field("d", FLOAT64),
                field("zd", FLOAT64),
                field("nz", FLOAT64),
                field("p", decimal(5, 2)),
                field("zp", decimal(5, 2))),
            row(1, 0, 1.0, 0.0, -0.0, dec("1.00"), dec("0.00")));
    assertRunFailure(z.select(col("i").div(col("zi"))), EvaluationException.class);
    assertRunFailure(z.select(col("i").mod(col("zi"))), EvaluationException.class);
    assertRunFailure(z.select(col("d").div(col("zd"))), EvaluationException.class);
    assertRunFailure(z.select(col("zd").div(col("zd"))), EvaluationException.class);
    assertRunFailure(z.select(col("d").div(col("nz"))), EvaluationException.class);
    assertRunFailure(z.select(col("d").mod(col("zd"))), EvaluationException.class);
    assertRunFailure(z.select(col("p").div(col("zp"))), EvaluationException.class);
    assertRunFailure(z.select(col("p").mod(col("zp"))), EvaluationException.class);
  }

  @Test
  default void errorsRaiseOnlyForRowsThatAreEvaluated() {
    DataFrame xs = column("x", INT32, 0, 2, null);
    assertRows(
        xs.select(
            col("x"), when(col("x").ne(0)).then(lit(10).div(col("x"))).otherwise(-1.0).as("q")),
        row(0, -1.0),
        row(2, 5.0),
        row(null, -1.0));
    assertRows(xs.filter(col("x").ne(0)).select(lit(10).div(col("x")).as("q")), row(5.0));
  }

  @Test
  default void floatArithmeticFollowsIeee754() {
    DataFrame xy =
        frame(
            schema(field("x", FLOAT64), field("y", FLOAT64)),
            row(Double.NaN, 1.0),
            row(Double.POSITIVE_INFINITY, 1.0),
            row(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
            row(Double.POSITIVE_INFINITY, 0.0),
            row(1e308, 10.0),
            row(-0.0, 0.0));
    assertRows(
        xy.select(
            col("x"),
            col("y"),
            col("x").plus(col("y")).as("sum"),
            col("x").minus(col("y")).as("diff"),
            col("x").times(col("y")).as("prod")),
        row(Double.NaN, 1.0, Double.NaN, Double.NaN, Double.NaN),
        row(
            Double.POSITIVE_INFINITY,
            1.0,
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY),
        row(
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.NaN,
            Double.POSITIVE_INFINITY),
        row(
            Double.POSITIVE_INFINITY,
            0.0,
            Double.POSITIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            Double.NaN),
        row(1e308, 10.0, 1e308, 1e308, Double.POSITIVE_INFINITY),
        row(-0.0, 0.0, 0.0, -0.0, -0.0));
  }

  @Test
  default void floatDivisionByNonZeroFollowsIeee754() {
    DataFrame xy =
        frame(
            schema(field("x", FLOAT64), field("y", FLOAT64)),
            row(Double.POSITIVE_INFINITY, 2.0),
            row(1.0, Double.POSITIVE_INFINITY),
            row(-1.0, Double.POSITIVE_INFINITY),
            row(Double.NaN, 2.0),
            row(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
    assertRows(
        xy.select(col("x"), col("y"), col("x").div(col("y")).as("q")),
        row(Double.POSITIVE_INFINITY, 2.0, Double.POSITIVE_INFINITY),
        row(1.0, Double.POSITIVE_INFINITY, 0.0),
        row(-1.0, Double.POSITIVE_INFINITY, -0.0),
        row(Double.NaN, 2.0, Double.NaN),
        row(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN));
  }

  @Test
  default void numericOperandsWidenToTheCommonType() {
    DataFrame out =
        frame(
                schema(field("i", INT32), field("f", FLOAT32), field("g", FLOAT32)),
                row(3, 1.5f, 2.25f))
            .select(
                col("i").plus(1L).as("i_l"),
                col("i").plus(0.5).as("i_d"),
                col("i").plus(0.5f).as("i_f"),
                col("f").plus(col("g")).as("f_g"),
                col("f").times(col("g")).as("f_times_g"),
                col("f").plus(0.25).as("f_d"));
    assertSchema(
        out,
        field("i_l", INT64),
        field("i_d", FLOAT64),
        field("i_f", FLOAT32),
        field("f_g", FLOAT32),
        field("f_times_g", FLOAT32),
        field("f_d", FLOAT64));
    assertRows(out, row(4L, 3.5, 3.5f, 3.75f, 3.375f, 1.75));
  }

  @Test
  default void decimalArithmeticIsExact() {
    DataFrame out =
        frame(
                schema(field("p", decimal(10, 2)), field("q", decimal(10, 2))),
                row(dec("1.25"), dec("2.50")),
                row(dec("0.10"), dec("0.20")),
                row(null, dec("1.00")))
            .select(
                col("p").plus(col("q")).as("sum"),
                col("p").minus(col("q")).as("diff"),
                col("p").times(col("q")).as("prod"),
                col("p").div(col("q")).as("quot"));
    assertSchema(
        out,
        field("sum", decimal(11, 2)),
        field("diff", decimal(11, 2)),
        field("prod", decimal(21, 4)),
        field("quot", FLOAT64));
    assertRows(
        out,
        row(dec("3.75"), dec("-1.25"), dec("3.1250"), 0.5),
        row(dec("0.30"), dec("-0.10"), dec("0.0200"), 0.5),
        row(null, null, null, null));
  }

  @Test
  default void decimalMeetsIntegersAndFloats() {
    DataFrame out =
        column("p", decimal(5, 2), dec("1.50"))
            .select(
                col("p").plus(1).as("p_i"),
                col("p").plus(1L).as("p_l"),
                col("p").plus(0.25).as("p_d"),
                col("p").times(2).as("p_x2"));
    // INT32 acts as DECIMAL(10, 0), INT64 as DECIMAL(19, 0); a float makes FLOAT64
    assertSchema(
        out,
        field("p_i", decimal(13, 2)),
        field("p_l", decimal(22, 2)),
        field("p_d", FLOAT64),
        field("p_x2", decimal(25, 4)));
    assertRows(out, row(dec("2.50"), dec("2.50"), 1.75, dec("3.0000")));
  }

  @Test
  default void decimal38KeepsEveryDigit() {
    DataFrame out =
        column("x", decimal(38, 10), dec("1234567890123456789012345678.0123456789"))
            .select(
                col("x").plus(dec("0.0000000001")).as("up"),
                col("x").minus(col("x")).as("zero"),
                col("x").negate().as("neg"));
    assertSchema(
        out,
        field("up", decimal(38, 10)),
        field("zero", decimal(38, 10)),
        field("neg", decimal(38, 10)));
    assertRows(
        out,
        row(
            dec("1234567890123456789012345678.0123456790"),
            dec("0E-10"),
            dec("-1234567890123456789012345678.0123456789")));
  }

  @Test
  default void decimalResultsThatDoNotFitRaise() {
    DataFrame big =
        frame(
            schema(
                field("n", decimal(38, 0)),
                field("x", decimal(38, 10)),
                field("y", decimal(38, 10))),
            row(
                dec("99999999999999999999999999999999999999"),
                dec("1000000000000000000.0000000000"),
                dec("1.5000000000")));
    assertRunFailure(big.select(col("n").plus(1)), EvaluationException.class);
    // the product type is DECIMAL(38, 20): 10^19 needs 20 integer digits, 18 remain
    assertRunFailure(big.select(col("x").times(10)), EvaluationException.class);
    DataFrame fits = big.select(col("y").times(2).as("p"));
    assertSchema(fits, field("p", decimal(38, 20)));
    assertRows(fits, row(dec("3.00000000000000000000")));
  }

  @Test
  default void roundHalfAwayFromZeroOnTheDecimalValue() {
    DataFrame out =
        column(
                "x",
                FLOAT64,
                2.5,
                -2.5,
                0.5,
                -0.5,
                2.675,
                1.005,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                null)
            .select(col("x"), round(col("x")).as("r0"), round(col("x"), 2).as("r2"));
    assertSchema(out, field("x", FLOAT64), field("r0", FLOAT64), field("r2", FLOAT64));
    assertRows(
        out,
        row(2.5, 3.0, 2.5),
        row(-2.5, -3.0, -2.5),
        row(0.5, 1.0, 0.5),
        row(-0.5, -1.0, -0.5),
        row(2.675, 3.0, 2.68),
        row(1.005, 1.0, 1.01),
        row(Double.NaN, Double.NaN, Double.NaN),
        row(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
        row(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY),
        row(null, null, null));
  }

  @Test
  default void roundToTensAndOfIntegers() {
    assertRows(
        column("x", FLOAT64, 15.0, -15.0, 14.9).select(col("x"), round(col("x"), -1).as("r")),
        row(15.0, 20.0),
        row(-15.0, -20.0),
        row(14.9, 10.0));
    DataFrame ints =
        column("n", INT32, 25, -25, 24, 7)
            .select(col("n"), round(col("n"), -1).as("tens"), round(col("n"), 2).as("same"));
    assertSchema(ints, field("n", INT32), field("tens", INT32), field("same", INT32));
    assertRows(ints, row(25, 30, 25), row(-25, -30, -25), row(24, 20, 24), row(7, 10, 7));
  }

  @Test
  default void roundOfDecimalsAndFloat32() {
    DataFrame out =
        column("p", decimal(5, 3), dec("2.675"), dec("-2.675"), dec("0.005"), null)
            .select(
                round(col("p"), 2).as("r2"), round(col("p"), 3).as("r3"), round(col("p")).as("r0"));
    assertSchema(
        out, field("r2", decimal(5, 2)), field("r3", decimal(5, 3)), field("r0", decimal(3, 0)));
    assertRows(
        out,
        row(dec("2.68"), dec("2.675"), dec("3")),
        row(dec("-2.68"), dec("-2.675"), dec("-3")),
        row(dec("0.01"), dec("0.005"), dec("0")),
        row(null, null, null));
    DataFrame f = column("f", FLOAT32, 2.5f, -0.5f).select(round(col("f")).as("r"));
    assertSchema(f, field("r", FLOAT32));
    assertRows(f, row(3.0f), row(-1.0f));
  }

  @Test
  default void floorAndCeil() {
    DataFrame d =
        column("x", FLOAT64, 2.7, -2.7, 2.0, -0.5, null)
            .select(col("x"), floor(col("x")).as("fl"), ceil(col("x")).as("ce"));
    assertSchema(d, field("x", FLOAT64), field("fl", INT64), field("ce", INT64));
    assertRows(
        d,
        row(2.7, 2L, 3L),
        row(-2.7, -3L, -2L),
        row(2.0, 2L, 2L),
        row(-0.5, -1L, 0L),
        row(null, null, null));
    DataFrame f =
        column("f", FLOAT32, 2.5f).select(floor(col("f")).as("fl"), ceil(col("f")).as("ce"));
    assertSchema(f, field("fl", INT64), field("ce", INT64));
    assertRows(f, row(2L, 3L));
    DataFrame i =
        column("n", INT32, 5, -5).select(floor(col("n")).as("fl"), ceil(col("n")).as("ce"));
    assertSchema(i, field("fl", INT32), field("ce", INT32));
    assertRows(i, row(5, 5), row(-5, -5));
    DataFrame p =
        column("p", decimal(5, 2), dec("2.50"), dec("-2.50"))
            .select(floor(col("p")).as("fl"), ceil(col("p")).as("ce"));
    assertSchema(p, field("fl", decimal(4, 0)), field("ce", decimal(4, 0)));
    assertRows(p, row(dec("2"), dec("3")), row(dec("-3"), dec("-2")));
  }

  @Test
  default void floorAndCeilOutOfInt64RangeRaise() {
    DataFrame huge = column("x", FLOAT64, 1e20);
    assertRunFailure(huge.select(floor(col("x"))), EvaluationException.class);
    assertRunFailure(huge.select(ceil(col("x").negate())), EvaluationException.class);
  }

  @Test
  default void absAndNegate() {
    assertRows(
        column("n", INT32, -5, 3, null).select(abs(col("n")).as("a"), negate(col("n")).as("m")),
        row(5, 5),
        row(3, -3),
        row(null, null));
    assertRows(
        column("x", FLOAT64, -2.5, -0.0).select(abs(col("x")).as("a"), negate(col("x")).as("m")),
        row(2.5, 2.5),
        row(0.0, 0.0));
    DataFrame p =
        column("p", decimal(5, 2), dec("-1.50"))
            .select(abs(col("p")).as("a"), negate(col("p")).as("m"));
    assertSchema(p, field("a", decimal(5, 2)), field("m", decimal(5, 2)));
    assertRows(p, row(dec("1.50"), dec("1.50")));
  }
}
