package io.frameshift;

import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;

/** Renders rows as the fixed-width text table of {@link DataFrame#show()}. */
final class TableFormatter {
  private static final int MAX_CELL = 40;

  private TableFormatter() {}

  static String format(Schema schema, List<Row> rows, int limit) {
    int n = schema.size();
    List<String[]> cells = new ArrayList<>();
    String[] header = new String[n];
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      header[c] = schema.field(c).name();
      width[c] = header[c].codePointCount(0, header[c].length());
    }
    for (int r = 0; r < Math.min(limit, rows.size()); r++) {
      String[] line = new String[n];
      for (int c = 0; c < n; c++) {
        line[c] = cell(rows.get(r).get(c));
        width[c] = Math.max(width[c], line[c].codePointCount(0, line[c].length()));
      }
      cells.add(line);
    }
    StringBuilder sb = new StringBuilder();
    String rule = rule(width);
    sb.append(rule).append(line(header, width)).append(rule);
    for (String[] line : cells) {
      sb.append(line(line, width));
    }
    sb.append(rule);
    if (rows.size() > limit) {
      sb.append("only showing the first ").append(limit).append(" rows\n");
    }
    return sb.toString();
  }

  private static String cell(Object v) {
    if (v == null) {
      return "null";
    }
    String s =
        v instanceof java.time.LocalDateTime || v instanceof java.time.Instant
            ? io.frameshift.types.Values.toText(v)
            : v.toString();
    if (s.codePointCount(0, s.length()) > MAX_CELL) {
      s = s.substring(0, s.offsetByCodePoints(0, MAX_CELL - 3)) + "...";
    }
    return s;
  }

  private static String rule(int[] width) {
    StringBuilder sb = new StringBuilder("+");
    for (int w : width) {
      sb.append("-".repeat(w + 2)).append('+');
    }
    return sb.append('\n').toString();
  }

  private static String line(String[] values, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < values.length; c++) {
      int pad = width[c] - values[c].codePointCount(0, values[c].length());
      sb.append(' ').append(" ".repeat(pad)).append(values[c]).append(" |");
    }
    return sb.append('\n').toString();
  }
}
