package io.frameshift.local;

import static io.frameshift.expr.Functions.coalesce;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.concat;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.when;
import static io.frameshift.local.Plans.column;
import static io.frameshift.local.Plans.eval;
import static io.frameshift.local.Plans.list;
import static io.frameshift.local.Plans.row;
import static io.frameshift.local.Plans.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.EvaluationException;
import io.frameshift.expr.Call;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpressionTest {
  private static final Schema INTS =
      Schema.builder().column("a", DataType.INT32).column("b", DataType.INT32).build();
  private static final Schema LONGS =
      Schema.builder().column("a", DataType.INT64).column("b", DataType.INT64).build();
  private static final Schema DOUBLES =
      Schema.builder().column("a", DataType.FLOAT64).column("b", DataType.FLOAT64).build();
  private static final Schema STRINGS =
      Schema.builder().column("s", DataType.STRING).column("t", DataType.STRING).build();
  private static final Schema BOOLS =
      Schema.builder().column("p", DataType.BOOLEAN).column("q", DataType.BOOLEAN).build();

  // ---- three-valued logic ---------------------------------------------------------------------

  @Test
  void andOrNotFollowThreeValuedLogic() {
    LogicalPlan in =
        values(
            BOOLS,
            row(null, false),
            row(null, true),
            row(true, null),
            row(false, null),
            row(true, true),
            row(null, null));
    LogicalPlan p =
        Analyzer.select(
            in,
            List.of(
                col("p").and(col("q")).as("and"),
                col("p").or(col("q")).as("or"),
                col("p").not().as("not")));
    assertThat(Plans.rows(p))
        .containsExactly(
            list(false, null, null),
            list(null, true, null),
            list(null, true, false),
            list(false, null, true),
            list(true, true, false),
            list(null, null, null));
  }

  @Test
  void comparisonWithNullIsNullAndFilterKeepsOnlyTrue() {
    LogicalPlan in = values(INTS, row(1, 1), row(1, null), row(2, 1));
    assertThat(column(Analyzer.select(in, List.of(col("a").eq(col("b")).as("e"))), "e"))
        .containsExactly(true, null, false);
    assertThat(Plans.rows(Analyzer.filter(in, col("a").eq(col("b")).not())))
        .containsExactly(list(2, 1));
  }

  @Test
  void isNullIsTheOnlyNullTest() {
    LogicalPlan in = values(INTS, row(null, 1), row(3, 1));
    assertThat(column(Analyzer.select(in, List.of(col("a").isNull().as("n"))), "n"))
        .containsExactly(true, false);
    assertThat(column(Analyzer.select(in, List.of(col("a").isNotNull().as("n"))), "n"))
        .containsExactly(false, true);
  }

  @Test
  void inWithNullsFollowsSql() {
    LogicalPlan in = values(INTS, row(1, 0), row(5, 0), row(null, 0));
    assertThat(column(Analyzer.select(in, List.of(col("a").isIn(1, 2).as("x"))), "x"))
        .containsExactly(true, false, null);
    assertThat(column(Analyzer.select(in, List.of(col("a").isIn(1, null).as("x"))), "x"))
        .containsExactly(true, null, null);
    // long literal lists go through a hash set and must agree
    Object[] many = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null};
    assertThat(column(Analyzer.select(in, List.of(col("a").isIn(many).as("x"))), "x"))
        .containsExactly(true, true, null);
    Object[] manyNoNull = {10, 11, 12, 13, 14, 15, 16, 17, 18, 1};
    assertThat(column(Analyzer.select(in, List.of(col("a").isIn(manyNoNull).as("x"))), "x"))
        .containsExactly(true, false, null);
  }

  @Test
  void inMatchesNaNAndSignedZeroLikeEquality() {
    LogicalPlan in = values(DOUBLES, row(Double.NaN, 0.0), row(-0.0, 0.0));
    Object[] items = {Double.NaN, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0};
    assertThat(column(Analyzer.select(in, List.of(col("a").isIn(items).as("x"))), "x"))
        .containsExactly(true, true);
    assertThat(column(Analyzer.select(in, List.of(col("a").isIn(Double.NaN, 0.0).as("x"))), "x"))
        .containsExactly(true, true);
  }

  // ---- ANSI arithmetic --------------------------------------------------------------------------

  @Test
  void integerOverflowRaises() {
    assertThatThrownBy(() -> eval(col("a").plus(col("b")), INTS, Integer.MAX_VALUE, 1))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("2147483647 + 1");
    assertThatThrownBy(() -> eval(col("a").times(col("b")), LONGS, Long.MAX_VALUE, 2L))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("a").minus(col("b")), LONGS, Long.MIN_VALUE, 1L))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("a").negate(), INTS, Integer.MIN_VALUE, 0))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("a").abs(), LONGS, Long.MIN_VALUE, 0L))
        .isInstanceOf(EvaluationException.class);
    assertThat(eval(col("a").plus(col("b")), INTS, Integer.MAX_VALUE - 1, 1))
        .isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void divisionByZeroRaisesAlsoForFloats() {
    assertThatThrownBy(() -> eval(col("a").div(col("b")), INTS, 1, 0))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Division by zero");
    assertThatThrownBy(() -> eval(col("a").div(col("b")), DOUBLES, 1.0, 0.0))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("a").div(col("b")), DOUBLES, 1.0, -0.0))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("a").mod(col("b")), INTS, 7, 0))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Division by zero");
    assertThatThrownBy(() -> eval(col("a").mod(col("b")), DOUBLES, 7.0, 0.0))
        .isInstanceOf(EvaluationException.class);
    // a null operand gives null and never raises
    assertThat(eval(col("a").div(col("b")), INTS, 1, null)).isNull();
    assertThat(eval(col("a").div(col("b")), INTS, 7, 2)).isEqualTo(3.5);
  }

  @Test
  void modTakesTheSignOfTheDividend() {
    assertThat(eval(col("a").mod(col("b")), INTS, -7, 3)).isEqualTo(-1);
    assertThat(eval(col("a").mod(col("b")), INTS, 7, -3)).isEqualTo(1);
    assertThat(eval(col("a").mod(col("b")), DOUBLES, -7.5, 2.0)).isEqualTo(-1.5);
  }

  @Test
  void floatArithmeticFollowsIeee() {
    assertThat(eval(col("a").plus(col("b")), DOUBLES, Double.NaN, 1.0)).isEqualTo(Double.NaN);
    assertThat(eval(col("a").times(col("b")), DOUBLES, Double.POSITIVE_INFINITY, -1.0))
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void decimalArithmeticIsExactAndChecksPrecision() {
    Schema s =
        Schema.builder()
            .column("a", DataType.decimal(5, 2))
            .column("b", DataType.decimal(5, 2))
            .build();
    assertThat(eval(col("a").plus(col("b")), s, new BigDecimal("0.10"), new BigDecimal("0.20")))
        .isEqualTo(new BigDecimal("0.30"));
    assertThat(eval(col("a").times(col("b")), s, new BigDecimal("999.99"), new BigDecimal("2.50")))
        .isEqualTo(new BigDecimal("2499.9750"));
    assertThat(eval(col("a").mod(col("b")), s, new BigDecimal("-7.50"), new BigDecimal("2.00")))
        .isEqualTo(new BigDecimal("-1.50"));
    Schema wide =
        Schema.builder()
            .column("a", DataType.decimal(38, 0))
            .column("b", DataType.decimal(38, 0))
            .build();
    BigDecimal big = new BigDecimal("9".repeat(38));
    assertThatThrownBy(() -> eval(col("a").plus(col("b")), wide, big, BigDecimal.ONE))
        .isInstanceOf(EvaluationException.class);
    assertThat(eval(col("a").minus(col("b")), wide, big, BigDecimal.ONE))
        .isEqualTo(new BigDecimal("9".repeat(37) + "8"));
  }

  @Test
  void roundIsHalfAwayFromZeroOnTheDecimalValue() {
    Schema d = Schema.of(Field.of("x", DataType.FLOAT64));
    assertThat(eval(col("x").round(0), d, 2.5)).isEqualTo(3.0);
    assertThat(eval(col("x").round(0), d, -2.5)).isEqualTo(-3.0);
    assertThat(eval(col("x").round(2), d, 2.675)).isEqualTo(2.68);
    assertThat(eval(col("x").round(1), d, Double.NaN)).isEqualTo(Double.NaN);
    Schema i = Schema.of(Field.of("x", DataType.INT32));
    assertThat(eval(col("x").round(2), i, 17)).isEqualTo(17);
    assertThat(eval(col("x").round(-1), i, 15)).isEqualTo(20);
    assertThat(eval(col("x").round(-1), i, -15)).isEqualTo(-20);
    assertThatThrownBy(() -> eval(col("x").round(-1), i, Integer.MAX_VALUE))
        .isInstanceOf(EvaluationException.class);
    Schema dec = Schema.of(Field.of("x", DataType.decimal(6, 3)));
    assertThat(eval(col("x").round(1), dec, new BigDecimal("-2.250")))
        .isEqualTo(new BigDecimal("-2.3"));
  }

  @Test
  void floorAndCeilOfFloatsAreInt64() {
    Schema d = Schema.of(Field.of("x", DataType.FLOAT64));
    assertThat(eval(col("x").floor(), d, -1.5)).isEqualTo(-2L);
    assertThat(eval(col("x").ceil(), d, -1.5)).isEqualTo(-1L);
    assertThatThrownBy(() -> eval(col("x").floor(), d, 1e19))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("x").ceil(), d, Double.NaN))
        .isInstanceOf(EvaluationException.class);
    Schema dec = Schema.of(Field.of("x", DataType.decimal(5, 2)));
    assertThat(eval(col("x").floor(), dec, new BigDecimal("-1.25")))
        .isEqualTo(new BigDecimal("-2"));
  }

  // ---- short-circuit ----------------------------------------------------------------------------

  @Test
  void guardsKeepExcludedRowsFromRaising() {
    LogicalPlan in = values(INTS, row(10, 0), row(10, 5), row(10, null));
    Expr guarded = col("b").ne(0).and(col("a").div(col("b")).gt(1));
    assertThat(column(Analyzer.select(in, List.of(guarded.as("g"))), "g"))
        .containsExactly(false, true, null);
    Expr viaOr = col("b").eq(0).or(col("a").div(col("b")).gt(1));
    assertThat(column(Analyzer.select(in, List.of(viaOr.as("g"))), "g"))
        .containsExactly(true, true, null);
    Expr viaCase = when(col("b").eq(0)).then(null).otherwise(col("a").div(col("b")));
    assertThat(column(Analyzer.select(in, List.of(viaCase.as("g"))), "g"))
        .containsExactly(null, 2.0, null);
    Expr viaCoalesce = coalesce(col("b"), col("a").div(0));
    assertThat(column(Analyzer.select(values(INTS, row(1, 2)), List.of(viaCoalesce.as("g"))), "g"))
        .containsExactly(2.0);
  }

  @Test
  void caseWhenTakesTheFirstTrueBranch() {
    LogicalPlan in = values(INTS, row(1, 0), row(5, 0), row(null, 0), row(50, 0));
    Expr e = when(col("a").lt(3)).then("small").when(col("a").lt(10)).then("medium").end();
    assertThat(column(Analyzer.select(in, List.of(e.as("c"))), "c"))
        .containsExactly("small", "medium", null, null);
    Expr coalesced = coalesce(col("a"), col("b"), lit(-1));
    assertThat(column(Analyzer.select(in, List.of(coalesced.as("c"))), "c"))
        .containsExactly(1, 5, 0, 50);
  }

  // ---- casts ------------------------------------------------------------------------------------

  @Test
  void invalidCastsNameTheValueAndType() {
    Schema s = Schema.of(Field.of("s", DataType.STRING));
    assertThatThrownBy(() -> eval(col("s").cast(DataType.INT32), s, "12x"))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("'12x'")
        .hasMessageContaining("int32");
    assertThatThrownBy(() -> eval(col("s").cast(DataType.INT32), s, "3000000000"))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("s").cast(DataType.DATE), s, "2024-02-30"))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("date");
    Schema d = Schema.of(Field.of("x", DataType.FLOAT64));
    assertThatThrownBy(() -> eval(col("x").cast(DataType.INT32), d, 3e9))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("3.0E9");
    assertThatThrownBy(() -> eval(col("x").cast(DataType.INT64), d, Double.NaN))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> eval(col("x").cast(DataType.decimal(3, 1)), d, 123.4))
        .isInstanceOf(EvaluationException.class);
  }

  @Test
  void castsFromStrings() {
    Schema s = Schema.of(Field.of("s", DataType.STRING));
    assertThat(eval(col("s").cast(DataType.INT32), s, " +42 ")).isEqualTo(42);
    assertThat(eval(col("s").cast(DataType.INT64), s, "-9223372036854775808"))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(eval(col("s").cast(DataType.FLOAT64), s, "-infinity"))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(eval(col("s").cast(DataType.FLOAT64), s, "1.5e3")).isEqualTo(1500.0);
    assertThat(eval(col("s").cast(DataType.BOOLEAN), s, "Yes")).isEqualTo(true);
    assertThat(eval(col("s").cast(DataType.BOOLEAN), s, "0")).isEqualTo(false);
    assertThat(eval(col("s").cast(DataType.DATE), s, "2024-02-29"))
        .isEqualTo(LocalDate.of(2024, 2, 29));
    // years as LocalDate prints them beyond 0..9999, so such dates read back
    assertThat(eval(col("s").cast(DataType.DATE), s, "-0044-03-15"))
        .isEqualTo(LocalDate.of(-44, 3, 15));
    assertThat(eval(col("s").cast(DataType.TIMESTAMP_NTZ), s, "+10000-01-01 00:00:01"))
        .isEqualTo(LocalDateTime.of(10000, 1, 1, 0, 0, 1));
    assertThatThrownBy(() -> eval(col("s").cast(DataType.TIMESTAMP), s, "2024-01-01T"))
        .isInstanceOf(EvaluationException.class);
    assertThat(eval(col("s").cast(DataType.TIMESTAMP_NTZ), s, "2024-01-02T03:04"))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4));
    assertThat(eval(col("s").cast(DataType.TIMESTAMP), s, "2024-01-02 03:04:05.123456+01:00"))
        .isEqualTo(Instant.parse("2024-01-02T02:04:05.123456Z"));
    assertThat(eval(col("s").cast(DataType.TIMESTAMP), s, "2024-01-02 03:04:05"))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(eval(col("s").cast(DataType.decimal(5, 2)), s, "1.005e2"))
        .isEqualTo(new BigDecimal("100.50"));
    assertThat(eval(col("s").cast(DataType.decimal(4, 1)), s, "2.25"))
        .isEqualTo(new BigDecimal("2.3"));
  }

  @Test
  void castsToStrings() {
    Schema s =
        Schema.builder()
            .column("d", DataType.FLOAT64)
            .column("f", DataType.FLOAT32)
            .column("ts", DataType.TIMESTAMP)
            .column("ntz", DataType.TIMESTAMP_NTZ)
            .column("dec", DataType.decimal(6, 2))
            .column("day", DataType.DATE)
            .build();
    LogicalPlan in =
        values(
            s,
            row(
                1e10,
                1.0f,
                Instant.parse("2024-01-02T03:04:05.120Z"),
                LocalDateTime.of(2024, 1, 2, 3, 4),
                new BigDecimal("1.50"),
                LocalDate.of(999, 1, 2)),
            row(
                Double.NaN,
                Float.NEGATIVE_INFINITY,
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000),
                new BigDecimal("-0.05"),
                LocalDate.of(2024, 12, 31)));
    List<Expr> casts = new ArrayList<>();
    for (String c : s.names()) {
      casts.add(col(c).cast(DataType.STRING).as(c));
    }
    assertThat(Plans.rows(Analyzer.select(in, casts)))
        .containsExactly(
            list(
                "1.0E10",
                "1.0",
                "2024-01-02 03:04:05.12",
                "2024-01-02 03:04:00",
                "1.50",
                "0999-01-02"),
            list(
                "NaN",
                "-Infinity",
                "1969-12-31 23:59:59.999999",
                "2024-01-02 03:04:05.000006",
                "-0.05",
                "2024-12-31"));
  }

  @Test
  void castsBetweenNumbersAndTemporals() {
    Schema d = Schema.of(Field.of("x", DataType.FLOAT64));
    assertThat(eval(col("x").cast(DataType.INT32), d, -2.9)).isEqualTo(-2);
    assertThat(eval(col("x").cast(DataType.BOOLEAN), d, Double.NaN)).isEqualTo(true);
    assertThat(eval(col("x").cast(DataType.decimal(4, 2)), d, 0.125))
        .isEqualTo(new BigDecimal("0.13"));
    Schema ts = Schema.of(Field.of("t", DataType.TIMESTAMP));
    assertThat(eval(col("t").cast(DataType.DATE), ts, Instant.parse("1969-12-31T23:00:00Z")))
        .isEqualTo(LocalDate.of(1969, 12, 31));
    assertThat(
            eval(col("t").cast(DataType.TIMESTAMP_NTZ), ts, Instant.parse("2024-03-01T10:00:00Z")))
        .isEqualTo(LocalDateTime.of(2024, 3, 1, 10, 0));
    Schema day = Schema.of(Field.of("d", DataType.DATE));
    assertThat(eval(col("d").cast(DataType.TIMESTAMP), day, LocalDate.of(2024, 3, 1)))
        .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
  }

  // ---- strings ----------------------------------------------------------------------------------

  @Test
  void stringsWorkOnCodePoints() {
    String s = "a\uD83D\uDE00bc"; // a, U+1F600, b, c
    Schema sc = Schema.of(Field.of("s", DataType.STRING));
    assertThat(eval(col("s").length(), sc, s)).isEqualTo(4);
    assertThat(eval(col("s").substring(2, 2), sc, s)).isEqualTo("\uD83D\uDE00b");
    assertThat(eval(col("s").substring(0, 2), sc, s)).isEqualTo("a\uD83D\uDE00");
    assertThat(eval(col("s").substring(-1, 5), sc, s)).isEqualTo("c");
    assertThat(eval(col("s").substring(-6, 3), sc, s)).isEqualTo("a");
    assertThat(eval(col("s").substring(2, -1), sc, s)).isEqualTo("");
    assertThat(eval(col("s").like("a_bc"), sc, s)).isEqualTo(true);
    assertThat(eval(col("s").trim(), sc, " \t x \t ")).isEqualTo("\t x \t");
    assertThat(eval(col("s").upper(), sc, "straße")).isEqualTo("STRASSE");
    assertThat(eval(col("s").lower(), sc, "TITLE")).isEqualTo("title");
  }

  @Test
  void likeSupportsWildcardsAndEscapes() {
    Schema sc = Schema.of(Field.of("s", DataType.STRING));
    assertThat(eval(col("s").like("%b%"), sc, "abc")).isEqualTo(true);
    assertThat(eval(col("s").like("a%"), sc, "a")).isEqualTo(true);
    assertThat(eval(col("s").like("_"), sc, "ab")).isEqualTo(false);
    assertThat(eval(col("s").like("100\\%"), sc, "100%")).isEqualTo(true);
    assertThat(eval(col("s").like("100\\%"), sc, "1000")).isEqualTo(false);
    assertThat(eval(col("s").like("a.c"), sc, "abc")).isEqualTo(false);
    assertThat(eval(col("s").like("A%"), sc, "abc")).isEqualTo(false);
    assertThat(eval(col("s").like("a%"), sc, "a\nb")).isEqualTo(true);
    LogicalPlan patterns = values(STRINGS, row("abc", "a%"), row("abc", "%d"), row(null, "%"));
    assertThat(
            column(
                Analyzer.select(
                    patterns,
                    List.of(new Call(Function.LIKE, List.of(col("s"), col("t"))).as("m"))),
                "m"))
        .containsExactly(true, false, null);
  }

  @Test
  void concatIsNullWhenAnyArgumentIsAndStartsWithWorks() {
    LogicalPlan in = values(STRINGS, row("a", "b"), row("a", null));
    assertThat(
            column(Analyzer.select(in, List.of(concat(col("s"), "-", col("t"), 1).as("c"))), "c"))
        .containsExactly("a-b1", null);
    assertThat(column(Analyzer.select(in, List.of(col("s").startsWith(col("t")).as("c"))), "c"))
        .containsExactly(false, null);
    assertThat(eval(col("s").contains("b"), STRINGS, "abc", "x")).isEqualTo(true);
    assertThat(eval(col("s").endsWith("bc"), STRINGS, "abc", "x")).isEqualTo(true);
  }

  @Test
  void stringComparisonIsByCodePoint() {
    // U+FF61 sorts below U+1F600 by code point, above it by UTF-16 unit
    assertThat(eval(col("s").lt(col("t")), STRINGS, "\uFF61", "\uD83D\uDE00")).isEqualTo(true);
  }

  // ---- dates ------------------------------------------------------------------------------------

  @Test
  void datePartsReadTheUtcDate() {
    Schema s =
        Schema.builder()
            .column("d", DataType.DATE)
            .column("t", DataType.TIMESTAMP)
            .column("n", DataType.TIMESTAMP_NTZ)
            .build();
    LogicalPlan in =
        values(
            s,
            row(
                LocalDate.of(-44, 3, 15),
                Instant.parse("1969-12-31T23:30:00Z"),
                LocalDateTime.of(2000, 2, 29, 23, 59)));
    assertThat(
            Plans.rows(
                Analyzer.select(
                    in,
                    List.of(
                        col("d").year().as("dy"),
                        col("d").month().as("dm"),
                        col("d").day().as("dd"),
                        col("t").year().as("ty"),
                        col("t").month().as("tm"),
                        col("t").day().as("td"),
                        col("n").day().as("nd")))))
        .containsExactly(list(-44, 3, 15, 1969, 12, 31, 29));
  }

  @Test
  void comparesDatesWithStringLiterals() {
    Schema s = Schema.of(Field.of("d", DataType.DATE));
    LogicalPlan in = values(s, row(LocalDate.of(2024, 1, 1)), row(LocalDate.of(2023, 12, 31)));
    assertThat(Plans.rows(Analyzer.filter(in, col("d").ge("2024-01-01"))))
        .containsExactly(list(LocalDate.of(2024, 1, 1)));
  }
}
