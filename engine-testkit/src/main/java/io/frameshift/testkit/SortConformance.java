package io.frameshift.testkit;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.types.DataType.BOOLEAN;
import static io.frameshift.types.DataType.DATE;
import static io.frameshift.types.DataType.FLOAT32;
import static io.frameshift.types.DataType.FLOAT64;
import static io.frameshift.types.DataType.INT32;
import static io.frameshift.types.DataType.INT64;
import static io.frameshift.types.DataType.STRING;
import static io.frameshift.types.DataType.TIMESTAMP;
import static io.frameshift.types.DataType.TIMESTAMP_NTZ;
import static io.frameshift.types.DataType.decimal;

import io.frameshift.DataFrame;
import org.junit.jupiter.api.Test;

/** Sort order: nulls, NaN, -0.0, code points, every type (docs/semantics.md, "Sorting"). */
public interface SortConformance extends ConformanceBase {

  private DataFrame ints() {
    return column("x", INT32, 3, null, 1, Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  @Test
  default void ascendingPutsNullsFirst() {
    assertOrderedRows(
        ints().sort(asc("x")),
        row((Object) null),
        row(Integer.MIN_VALUE),
        row(1),
        row(3),
        row(Integer.MAX_VALUE));
    assertOrderedRows(
        ints().sort("x"),
        row((Object) null),
        row(Integer.MIN_VALUE),
        row(1),
        row(3),
        row(Integer.MAX_VALUE));
  }

  @Test
  default void descendingPutsNullsLast() {
    assertOrderedRows(
        ints().sort(desc("x")),
        row(Integer.MAX_VALUE),
        row(3),
        row(1),
        row(Integer.MIN_VALUE),
        row((Object) null));
  }

  @Test
  default void explicitNullOrderWins() {
    assertOrderedRows(
        ints().sort(asc("x").nullsLast()),
        row(Integer.MIN_VALUE),
        row(1),
        row(3),
        row(Integer.MAX_VALUE),
        row((Object) null));
    assertOrderedRows(
        ints().sort(desc("x").nullsFirst()),
        row((Object) null),
        row(Integer.MAX_VALUE),
        row(3),
        row(1),
        row(Integer.MIN_VALUE));
  }

  @Test
  default void nanSortsAboveEveryNumber() {
    DataFrame d =
        column(
            "d",
            FLOAT64,
            1.0,
            Double.NaN,
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY,
            null,
            -1.5);
    assertOrderedRows(
        d.sort(asc("d")),
        row((Object) null),
        row(Double.NEGATIVE_INFINITY),
        row(-1.5),
        row(1.0),
        row(Double.POSITIVE_INFINITY),
        row(Double.NaN));
    assertOrderedRows(
        d.sort(desc("d")),
        row(Double.NaN),
        row(Double.POSITIVE_INFINITY),
        row(1.0),
        row(-1.5),
        row(Double.NEGATIVE_INFINITY),
        row((Object) null));
    assertOrderedRows(
        d.sort(asc("d").nullsLast()),
        row(Double.NEGATIVE_INFINITY),
        row(-1.5),
        row(1.0),
        row(Double.POSITIVE_INFINITY),
        row(Double.NaN),
        row((Object) null));
    assertOrderedRows(
        column("f", FLOAT32, Float.NaN, 2.0f, Float.NEGATIVE_INFINITY).sort(desc("f")),
        row(Float.NaN),
        row(2.0f),
        row(Float.NEGATIVE_INFINITY));
  }

  @Test
  default void negativeZeroEqualsZero() {
    // equal first keys leave the order to the second key
    assertOrderedRows(
        frame(
                schema(field("d", FLOAT64), field("id", INT32)),
                row(0.0, 1),
                row(-0.0, 2),
                row(-1.0, 3))
            .sort(asc("d"), asc("id")),
        row(-1.0, 3),
        row(0.0, 1),
        row(-0.0, 2));
  }

  @Test
  default void stringsSortByCodePoint() {
    assertOrderedRows(
        column("s", STRING, "b", "a", "B", "é", "𝄞", "ｚ", "").sort("s"),
        row(""),
        row("B"),
        row("a"),
        row("b"),
        row("é"),
        row("ｚ"),
        row("𝄞"));
  }

  @Test
  default void falseSortsBeforeTrue() {
    assertOrderedRows(
        column("b", BOOLEAN, true, false, null).sort("b"),
        row((Object) null),
        row(false),
        row(true));
  }

  @Test
  default void temporalDecimalAndInt64Values() {
    assertOrderedRows(
        column("d", DATE, date("2150-01-01"), date("1969-12-31"), date("1970-01-01")).sort("d"),
        row(date("1969-12-31")),
        row(date("1970-01-01")),
        row(date("2150-01-01")));
    assertOrderedRows(
        column(
                "t",
                TIMESTAMP,
                ts("1970-01-01T00:00:00.000001Z"),
                ts("1969-12-31T23:59:59.999999Z"),
                ts("1970-01-01T00:00:00Z"))
            .sort("t"),
        row(ts("1969-12-31T23:59:59.999999Z")),
        row(ts("1970-01-01T00:00:00Z")),
        row(ts("1970-01-01T00:00:00.000001Z")));
    assertOrderedRows(
        column("t", TIMESTAMP_NTZ, ntz("2200-01-01T00:00"), ntz("1900-01-01T00:00:00.000001"))
            .sort(desc("t")),
        row(ntz("2200-01-01T00:00")),
        row(ntz("1900-01-01T00:00:00.000001")));
    assertOrderedRows(
        column("p", decimal(5, 2), dec("1.10"), dec("1.05"), dec("-2.00")).sort("p"),
        row(dec("-2.00")),
        row(dec("1.05")),
        row(dec("1.10")));
    assertOrderedRows(
        column("l", INT64, Long.MAX_VALUE, 0L, Long.MIN_VALUE, -1L).sort("l"),
        row(Long.MIN_VALUE),
        row(-1L),
        row(0L),
        row(Long.MAX_VALUE));
  }

  @Test
  default void severalKeysEachWithItsDirection() {
    assertOrderedRows(
        frame(
                schema(field("k", STRING), field("v", INT32)),
                row("b", 1),
                row("a", 2),
                row("a", 3),
                row("b", null),
                row(null, 0))
            .sort(asc("k"), desc("v")),
        row(null, 0),
        row("a", 3),
        row("a", 2),
        row("b", 1),
        row("b", null));
  }

  @Test
  default void sortByAnExpression() {
    assertOrderedRows(
        column("v", INT32, 2, 3, 1).sort(desc(col("v").times(-1))), row(1), row(2), row(3));
  }

  @Test
  default void sortThenLimitGivesTheFirstRows() {
    DataFrame v = column("v", INT32, 5, 3, 1, 4, 2);
    assertOrderedRows(v.sort(desc("v")).limit(2), row(5), row(4));
    assertOrderedRows(v.sort("v").limit(10), row(1), row(2), row(3), row(4), row(5));
  }

  @Test
  default void sortOfAnEmptyFrameIsEmpty() {
    assertOrderedRows(column("v", INT32).sort("v"));
  }
}
