package io.frameshift.testkit;

import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A frame holding every type with its awkward values: extremes, NaN, infinities, {@code -0.0},
 * denormals, supplementary characters, dates far from 1970 (and one the Julian/Gregorian hybrid
 * calendar lacks), timestamps with microseconds on both sides of the epoch, DECIMAL(38, 10) at its
 * limits, and nulls. Shared by the type and file-format round trips.
 */
final class Samples {
  private Samples() {}

  static final Schema EVERY_TYPE =
      Schema.of(
          Field.of("id", DataType.INT32),
          Field.of("b", DataType.BOOLEAN),
          Field.of("i", DataType.INT32),
          Field.of("l", DataType.INT64),
          Field.of("f", DataType.FLOAT32),
          Field.of("d", DataType.FLOAT64),
          Field.of("s", DataType.STRING),
          Field.of("dt", DataType.DATE),
          Field.of("ts", DataType.TIMESTAMP),
          Field.of("ntz", DataType.TIMESTAMP_NTZ),
          Field.of("dec", DataType.decimal(38, 10)));

  /** The rows of {@link #EVERY_TYPE}; a fresh copy each call. */
  static List<Object[]> everyTypeRows() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        new Object[] {
          1,
          true,
          Integer.MAX_VALUE,
          Long.MAX_VALUE,
          Float.MAX_VALUE,
          Double.MAX_VALUE,
          "héllo, \"wörld\"",
          LocalDate.parse("9999-12-31"),
          Instant.parse("2200-01-01T12:34:56.123456Z"),
          LocalDateTime.parse("2200-01-01T12:34:56.123456"),
          new BigDecimal("9999999999999999999999999999.9999999999")
        });
    rows.add(
        new Object[] {
          2,
          false,
          Integer.MIN_VALUE,
          Long.MIN_VALUE,
          -Float.MAX_VALUE,
          -Double.MAX_VALUE,
          "𝄞 clef",
          LocalDate.parse("1969-12-31"),
          Instant.parse("1969-12-31T23:59:59.999999Z"),
          LocalDateTime.parse("1969-12-31T23:59:59.999999"),
          new BigDecimal("-9999999999999999999999999999.9999999999")
        });
    rows.add(
        new Object[] {
          3,
          true,
          0,
          0L,
          Float.NaN,
          Double.NaN,
          "Ωmega ✓",
          LocalDate.parse("1970-01-01"),
          Instant.parse("1970-01-01T00:00:00Z"),
          LocalDateTime.parse("1970-01-01T00:00:00"),
          new BigDecimal("0.0000000000")
        });
    rows.add(
        new Object[] {
          4,
          false,
          -1,
          -1L,
          Float.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          "tab\there",
          LocalDate.parse("1582-10-10"),
          Instant.parse("1900-01-01T00:00:00.000001Z"),
          LocalDateTime.parse("1900-01-01T00:00:00.000001"),
          new BigDecimal("0.0000000001")
        });
    rows.add(
        new Object[] {
          5,
          true,
          1,
          1L,
          -0.0f,
          -0.0,
          "e\u0301 is not \u00e9",
          LocalDate.parse("2150-06-30"),
          Instant.parse("2100-03-01T00:00:00Z"),
          LocalDateTime.parse("2100-02-28T23:59:59.999999"),
          new BigDecimal("-1.0000000000")
        });
    rows.add(
        new Object[] {
          6,
          false,
          2,
          2L,
          Float.MIN_VALUE,
          Double.MIN_VALUE,
          "plain",
          LocalDate.parse("2000-02-29"),
          Instant.parse("2000-02-29T12:00:00.000500Z"),
          LocalDateTime.parse("2000-02-29T12:00:00.000500"),
          new BigDecimal("0.5000000000")
        });
    rows.add(
        new Object[] {
          7,
          null,
          42,
          null,
          Float.NEGATIVE_INFINITY,
          Double.POSITIVE_INFINITY,
          null,
          LocalDate.parse("2020-01-01"),
          null,
          LocalDateTime.parse("2020-01-01T00:00"),
          null
        });
    rows.add(new Object[] {8, null, null, null, null, null, null, null, null, null, null});
    return rows;
  }
}
