package io.frameshift.local;

import static io.frameshift.local.Plans.row;

import io.frameshift.Row;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** A frame of every type with edge values and nulls, for the round trips of the file formats. */
final class AllTypes {
  private AllTypes() {}

  static final Schema SCHEMA =
      Schema.builder()
          .column("b", DataType.BOOLEAN)
          .column("i", DataType.INT32)
          .column("l", DataType.INT64)
          .column("f", DataType.FLOAT32)
          .column("d", DataType.FLOAT64)
          .column("s", DataType.STRING)
          .column("day", DataType.DATE)
          .column("ts", DataType.TIMESTAMP)
          .column("ntz", DataType.TIMESTAMP_NTZ)
          .column("dec", DataType.decimal(10, 3))
          .column("wide", DataType.decimal(30, 4))
          .build();

  /** The rows of {@link #SCHEMA}; a fresh copy each call. */
  static List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        row(
            true,
            Integer.MIN_VALUE,
            Long.MIN_VALUE,
            1.5f,
            1e-300,
            "plain",
            LocalDate.of(2024, 2, 29),
            Instant.parse("2024-01-02T03:04:05.123456Z"),
            LocalDateTime.of(1999, 12, 31, 23, 59, 59),
            new BigDecimal("-1234567.891"),
            new BigDecimal("12345678901234567890123456.7891")));
    rows.add(
        row(
            false,
            Integer.MAX_VALUE,
            Long.MAX_VALUE,
            Float.NaN,
            Double.NEGATIVE_INFINITY,
            "comma, \"quote\"\nnew line",
            LocalDate.of(1, 1, 1),
            Instant.parse("1960-06-01T00:00:00Z"),
            LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1000),
            new BigDecimal("0.000"),
            new BigDecimal("-0.0001")));
    rows.add(row(null, null, null, null, null, "", null, null, null, null, null));
    rows.add(row(null, null, null, null, null, null, null, null, null, null, null));
    rows.add(row(true, 0, 0L, -0.0f, Double.NaN, " padded ", null, null, null, null, null));
    return rows;
  }

  /** A local frame of {@code rows}. */
  static EngineFrame frame(Schema schema, List<Object[]> rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      out.add(Row.of(schema, r));
    }
    return Plans.ENGINE.create(schema, out);
  }
}
