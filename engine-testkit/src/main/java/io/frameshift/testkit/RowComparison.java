package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.fail;

import io.frameshift.Row;
import io.frameshift.RowDiff;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Compares rows value by value. A row is compared as the list of its values, so equality is Java's
 * {@code equals} on each value: NaN equals NaN, {@code -0.0} differs from {@code 0.0}, a {@code
 * BigDecimal} equals only one of the same scale and an {@code Integer} never equals a {@code Long}.
 * That is exactly "the same value of the same type".
 */
final class RowComparison {
  private RowComparison() {}

  static List<List<Object>> values(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(Arrays.asList(r.values().toArray()));
    }
    return out;
  }

  static List<List<Object>> expected(Schema schema, List<Object[]> rows) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (Object[] r : rows) {
      if (r.length != schema.size()) {
        fail(
            "Expected row %s has %d values but the frame has %d columns %s",
            show(Arrays.asList(r)), r.length, schema.size(), schema.names());
      }
      out.add(Arrays.asList(r.clone()));
    }
    return out;
  }

  /**
   * Checks what an engine returned against the schema analysis computed: the same column names and
   * types, and every value in the Java class of its type, a decimal with the type's scale and a
   * timestamp with whole microseconds.
   */
  static void assertConforms(Schema schema, List<Row> rows) {
    for (int n = 0; n < rows.size(); n++) {
      Row row = rows.get(n);
      if (!row.schema().names().equals(schema.names())
          || !row.schema().types().equals(schema.types())) {
        fail("Row %d came back with schema %s but analysis computed %s", n, row.schema(), schema);
      }
      for (int i = 0; i < schema.size(); i++) {
        String fault = valueFault(schema.field(i), row.get(i));
        if (fault != null) {
          fail("Row %d %s, column '%s': %s", n, show(row), schema.field(i).name(), fault);
        }
      }
    }
  }

  private static String valueFault(Field field, Object v) {
    DataType t = field.type();
    if (v == null) {
      return null;
    }
    if (!t.javaClass().isInstance(v)) {
      return "value "
          + show(v)
          + " is a "
          + v.getClass().getName()
          + "; type "
          + t
          + " is carried as "
          + t.javaClass().getName();
    }
    if (t instanceof DataType.Decimal d) {
      BigDecimal b = (BigDecimal) v;
      if (b.scale() != d.scale() || b.precision() - b.scale() > d.precision() - d.scale()) {
        return "value " + b.toPlainString() + " (scale " + b.scale() + ") does not fit " + t;
      }
    }
    if (t.id() == TypeId.TIMESTAMP && ((Instant) v).getNano() % 1000 != 0
        || t.id() == TypeId.TIMESTAMP_NTZ && ((LocalDateTime) v).getNano() % 1000 != 0) {
      return "value " + v + " is finer than the microsecond precision of " + t;
    }
    return null;
  }

  /** Fails unless {@code actual} holds the same rows as {@code expected}, in order if asked. */
  static void assertSameRows(
      String what, List<List<Object>> actual, List<List<Object>> expected, boolean ordered) {
    difference(actual, expected, ordered, "expected", "actual")
        .ifPresent(d -> fail(what + " differs from the expected rows:\n" + d));
  }

  /**
   * A description of how two row lists differ, or empty when they hold the same rows (in the same
   * order when {@code ordered}).
   */
  static Optional<String> difference(
      List<List<Object>> actual,
      List<List<Object>> expected,
      boolean ordered,
      String expectedLabel,
      String actualLabel) {
    return RowDiff.difference(actual, expected, ordered, expectedLabel, actualLabel);
  }

  static String show(Row row) {
    return RowDiff.show(row.values());
  }

  static String show(List<Object> values) {
    return RowDiff.show(values);
  }

  static String show(Object v) {
    return RowDiff.show(v);
  }
}
