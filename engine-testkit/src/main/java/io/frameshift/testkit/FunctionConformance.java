package io.frameshift.testkit;

import static io.frameshift.expr.Functions.coalesce;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.concat;
import static io.frameshift.expr.Functions.day;
import static io.frameshift.expr.Functions.length;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.lower;
import static io.frameshift.expr.Functions.month;
import static io.frameshift.expr.Functions.substring;
import static io.frameshift.expr.Functions.trim;
import static io.frameshift.expr.Functions.upper;
import static io.frameshift.expr.Functions.when;
import static io.frameshift.expr.Functions.year;
import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.STRING;
import static io.frameshift.types.DataType.TIMESTAMP;
import static io.frameshift.types.DataType.TIMESTAMP_NTZ;

import io.frameshift.DataFrame;
import org.junit.jupiter.api.Test;

/**
 * Scalar functions: strings by code point, dates, coalesce and CASE; a null argument gives null
 * (docs/semantics.md, "Strings", "Dates", "Nulls and logic").
 */
public interface FunctionConformance extends ConformanceBase {

  @Test
  default void lengthCountsCodePoints() {
    DataFrame out =
        column("s", STRING, "Hello", "héllo", "𝄞x", "e\u0301", "  pad  ", "", null)
            .select(col("s"), length(col("s")).as("n"));
    assertSchema(out, field("s", STRING), field("n", INT32));
    assertRows(
        out,
        row("Hello", 5),
        row("héllo", 5),
        row("𝄞x", 2),
        row("e\u0301", 2),
        row("  pad  ", 7),
        row("", 0),
        row(null, null));
  }

  @Test
  default void upperAndLowerUseUnicodeCaseMapping() {
    assertRows(
        column("s", STRING, "Hello", "héllo", "straße", "ÀÉÎ", "𝄞x", "TITLE", null)
            .select(col("s"), upper(col("s")).as("up"), lower(col("s")).as("low")),
        row("Hello", "HELLO", "hello"),
        row("héllo", "HÉLLO", "héllo"),
        row("straße", "STRASSE", "straße"),
        row("ÀÉÎ", "ÀÉÎ", "àéî"),
        row("𝄞x", "𝄞X", "𝄞x"),
        row("TITLE", "TITLE", "title"),
        row(null, null, null));
  }

  @Test
  default void trimRemovesSpacesOnly() {
    assertRows(
        column("s", STRING, "  pad  ", "\tpad\t", " \u00a0x\u00a0 ", "   ", null)
            .select(col("s"), trim(col("s")).as("t")),
        row("  pad  ", "pad"),
        row("\tpad\t", "\tpad\t"),
        row(" \u00a0x\u00a0 ", "\u00a0x\u00a0"),
        row("   ", ""),
        row(null, null));
  }

  @Test
  default void substringCountsCodePointsFromOne() {
    DataFrame s = column("s", STRING, "𝄞abc");
    assertRows(
        s.select(
            substring(col("s"), 1, 2).as("p1"),
            substring(col("s"), 0, 2).as("p0"),
            substring(col("s"), -1, 1).as("last"),
            substring(col("s"), -2, 5).as("tail"),
            substring(col("s"), 2, -1).as("neg_len"),
            substring(col("s"), 3, 10).as("long"),
            substring(col("s"), 10, 2).as("past_end"),
            substring(col("s"), 2, 0).as("zero_len")),
        row("𝄞a", "𝄞a", "c", "bc", "", "bc", "", ""));
    assertRows(
        column("s", STRING, (Object) null).select(substring(col("s"), 1, 2).as("p")),
        row((Object) null));
  }

  @Test
  default void startsWithEndsWithContainsAreCaseSensitive() {
    assertRows(
        column("s", STRING, "Hello", "𝄞x", "", null)
            .select(
                col("s"),
                col("s").startsWith("He").as("he"),
                col("s").startsWith("he").as("he_lower"),
                col("s").endsWith("lo").as("lo"),
                col("s").contains("ll").as("ll"),
                col("s").startsWith("𝄞").as("clef"),
                col("s").contains("").as("empty")),
        row("Hello", true, false, true, true, false, true),
        row("𝄞x", false, false, false, false, true, true),
        row("", false, false, false, false, false, true),
        row(null, null, null, null, null, null, null));
  }

