package io.frameshift.testkit;

import static io.frameshift.expr.Functions.coalesce;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.when;
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
import io.frameshift.error.EvaluationException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.types.DataType;
import org.junit.jupiter.api.Test;

/** Explicit ANSI casts and the implicit conversions analysis makes explicit. */
public interface CastConformance extends ConformanceBase {

  /** {@code values} in a column of {@code from}, each cast to {@code to}: rows (value, cast). */
  private DataFrame cast(DataType from, DataType to, Object... values) {
    return column("v", from, values).select(col("v"), col("v").cast(to).as("c"));
  }

  /** Casting the one value {@code value} of type {@code from} to {@code to} raises. */
  private void assertCastFails(DataType from, DataType to, Object value, String... messageParts) {
    assertRunFailure(
        column("v", from, value).select(col("v").cast(to)),
        EvaluationException.class,
        messageParts);
  }

  // ---- to STRING ------------------------------------------------------------------------

  @Test
  default void integersToString() {
    assertRows(
        cast(INT32, STRING, Integer.MIN_VALUE, 0, 42, null),
        row(Integer.MIN_VALUE, "-2147483648"),
        row(0, "0"),
        row(42, "42"),
        row(null, null));
    assertRows(
        cast(INT64, STRING, Long.MAX_VALUE, -1L),
        row(Long.MAX_VALUE, "9223372036854775807"),
        row(-1L, "-1"));
  }

  @Test
  default void floatsToStringAsJava() {
    assertRows(
        cast(
            FLOAT64,
            STRING,
            1.0,
            1.0e10,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY,
            0.1,
            -0.0,
            1.0e-5,
            123456.789,
            1.0e7,
            1234567.0),
        row(1.0, "1.0"),
        row(1.0e10, "1.0E10"),
        row(Double.NaN, "NaN"),
        row(Double.POSITIVE_INFINITY, "Infinity"),
        row(Double.NEGATIVE_INFINITY, "-Infinity"),
        row(0.1, "0.1"),
        row(-0.0, "-0.0"),
        row(1.0e-5, "1.0E-5"),
        row(123456.789, "123456.789"),
        row(1.0e7, "1.0E7"),
        row(1234567.0, "1234567.0"));
    assertRows(
        cast(FLOAT32, STRING, 1.5f, 0.1f, 1.0e10f),
        row(1.5f, "1.5"),
        row(0.1f, "0.1"),
        row(1.0e10f, "1.0E10"));
  }

  @Test
  default void booleansDatesAndDecimalsToString() {
    assertRows(cast(BOOLEAN, STRING, true, false), row(true, "true"), row(false, "false"));
    assertRows(
        cast(DATE, STRING, date("1969-07-20"), date("2150-01-05")),
        row(date("1969-07-20"), "1969-07-20"),
        row(date("2150-01-05"), "2150-01-05"));
    assertRows(
        cast(decimal(10, 2), STRING, dec("1.50"), dec("-0.05"), dec("0.00")),
        row(dec("1.50"), "1.50"),
        row(dec("-0.05"), "-0.05"),
        row(dec("0.00"), "0.00"));
    assertRows(
        cast(decimal(38, 10), STRING, dec("1234567890123456789012345678.0123456789")),
        row(
            dec("1234567890123456789012345678.0123456789"),
            "1234567890123456789012345678.0123456789"));
  }

  @Test
  default void timestampsToStringDropTrailingZeros() {
    assertRows(
        cast(
            TIMESTAMP_NTZ,
            STRING,
            ntz("2020-01-02T03:04:05.123456"),
            ntz("2020-01-02T03:04:05"),
            ntz("2020-01-02T03:04:05.100"),
            ntz("1969-12-31T23:59:59.999999"),
            ntz("2020-01-02T00:00")),
        row(ntz("2020-01-02T03:04:05.123456"), "2020-01-02 03:04:05.123456"),
        row(ntz("2020-01-02T03:04:05"), "2020-01-02 03:04:05"),
        row(ntz("2020-01-02T03:04:05.100"), "2020-01-02 03:04:05.1"),
        row(ntz("1969-12-31T23:59:59.999999"), "1969-12-31 23:59:59.999999"),
        row(ntz("2020-01-02T00:00"), "2020-01-02 00:00:00"));
    assertRows(
        cast(TIMESTAMP, STRING, ts("2020-01-02T03:04:05.000001Z"), ts("2150-06-30T12:00:00Z")),
        row(ts("2020-01-02T03:04:05.000001Z"), "2020-01-02 03:04:05.000001"),
        row(ts("2150-06-30T12:00:00Z"), "2150-06-30 12:00:00"));
  }

