package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.fail;

import io.frameshift.Row;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Compares rows value by value. A row is compared as the list of its values, so equality is Java's
 * {@code equals} on each value: NaN equals NaN, {@code -0.0} differs from {@code 0.0}, a {@code
 * BigDecimal} equals only one of the same scale and an {@code Integer} never equals a {@code Long}.
 * That is exactly "the same value of the same type".
 */
final class RowComparison {
  /** Rows shown in full in a failure message; more are elided. */
  private static final int SHOWN = 25;

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
    StringBuilder sb = new StringBuilder();
    if (ordered) {
      int n = Math.min(actual.size(), expected.size());
      int first = -1;
      for (int i = 0; i < n && first < 0; i++) {
        if (!actual.get(i).equals(expected.get(i))) {
          first = i;
        }
      }
      if (first < 0 && actual.size() == expected.size()) {
        return Optional.empty();
      }
      if (first >= 0) {
        sb.append("  first difference at row ")
            .append(first)
            .append(":\n    ")
            .append(expectedLabel)
            .append(": ")
            .append(show(expected.get(first)))
            .append("\n    ")
            .append(actualLabel)
            .append(": ")
            .append(show(actual.get(first)))
            .append('\n');
      } else {
        sb.append("  the first ").append(n).append(" rows agree but the row counts differ\n");
      }
    } else {
      Map<List<Object>, Integer> remaining = new HashMap<>();
      for (List<Object> e : expected) {
        remaining.merge(e, 1, Integer::sum);
      }
      List<List<Object>> extra = new ArrayList<>();
      for (List<Object> a : actual) {
        Integer left = remaining.get(a);
        if (left == null) {
          extra.add(a);
        } else if (left == 1) {
          remaining.remove(a);
        } else {
          remaining.put(a, left - 1);
        }
      }
      List<List<Object>> missing = new ArrayList<>();
      for (List<Object> e : expected) {
        Integer left = remaining.get(e);
        if (left != null) {
          missing.add(e);
          if (left == 1) {
            remaining.remove(e);
          } else {
            remaining.put(e, left - 1);
          }
        }
      }
      if (extra.isEmpty() && missing.isEmpty()) {
        return Optional.empty();
      }
      list(sb, "in " + expectedLabel + " only", missing);
      list(sb, "in " + actualLabel + " only", extra);
    }
    list(sb, expectedLabel, expected);
    list(sb, actualLabel, actual);
    return Optional.of(sb.toString());
  }

  private static void list(StringBuilder sb, String title, List<List<Object>> rows) {
    sb.append("  ").append(title).append(" (").append(rows.size()).append(" rows):\n");
    for (int i = 0; i < rows.size() && i < SHOWN; i++) {
      sb.append("    ").append(show(rows.get(i))).append('\n');
    }
    if (rows.size() > SHOWN) {
      sb.append("    ... ").append(rows.size() - SHOWN).append(" more\n");
    }
  }

  static String show(Row row) {
    return show(row.values());
  }

  static String show(List<Object> values) {
    return values.stream().map(RowComparison::show).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A value written so that its type shows: {@code 1} (int32) differs from {@code 1L}. */
  static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + '"';
    }
    if (v instanceof Long) {
      return v + "L";
    }
    if (v instanceof Float) {
      return v + "f";
    }
    if (v instanceof Double) {
      return v + "d";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString() + "BD";
    }
    if (v instanceof LocalDate) {
      return "DATE " + v;
    }
    if (v instanceof Instant) {
      return "TIMESTAMP " + v;
    }
    if (v instanceof LocalDateTime) {
      return "TIMESTAMP_NTZ " + v;
    }
    if (v instanceof Integer || v instanceof Boolean) {
      return v.toString();
    }
    return v + " (" + v.getClass().getName() + ")";
  }
}