  @Test
  default void likeMatchesTheWholeStringByCharacter() {
    DataFrame s = column("s", STRING, "Hello", "50%", "50x", "a_b", "axb", "𝄞x", "", null);
    assertRows(
        s.select(
            col("s"),
            col("s").like("H%o").as("h_o"),
            col("s").like("h%").as("lower_h"),
            col("s").like("%").as("any"),
            col("s").like("_x").as("one_then_x"),
            col("s").like("50\\%").as("percent"),
            col("s").like("a\\_b").as("underscore"),
            col("s").like("a_b").as("a_b"),
            col("s").like("%ell%").as("inner"),
            col("s").like("ell").as("whole")),
        row("Hello", true, false, true, false, false, false, false, true, false),
        row("50%", false, false, true, false, true, false, false, false, false),
        row("50x", false, false, true, false, false, false, false, false, false),
        row("a_b", false, false, true, false, false, true, true, false, false),
        row("axb", false, false, true, false, false, false, true, false, false),
        row("𝄞x", false, false, true, true, false, false, false, false, false),
        row("", false, false, true, false, false, false, false, false, false),
        row(null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  default void aNullArgumentInAnyPositionGivesNull() {
    assertRows(
        column("s", STRING, "abc")
            .select(
                col("s").startsWith(lit(null)).as("sw"),
                col("s").endsWith(lit(null)).as("ew"),
                col("s").contains(lit(null)).as("has"),
                col("s").like(null).as("like"),
                concat(col("s"), lit(null)).as("cat"),
                year(lit(null, DATE)).as("y")),
        row(null, null, null, null, null, null));
  }

  @Test
  default void concatIsNullIfAnyArgumentIsNull() {
    DataFrame in =
        frame(
            schema(
                field("a", STRING),
                field("b", STRING),
                field("n", INT32),
                field("d", DATE),
                field("f", FLOAT64)),
            row("x", "y", 1, date("2020-01-02"), 1.0),
            row("x", null, 2, null, null),
            row(null, "y", null, date("1969-07-20"), 1.0e10));
    DataFrame out =
        in.select(
            concat(col("a"), "-", col("b")).as("dash"),
            col("a").concat(col("b")).as("pipes"),
            concat(col("a"), col("n")).as("a_n"),
            concat(lit("d="), col("d")).as("date"),
            concat(lit("f="), col("f")).as("float"));
    assertSchema(
        out,
        field("dash", STRING),
        field("pipes", STRING),
        field("a_n", STRING),
        field("date", STRING),
        field("float", STRING));
    assertRows(
        out,
        row("x-y", "xy", "x1", "d=2020-01-02", "f=1.0"),
        row(null, null, "x2", null, null),
        row(null, null, null, "d=1969-07-20", "f=1.0E10"));
  }

  @Test
  default void yearMonthDayOfDates() {
    DataFrame out =
        column("d", DATE, date("1969-07-20"), date("2150-12-31"), date("2000-02-29"), null)
            .select(
                col("d"), year(col("d")).as("y"), month(col("d")).as("m"), day(col("d")).as("dd"));
    assertSchema(out, field("d", DATE), field("y", INT32), field("m", INT32), field("dd", INT32));
    assertRows(
        out,
        row(date("1969-07-20"), 1969, 7, 20),
        row(date("2150-12-31"), 2150, 12, 31),
        row(date("2000-02-29"), 2000, 2, 29),
        row(null, null, null, null));
  }

  @Test
  default void yearMonthDayOfTimestampsReadTheUtcDate() {
    assertRows(
        column("t", TIMESTAMP, ts("2020-12-31T23:30:00Z"), ts("1969-12-31T23:59:59.999999Z"))
            .select(year(col("t")).as("y"), month(col("t")).as("m"), day(col("t")).as("d")),
        row(2020, 12, 31),
        row(1969, 12, 31));
    assertRows(
        column("t", TIMESTAMP_NTZ, ntz("2101-01-01T00:00:00"), ntz("1900-03-01T12:00:00.000001"))
            .select(year(col("t")).as("y"), month(col("t")).as("m"), day(col("t")).as("d")),
        row(2101, 1, 1),
        row(1900, 3, 1));
  }

  @Test
  default void coalesceTakesTheFirstNonNull() {
    DataFrame ab =
        frame(
            schema(field("a", INT32), field("b", INT32)),
            row(null, null),
            row(null, 5),
            row(3, null),
            row(3, 4));
    DataFrame out =
        ab.select(coalesce(col("a"), col("b"), 0).as("c"), coalesce(col("a"), 2.5).as("wide"));
    assertSchema(out, field("c", INT32), field("wide", FLOAT64));
    assertRows(out, row(0, 2.5), row(5, 2.5), row(3, 3.0), row(3, 3.0));
  }

  @Test
  default void caseWhenTakesTheFirstTrueBranch() {
    DataFrame xs = column("x", INT32, 5, -3, 0, null);
    assertRows(
        xs.select(
            col("x"),
            when(col("x").gt(0))
                .then("pos")
                .when(col("x").lt(0))
                .then("neg")
                .otherwise("zero")
                .as("sign"),
            when(col("x").gt(0)).then("a").when(col("x").gt(1)).then("b").end().as("first")),
        row(5, "pos", "a"),
        row(-3, "neg", null),
        row(0, "zero", null),
        row(null, "zero", null));
    DataFrame wide = xs.select(when(col("x").gt(0)).then(1).otherwise(2.5).as("w"));
    assertSchema(wide, field("w", FLOAT64));
    assertRows(wide, row(1.0), row(2.5), row(2.5), row(2.5));
  }
}