  // ---- from STRING ----------------------------------------------------------------------

  @Test
  default void stringToIntegers() {
    assertRows(
        cast(STRING, INT32, " 42 ", "+7", "-2147483648", "0", null),
        row(" 42 ", 42),
        row("+7", 7),
        row("-2147483648", Integer.MIN_VALUE),
        row("0", 0),
        row(null, null));
    assertRows(
        cast(STRING, INT64, "9223372036854775807", " -1"),
        row("9223372036854775807", Long.MAX_VALUE),
        row(" -1", -1L));
  }

  @Test
  default void stringThatIsNotAnIntegerRaises() {
    assertCastFails(STRING, INT32, "abc", "abc", "int32");
    assertCastFails(STRING, INT32, "2147483648", "2147483648");
    assertCastFails(STRING, INT32, "1.5", "1.5");
    assertCastFails(STRING, INT32, "");
    assertCastFails(STRING, INT64, "9223372036854775808", "9223372036854775808");
  }

  @Test
  default void stringToFloats() {
    assertRows(
        cast(STRING, FLOAT64, "1.5", " 2.5 ", "NaN", "nan", "Infinity", "-infinity", "1e3", "-0.0"),
        row("1.5", 1.5),
        row(" 2.5 ", 2.5),
        row("NaN", Double.NaN),
        row("nan", Double.NaN),
        row("Infinity", Double.POSITIVE_INFINITY),
        row("-infinity", Double.NEGATIVE_INFINITY),
        row("1e3", 1000.0),
        row("-0.0", -0.0));
    assertRows(cast(STRING, FLOAT32, "1.5"), row("1.5", 1.5f));
    assertCastFails(STRING, FLOAT64, "abc", "abc", "float64");
  }

  @Test
  default void stringToBoolean() {
    assertRows(
        cast(STRING, BOOLEAN, "true", "FALSE", "t", "F", "yes", "No", "y", "N", "1", "0", " true "),
        row("true", true),
        row("FALSE", false),
        row("t", true),
        row("F", false),
        row("yes", true),
        row("No", false),
        row("y", true),
        row("N", false),
        row("1", true),
        row("0", false),
        row(" true ", true));
    assertCastFails(STRING, BOOLEAN, "maybe", "maybe", "boolean");
  }

  @Test
  default void stringToDate() {
    assertRows(
        cast(STRING, DATE, "2020-02-29", " 1969-07-20 ", "2150-12-31"),
        row("2020-02-29", date("2020-02-29")),
        row(" 1969-07-20 ", date("1969-07-20")),
        row("2150-12-31", date("2150-12-31")));
    assertCastFails(STRING, DATE, "2020-02-30", "2020-02-30", "date");
    assertCastFails(STRING, DATE, "2020/01/01", "2020/01/01");
  }

  @Test
  default void stringToTimestamps() {
    assertRows(
        cast(
            STRING,
            TIMESTAMP_NTZ,
            "2020-01-02 03:04",
            "2020-01-02T03:04:05.123456",
            "2020-01-02",
            " 1969-12-31 23:59:59.999999 "),
        row("2020-01-02 03:04", ntz("2020-01-02T03:04")),
        row("2020-01-02T03:04:05.123456", ntz("2020-01-02T03:04:05.123456")),
        row("2020-01-02", ntz("2020-01-02T00:00")),
        row(" 1969-12-31 23:59:59.999999 ", ntz("1969-12-31T23:59:59.999999")));
    assertRows(
        cast(
            STRING,
            TIMESTAMP,
            "2020-01-02 03:04:05Z",
            "2020-01-02 03:04:05+01:00",
            "2020-01-02 03:04:05",
            "2020-01-02T03:04:05.000001Z"),
        row("2020-01-02 03:04:05Z", ts("2020-01-02T03:04:05Z")),
        row("2020-01-02 03:04:05+01:00", ts("2020-01-02T02:04:05Z")),
        row("2020-01-02 03:04:05", ts("2020-01-02T03:04:05Z")),
        row("2020-01-02T03:04:05.000001Z", ts("2020-01-02T03:04:05.000001Z")));
    assertCastFails(STRING, TIMESTAMP_NTZ, "2020-13-01 00:00", "2020-13-01 00:00");
  }

  @Test
  default void stringToDecimalRoundsHalfUp() {
    assertRows(
        cast(STRING, decimal(10, 2), "1.234", "1.235", "1e2", "-0.005", " 7 "),
        row("1.234", dec("1.23")),
        row("1.235", dec("1.24")),
        row("1e2", dec("100.00")),
        row("-0.005", dec("-0.01")),
        row(" 7 ", dec("7.00")));
    assertCastFails(STRING, decimal(10, 2), "123456789.00", "123456789.00");
    assertCastFails(STRING, decimal(10, 2), "abc", "abc");
  }

