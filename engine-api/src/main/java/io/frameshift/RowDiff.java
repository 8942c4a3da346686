package io.frameshift;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Tells how two result sets differ, value by value with Java's {@code equals} (NaN equals NaN,
 * {@code -0.0} differs from {@code 0.0}, a decimal equals only one of the same scale, an {@code
 * Integer} never equals a {@code Long}): the one comparison behind {@link DataFrame#compare()} and
 * the differential conformance suite.
 */
public final class RowDiff {
  /** Rows shown in full in a description; more are elided. */
  private static final int SHOWN = 25;

  private RowDiff() {}

  /** Each row as the list of its values, the form {@link #difference} compares. */
  public static List<List<Object>> values(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(new ArrayList<>(r.values()));
    }
    return out;
  }

  /**
   * A description of how two row lists differ, or empty when they hold the same rows (in the same
   * order when {@code ordered}).
   */
  public static Optional<String> difference(
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

  public static String show(Row row) {
    return show(row.values());
  }

  public static String show(List<Object> values) {
    return values.stream().map(RowDiff::show).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A value written so that its type shows: {@code 1} (int32) differs from {@code 1L}. */
  public static String show(Object v) {
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
