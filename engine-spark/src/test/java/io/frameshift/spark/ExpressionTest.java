package io.frameshift.spark;

import static io.frameshift.expr.Functions.coalesce;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.concat;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.when;
import static io.frameshift.spark.SparkTestSupport.column;
import static io.frameshift.spark.SparkTestSupport.eval;
import static io.frameshift.spark.SparkTestSupport.list;
import static io.frameshift.spark.SparkTestSupport.row;
import static io.frameshift.spark.SparkTestSupport.run;
import static io.frameshift.spark.SparkTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.EvaluationException;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scalar expressions on Spark against hand-checked values of docs/semantics.md. */
class ExpressionTest {
  private static final Schema AB =
      Schema.builder().column("a", DataType.INT32).column("b", DataType.INT32).build();

  @Test
  void divisionIsFloatAndRemainderTakesTheDividendsSign() {
    LogicalPlan t = table(AB, row(7, 2), row(-7, 3), row(7, -3), row(null, 1));
    assertThat(SparkTestSupport.eval(t, col("a").div(col("b"))))
        .containsExactly(3.5, -7 / 3.0, 7 / -3.0, null);
    assertThat(SparkTestSupport.eval(t, col("a").mod(col("b")))).containsExactly(1, -1, 1, null);
  }

  @Test
  void divisionAndRemainderByZeroRaiseForIntegersAndFloats() {
    LogicalPlan ints = table(AB, row(1, 0));
    assertThatThrownBy(() -> SparkTestSupport.eval(ints, col("a").div(col("b"))))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Division by zero");
    assertThatThrownBy(() -> SparkTestSupport.eval(ints, col("a").mod(col("b"))))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("by zero");
    LogicalPlan floats = column(DataType.FLOAT64, 0.0);
    assertThatThrownBy(() -> SparkTestSupport.eval(floats, lit(1.5).div(col("x"))))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> SparkTestSupport.eval(floats, lit(1.5).mod(col("x"))))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void integerOverflowRaises() {
    LogicalPlan t = table(AB, row(Integer.MAX_VALUE, 1), row(Integer.MIN_VALUE, 0));
    assertThatThrownBy(() -> SparkTestSupport.eval(t, col("a").plus(col("b"))))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("overflow");
    LogicalPlan min = column(DataType.INT64, Long.MIN_VALUE);
    assertThatThrownBy(() -> SparkTestSupport.eval(min, col("x").negate()))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> SparkTestSupport.eval(min, col("x").abs()))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void floatArithmeticFollowsIeee() {
    LogicalPlan t = column(DataType.FLOAT64, Double.NaN, Double.POSITIVE_INFINITY, 0.1);
    assertThat(SparkTestSupport.eval(t, col("x").plus(0.2)))
        .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, 0.1 + 0.2);
  }

  @Test
  void decimalArithmeticIsExactWithTheAnalysedScale() {
    Schema s =
        Schema.builder()
            .column("p", DataType.decimal(20, 10))
            .column("q", DataType.decimal(20, 10))
            .build();
    BigDecimal p = new BigDecimal("1234567890.0123456789");
    BigDecimal q = new BigDecimal("0.0000000003");
    LogicalPlan t = table(s, row(p, q));
    // 2p + 1 = 41 digits capped at 38, scale 2s = 20 kept: Spark's default would cut it to 17.
    Object product = SparkTestSupport.eval(t, col("p").times(col("q"))).get(0);
    assertThat(product).isEqualTo(p.multiply(q).setScale(20));
    assertThat(SparkTestSupport.eval(t, col("p").plus(col("q"))))
        .containsExactly(new BigDecimal("1234567890.0123456792"));
    LogicalPlan big = column(DataType.decimal(38, 0), new BigDecimal("9".repeat(38)));
    assertThatThrownBy(() -> SparkTestSupport.eval(big, col("x").plus(col("x"))))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void negatingADecimal38KeepsEveryDigit() {
    BigDecimal x = new BigDecimal("-1234567890123456789012345678.0123456789");
    LogicalPlan t = column(DataType.decimal(38, 10), x);
    // Spark's own unary minus and abs keep only 6 digits after the point here
    assertThat(SparkTestSupport.eval(t, col("x").negate())).containsExactly(x.negate());
    assertThat(SparkTestSupport.eval(t, col("x").abs())).containsExactly(x.abs());
    assertThat(SparkTestSupport.eval(t, col("x").negate().abs())).containsExactly(x.abs());
  }

  @Test
  void roundIsHalfAwayFromZeroOnTheDecimalValue() {
    LogicalPlan t = column(DataType.FLOAT64, 2.5, -2.5, 2.675, -2.675, Double.NaN, 0.125);
    assertThat(SparkTestSupport.eval(t, col("x").round(0)))
        .containsExactly(3.0, -3.0, 3.0, -3.0, Double.NaN, 0.0);
    assertThat(SparkTestSupport.eval(t, col("x").round(2)))
        .containsExactly(2.5, -2.5, 2.68, -2.68, Double.NaN, 0.13);
    LogicalPlan d = column(DataType.decimal(4, 2), new BigDecimal("-1.25"));
    assertThat(SparkTestSupport.eval(d, col("x").round(1))).containsExactly(new BigDecimal("-1.3"));
    assertThat(SparkTestSupport.eval(column(DataType.INT32, 7), col("x").round(1)))
        .containsExactly(7);
  }

  @Test
  void floorAndCeilOfFloatsAreInt64AndRaiseOutOfRange() {
    LogicalPlan t = column(DataType.FLOAT64, 2.5, -2.5, -0.0, 3.0, 1e18);
    assertThat(SparkTestSupport.eval(t, col("x").floor()))
        .containsExactly(2L, -3L, 0L, 3L, (long) 1e18);
    assertThat(SparkTestSupport.eval(t, col("x").ceil()))
        .containsExactly(3L, -2L, 0L, 3L, (long) 1e18);
    for (double bad : new double[] {1e20, Double.NaN, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(
              () -> SparkTestSupport.eval(column(DataType.FLOAT64, bad), col("x").floor()))
          .as("floor(%s)", bad)
          .isInstanceOf(EvaluationException.class);
    }
    LogicalPlan d = column(DataType.decimal(3, 1), new BigDecimal("-2.5"));
    assertThat(SparkTestSupport.eval(d, col("x").floor())).containsExactly(new BigDecimal("-3"));
    assertThat(SparkTestSupport.eval(column(DataType.FLOAT32, 1.5f), col("x").ceil()))
        .containsExactly(2L);
  }

  @Test
  void castsToStringPrintAsTheContractSays() {
    assertThat(eval(lit(1.0e10).cast(DataType.STRING))).isEqualTo("1.0E10");
    assertThat(eval(lit(123456789.0).cast(DataType.STRING))).isEqualTo("1.23456789E8");
    assertThat(eval(lit(0.001).cast(DataType.STRING))).isEqualTo("0.001");
    assertThat(eval(lit(1.1f).cast(DataType.STRING))).isEqualTo("1.1");
    assertThat(eval(lit(Double.NaN).cast(DataType.STRING))).isEqualTo("NaN");
    assertThat(eval(lit(Double.NEGATIVE_INFINITY).cast(DataType.STRING))).isEqualTo("-Infinity");
    assertThat(eval(lit(true).cast(DataType.STRING))).isEqualTo("true");
    assertThat(eval(lit(new BigDecimal("0.00000010")).cast(DataType.STRING)))
        .isEqualTo("0.00000010");
    assertThat(eval(lit(LocalDate.of(2024, 1, 2)).cast(DataType.STRING))).isEqualTo("2024-01-02");
    assertThat(eval(lit(Instant.parse("2024-01-02T03:04:05.120Z")).cast(DataType.STRING)))
        .isEqualTo("2024-01-02 03:04:05.12");
    assertThat(eval(lit(LocalDateTime.of(2024, 1, 2, 3, 4, 5)).cast(DataType.STRING)))
        .isEqualTo("2024-01-02 03:04:05");
    assertThat(eval(lit(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 1000)).cast(DataType.STRING)))
        .isEqualTo("2024-01-02 03:04:05.000001");
  }

  @Test
  void castsFromStringAcceptTheContractsFormsOnly() {
    LogicalPlan t = column(DataType.STRING, " +12 ", "-3");
    assertThat(SparkTestSupport.eval(t, col("x").cast(DataType.INT32))).containsExactly(12, -3);
    LogicalPlan b = column(DataType.STRING, "yes", "N", " t ", "0", null);
    assertThat(SparkTestSupport.eval(b, col("x").cast(DataType.BOOLEAN)))
        .containsExactly(true, false, true, false, null);
    LogicalPlan f = column(DataType.STRING, "NaN", "-infinity", "1.5e3");
    assertThat(SparkTestSupport.eval(f, col("x").cast(DataType.FLOAT64)))
        .containsExactly(Double.NaN, Double.NEGATIVE_INFINITY, 1500.0);
    LogicalPlan ts = column(DataType.STRING, "2024-01-02T03:04", "2024-01-02 03:04:05.5+01:00");
    assertThat(SparkTestSupport.eval(ts, col("x").cast(DataType.TIMESTAMP)))
        .containsExactly(
            Instant.parse("2024-01-02T03:04:00Z"), Instant.parse("2024-01-02T02:04:05.5Z"));
    assertThat(
            SparkTestSupport.eval(
                column(DataType.STRING, "2024-01-02 03:04:05.123456"),
                col("x").cast(DataType.TIMESTAMP_NTZ)))
        .containsExactly(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123456000));
    assertThat(
            SparkTestSupport.eval(
                column(DataType.STRING, "1e3"), col("x").cast(DataType.decimal(6, 2))))
        .containsExactly(new BigDecimal("1000.00"));
  }

  @Test
  void textThatDoesNotParseRaisesNamingValueAndType() {
    assertThatThrownBy(
            () ->
                SparkTestSupport.eval(
                    column(DataType.STRING, "1.5"), col("x").cast(DataType.INT32)))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("'1.5'")
        .hasMessageContaining("int32");
    // Spark alone would read these; the contract does not.
    for (String text : List.of("2024", "2024-1-2", "2024-01-02 03:04")) {
      assertThatThrownBy(
              () ->
                  SparkTestSupport.eval(
                      column(DataType.STRING, text), col("x").cast(DataType.DATE)))
          .as(text)
          .isInstanceOf(EvaluationException.class)
          .hasMessageContaining("'" + text + "'")
          .hasMessageContaining("date");
    }
    assertThatThrownBy(
            () ->
                SparkTestSupport.eval(
                    column(DataType.STRING, "2024-01-02 03:04+01:00"),
                    col("x").cast(DataType.TIMESTAMP_NTZ)))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(
            () ->
                SparkTestSupport.eval(
                    column(DataType.STRING, "inf"), col("x").cast(DataType.FLOAT64)))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("'inf'");
    assertThatThrownBy(
            () ->
                SparkTestSupport.eval(
                    column(DataType.STRING, "maybe"), col("x").cast(DataType.BOOLEAN)))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("'maybe'");
  }

  @Test
  void castsBetweenNumbersTruncateOrRaise() {
    LogicalPlan t = column(DataType.FLOAT64, 1.9, -1.9);
    assertThat(SparkTestSupport.eval(t, col("x").cast(DataType.INT32))).containsExactly(1, -1);
    assertThat(
            SparkTestSupport.eval(
                column(DataType.FLOAT64, 2.5, -2.5), col("x").cast(DataType.decimal(3, 0))))
        .containsExactly(new BigDecimal("3"), new BigDecimal("-3"));
    assertThatThrownBy(
            () ->
                SparkTestSupport.eval(
                    column(DataType.FLOAT64, Double.NaN), col("x").cast(DataType.INT64)))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("NaN")
        .hasMessageContaining("int64");
    assertThatThrownBy(
            () ->
                SparkTestSupport.eval(
                    column(DataType.INT64, 3_000_000_000L), col("x").cast(DataType.INT32)))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(
            () ->
                SparkTestSupport.eval(
                    column(DataType.FLOAT64, 12345.6), col("x").cast(DataType.decimal(4, 1))))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("decimal(4,1)");
    assertThat(
            SparkTestSupport.eval(
                column(DataType.FLOAT64, 0.5, 0.0), col("x").cast(DataType.BOOLEAN)))
        .containsExactly(true, false);
  }

  @Test
  void temporalCastsAndPartsUseUtc() {
    LogicalPlan t = column(DataType.TIMESTAMP, Instant.parse("2023-12-31T23:30:00Z"));
    assertThat(SparkTestSupport.eval(t, col("x").cast(DataType.DATE)))
        .containsExactly(LocalDate.of(2023, 12, 31));
    assertThat(SparkTestSupport.eval(t, col("x").cast(DataType.TIMESTAMP_NTZ)))
        .containsExactly(LocalDateTime.of(2023, 12, 31, 23, 30));
    assertThat(SparkTestSupport.eval(t, col("x").year())).containsExactly(2023);
    assertThat(SparkTestSupport.eval(t, col("x").day())).containsExactly(31);
    LogicalPlan d = column(DataType.DATE, LocalDate.of(2024, 2, 29));
    assertThat(SparkTestSupport.eval(d, col("x").cast(DataType.TIMESTAMP_NTZ)))
        .containsExactly(LocalDateTime.of(2024, 2, 29, 0, 0));
    assertThat(SparkTestSupport.eval(d, col("x").month())).containsExactly(2);
  }

  @Test
  void stringsWorkOnCodePoints() {
    LogicalPlan t = column(DataType.STRING, "a😀bc", "  a\t ");
    assertThat(SparkTestSupport.eval(t, col("x").length())).containsExactly(4, 5);
    assertThat(SparkTestSupport.eval(t, col("x").substring(2, 2))).containsExactly("😀b", " a");
    assertThat(SparkTestSupport.eval(t, col("x").substring(-1, 5))).containsExactly("c", " ");
    assertThat(SparkTestSupport.eval(t, col("x").substring(0, 1))).containsExactly("a", " ");
    assertThat(SparkTestSupport.eval(t, col("x").substring(1, -1))).containsExactly("", "");
    assertThat(SparkTestSupport.eval(t, col("x").trim())).containsExactly("a😀bc", "a\t");
    assertThat(SparkTestSupport.eval(t, col("x").upper())).containsExactly("A😀BC", "  A\t ");
    assertThat(SparkTestSupport.eval(t, col("x").startsWith("a😀"))).containsExactly(true, false);
    assertThat(SparkTestSupport.eval(t, col("x").endsWith("c"))).containsExactly(true, false);
    assertThat(SparkTestSupport.eval(t, col("x").contains("😀"))).containsExactly(true, false);
  }

  @Test
  void likeMatchesTheWholeStringWithBackslashEscapes() {
    LogicalPlan t = column(DataType.STRING, "a%b", "axb", "AXB", "a_b", null);
    assertThat(SparkTestSupport.eval(t, col("x").like("a\\%b")))
        .containsExactly(true, false, false, false, null);
    assertThat(SparkTestSupport.eval(t, col("x").like("a_b")))
        .containsExactly(true, true, false, true, null);
    assertThat(SparkTestSupport.eval(t, col("x").like("a\\_b")))
        .containsExactly(false, false, false, true, null);
    assertThat(SparkTestSupport.eval(t, col("x").like("%b")))
        .containsExactly(true, true, false, true, null);
  }

  @Test
  void nullsPropagateAndLogicIsThreeValued() {
    Schema s = Schema.builder().column("p", DataType.BOOLEAN).column("s", DataType.STRING).build();
    LogicalPlan t = table(s, row(null, "a"), row(true, null), row(false, "c"));
    assertThat(SparkTestSupport.eval(t, col("p").and(lit(false))))
        .containsExactly(false, false, false);
    assertThat(SparkTestSupport.eval(t, col("p").and(lit(true))))
        .containsExactly(null, true, false);
    assertThat(SparkTestSupport.eval(t, col("p").or(lit(true)))).containsExactly(true, true, true);
    assertThat(SparkTestSupport.eval(t, col("p").or(lit(false))))
        .containsExactly(null, true, false);
    assertThat(SparkTestSupport.eval(t, col("p").not())).containsExactly(null, false, true);
    assertThat(SparkTestSupport.eval(t, concat(col("s"), lit("!"))))
        .containsExactly("a!", null, "c!");
    assertThat(SparkTestSupport.eval(t, coalesce(col("s"), lit("none"))))
        .containsExactly("a", "none", "c");
    assertThat(SparkTestSupport.eval(t, col("s").isNull())).containsExactly(false, true, false);
    assertThat(SparkTestSupport.eval(t, when(col("p")).then(lit(1)).otherwise(lit(2))))
        .containsExactly(2, 1, 2);
    // filters keep TRUE rows only
    assertThat(run(Analyzer.filter(t, col("p")))).containsExactly(list(true, null));
    assertThat(run(Analyzer.filter(t, col("s").ne("a")))).containsExactly(list(false, "c"));
  }

  @Test
  void inFollowsSql() {
    LogicalPlan t = column(DataType.INT32, 1, 2, null);
    assertThat(SparkTestSupport.eval(t, col("x").isIn(1, 3))).containsExactly(true, false, null);
    assertThat(SparkTestSupport.eval(t, col("x").isIn(1, null))).containsExactly(true, null, null);
    assertThat(SparkTestSupport.eval(t, col("x").isIn(1L, 2.0))).containsExactly(true, true, null);
  }

  @Test
  void outputsHaveTheAnalysedTypes() {
    Schema s =
        Schema.builder()
            .column("i", DataType.INT32)
            .column("f", DataType.FLOAT32)
            .column("d", DataType.decimal(5, 2))
            .build();
    LogicalPlan t = table(s, row(3, 1.5f, new BigDecimal("1.25")));
    LogicalPlan p =
        Analyzer.select(
            t,
            List.of(
                col("i").floor().as("fi"),
                col("f").round(0).as("rf"),
                col("d").times(col("d")).as("dd"),
                col("i").plus(col("d")).as("id"),
                col("i").plus(col("f")).as("if"),
                lit(null).as("n")));
    // PlanRunner checks the Dataset's Spark types against the analysed schema
    assertThat(run(p))
        .containsExactly(
            list(3, 2.0f, new BigDecimal("1.5625"), new BigDecimal("4.25"), 4.5f, null));
  }
}