  // ---- between numbers ------------------------------------------------------------------

  @Test
  default void floatToIntegerTruncatesTowardZero() {
    assertRows(
        cast(FLOAT64, INT32, 2.9, -2.9, 2147483647.9),
        row(2.9, 2),
        row(-2.9, -2),
        row(2147483647.9, Integer.MAX_VALUE));
    assertRows(cast(FLOAT64, INT64, -1.5), row(-1.5, -1L));
    assertRows(cast(FLOAT32, INT32, 2.5f), row(2.5f, 2));
  }

  @Test
  default void floatToIntegerOutOfRangeRaises() {
    assertCastFails(FLOAT64, INT32, Double.NaN);
    assertCastFails(FLOAT64, INT32, Double.POSITIVE_INFINITY);
    assertCastFails(FLOAT64, INT32, 3.0e9);
    assertCastFails(FLOAT64, INT64, 1.0e19);
  }

  @Test
  default void integerNarrowingOutOfRangeRaises() {
    assertRows(
        cast(INT64, INT32, -5L, 2147483647L), row(-5L, -5), row(2147483647L, Integer.MAX_VALUE));
    assertCastFails(INT64, INT32, 2147483648L);
    assertCastFails(INT64, INT32, -2147483649L);
    assertRows(cast(INT32, INT64, -1), row(-1, -1L));
    assertRows(cast(INT32, FLOAT64, 7), row(7, 7.0));
  }

  @Test
  default void toDecimalRoundsHalfUpAndRaisesOnOverflow() {
    assertRows(
        cast(FLOAT64, decimal(5, 2), 1.125, -1.125, 2.0),
        row(1.125, dec("1.13")),
        row(-1.125, dec("-1.13")),
        row(2.0, dec("2.00")));
    assertRows(cast(INT32, decimal(5, 2), 123), row(123, dec("123.00")));
    assertRows(
        cast(decimal(10, 4), decimal(5, 2), dec("1.2345"), dec("1.2350")),
        row(dec("1.2345"), dec("1.23")),
        row(dec("1.2350"), dec("1.24")));
    assertRows(cast(decimal(5, 2), decimal(4, 1), dec("123.45")), row(dec("123.45"), dec("123.5")));
    assertRows(cast(decimal(5, 2), FLOAT64, dec("1.25")), row(dec("1.25"), 1.25));
    assertCastFails(INT32, decimal(5, 2), 12345);
    assertCastFails(FLOAT64, decimal(5, 2), 1234.5);
    assertCastFails(decimal(5, 2), decimal(3, 1), dec("123.45"));
  }

  @Test
  default void booleansAndNumbers() {
    assertRows(
        cast(BOOLEAN, INT32, true, false, null), row(true, 1), row(false, 0), row(null, null));
    assertRows(cast(BOOLEAN, INT64, true), row(true, 1L));
    assertRows(cast(BOOLEAN, FLOAT64, true, false), row(true, 1.0), row(false, 0.0));
    assertRows(cast(INT32, BOOLEAN, 5, 0, -1), row(5, true), row(0, false), row(-1, true));
    assertRows(
        cast(FLOAT64, BOOLEAN, 0.0, 0.5, -0.0), row(0.0, false), row(0.5, true), row(-0.0, false));
    assertRows(
        cast(decimal(5, 2), BOOLEAN, dec("0.00"), dec("0.01")),
        row(dec("0.00"), false),
        row(dec("0.01"), true));
  }

  @Test
  default void datesAndTimestamps() {
    assertRows(
        cast(DATE, TIMESTAMP_NTZ, date("2020-01-02"), date("1969-12-31")),
        row(date("2020-01-02"), ntz("2020-01-02T00:00")),
        row(date("1969-12-31"), ntz("1969-12-31T00:00")));
    assertRows(
        cast(DATE, TIMESTAMP, date("1969-12-31")),
        row(date("1969-12-31"), ts("1969-12-31T00:00:00Z")));
    assertRows(
        cast(TIMESTAMP_NTZ, DATE, ntz("2020-01-02T23:59:59.999999"), ntz("1969-12-31T12:00")),
        row(ntz("2020-01-02T23:59:59.999999"), date("2020-01-02")),
        row(ntz("1969-12-31T12:00"), date("1969-12-31")));
    assertRows(
        cast(TIMESTAMP_NTZ, TIMESTAMP, ntz("2020-01-02T23:59:59.999999")),
        row(ntz("2020-01-02T23:59:59.999999"), ts("2020-01-02T23:59:59.999999Z")));
    assertRows(
        cast(TIMESTAMP, DATE, ts("2020-01-02T23:30:00Z"), ts("1969-12-31T23:59:59.999999Z")),
        row(ts("2020-01-02T23:30:00Z"), date("2020-01-02")),
        row(ts("1969-12-31T23:59:59.999999Z"), date("1969-12-31")));
    assertRows(
        cast(TIMESTAMP, TIMESTAMP_NTZ, ts("2020-01-02T03:04:05.000006Z")),
        row(ts("2020-01-02T03:04:05.000006Z"), ntz("2020-01-02T03:04:05.000006")));
  }

