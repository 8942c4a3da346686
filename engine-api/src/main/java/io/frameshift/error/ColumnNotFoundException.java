package io.frameshift.error;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A column name does not resolve. The message suggests the closest names (by edit distance,
 * ignoring case) and lists the available columns.
 */
public class ColumnNotFoundException extends AnalysisException {
  private static final long serialVersionUID = 1L;
  private final String column;
  private final List<String> available;
  private final List<String> suggestions;

  public ColumnNotFoundException(String column, List<String> available) {
    this(column, available, "Column '" + column + "' not found");
  }

  /**
   * A name that does not resolve in a particular place, e.g. {@code "Join key 'id' not found on the
   * right side"}: {@code problem} opens the message, the suggestions and available columns follow.
   */
  public ColumnNotFoundException(String column, List<String> available, String problem) {
    this(column, List.copyOf(available), closest(column, available), problem);
  }

  private ColumnNotFoundException(
      String column, List<String> available, List<String> closest, String problem) {
    super(
        problem
            + (closest.isEmpty() ? "" : " (did you mean " + quoted(closest) + "?)")
            + "; available columns: "
            + available);
    this.column = column;
    this.available = available;
    this.suggestions = closest;
  }

  /** The name that did not resolve. */
  public String column() {
    return column;
  }

  /** Every column that was in scope. */
  public List<String> available() {
    return available;
  }

  /** The available names closest to {@link #column()}, closest first; may be empty. */
  public List<String> suggestions() {
    return suggestions;
  }

  /**
   * Names within a third of the wanted name's length (at least 2) in edit distance, ignoring case,
   * at most three: far enough to catch a typo or a wrong case, near enough not to suggest noise.
   * Every "did you mean" of the library (columns, functions) uses this one rule.
   */
  public static List<String> closest(String wanted, List<String> available) {
    String w = wanted.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, w.length() / 3);
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (String name : available) {
      int d = distance(w, name.toLowerCase(Locale.ROOT));
      if (d <= limit) {
        scored.add(new Scored(name, d));
      }
    }
    return scored.stream()
        .sorted(Comparator.comparingInt(Scored::distance))
        .limit(3)
        .map(Scored::name)
        .toList();
  }

  /** Levenshtein distance, two rows of the table. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(substitute, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String quoted(List<String> names) {
    return String.join(" or ", names.stream().map(n -> "'" + n + "'").toList());
  }
}