  @Test
  default void castBetweenUnrelatedTypesFailsWhenBuilt() {
    DataFrame d = column("d", DATE, date("2020-01-02"));
    assertFailure(
        () -> d.select(col("d").cast(INT32)), TypeMismatchException.class, "d", "date", "int32");
    DataFrame b = column("b", BOOLEAN, true);
    assertFailure(
        () -> b.select(col("b").cast(DATE)), TypeMismatchException.class, "b", "boolean", "date");
  }

  // ---- implicit conversions ---------------------------------------------------------------

  @Test
  default void stringLiteralComparedWithATemporalColumnIsReadAsThatType() {
    assertRows(
        column("d", DATE, date("2019-12-31"), date("2020-01-01"), date("2020-06-15"))
            .filter(col("d").ge("2020-01-01")),
        row(date("2020-01-01")),
        row(date("2020-06-15")));
    assertRows(
        column("t", TIMESTAMP, ts("2019-12-31T23:59:59.999999Z"), ts("2020-01-01T00:00:00Z"))
            .filter(col("t").lt("2020-01-01 00:00:00")),
        row(ts("2019-12-31T23:59:59.999999Z")));
    assertRows(
        column("t", TIMESTAMP_NTZ, ntz("2020-01-01T00:00:00.000001"), ntz("2020-01-01T00:00"))
            .filter(col("t").gt("2020-01-01 00:00:00")),
        row(ntz("2020-01-01T00:00:00.000001")));
  }

  @Test
  default void dateMeetsTimestampNtzAsTimestampNtz() {
    assertRows(
        frame(
                schema(field("d", DATE), field("t", TIMESTAMP_NTZ)),
                row(date("2020-01-02"), ntz("2020-01-02T00:00")),
                row(date("2020-01-02"), ntz("2020-01-02T00:00:01")),
                row(date("2020-01-03"), ntz("2020-01-02T23:00")))
            .select(col("t"), col("d").eq(col("t")).as("eq"), col("d").lt(col("t")).as("lt")),
        row(ntz("2020-01-02T00:00"), true, false),
        row(ntz("2020-01-02T00:00:01"), false, true),
        row(ntz("2020-01-02T23:00"), false, false));
  }

  @Test
  default void numbersCompareInTheirCommonType() {
    assertRows(
        frame(
                schema(
                    field("i", INT32),
                    field("l", INT64),
                    field("f", FLOAT64),
                    field("p", decimal(5, 2))),
                row(2, 2L, 2.0, dec("2.00")),
                row(1, 3L, 0.1, dec("0.10")))
            .select(
                col("i").eq(col("f")).as("i_f"),
                col("i").eq(col("p")).as("i_p"),
                col("l").eq(col("p")).as("l_p"),
                col("f").eq(col("p")).as("f_p"),
                col("i").lt(col("l")).as("i_l"),
                col("i").eq(1.5).as("i_frac"),
                col("p").eq(dec("2.0")).as("p_scale")),
        row(true, true, true, true, false, false, true),
        row(false, false, false, true, true, false, false));
  }

  @Test
  default void float32WidensExactlyToFloat64() {
    // 0.1f is 0.100000001490116119384765625: as a double it is not 0.1
    assertRows(
        column("f", FLOAT32, 0.1f, 0.5f)
            .select(
                col("f"),
                col("f").eq(0.1).as("tenth"),
                col("f").eq(0.5).as("half"),
                col("f").cast(FLOAT64).as("wide")),
        row(0.1f, false, false, 0.10000000149011612),
        row(0.5f, false, true, 0.5));
  }

  @Test
  default void untypedNullTakesTheTypeItsContextNeeds() {
    DataFrame out =
        column("i", INT32, 1, null)
            .select(
                coalesce(lit(null), col("i")).as("c"),
                when(col("i").isNull()).then(lit(null)).otherwise(col("i")).as("w"),
                col("i").plus(lit(null)).as("p"));
    assertSchema(out, field("c", INT32), field("w", INT32), field("p", INT32));
    assertRows(out, row(1, 1, null), row(null, null, null));
  }
}
