package io.frameshift.internal;

import io.frameshift.error.AnalysisException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Functions;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.UserFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds the calls SQL text makes by name ({@code "tax(amount) > 3"}) to the user functions a
 * session registered: the first step of analysing an expression a DataFrame is given.
 */
public final class UserFunctions {
  private UserFunctions() {}

  /**
   * {@code e} with every unbound {@link UserCall} bound to the function of its name in {@code
   * registered} (keyed by lower-case name: names are case-insensitive, as the built-ins' are).
   *
   * @throws AnalysisException for a name nothing is registered under: the message lists the
   *     registered functions and the names closest to it
   */
  public static Expr bind(Expr e, Map<String, UserFunction> registered) {
    if (!e.anyMatch(x -> x instanceof UserCall u && !u.isBound())) {
      return e;
    }
    return e.transformUp(
        x -> {
          if (!(x instanceof UserCall u) || u.isBound()) {
            return x;
          }
          UserFunction fn = registered.get(u.name().toLowerCase(Locale.ROOT));
          if (fn == null) {
            throw unknown(u, registered);
          }
          return new UserCall(fn, u.args());
        });
  }

  private static AnalysisException unknown(UserCall u, Map<String, UserFunction> registered) {
    List<String> names = new ArrayList<>();
    registered.values().forEach(f -> names.add(f.name()));
    names.addAll(Functions.sqlFunctionNames());
    List<String> close = closest(u.name(), names);
    return new AnalysisException(
        "Unknown function '"
            + u.name()
            + "' in "
            + u.toSql()
            + (close.isEmpty() ? "" : " (did you mean " + String.join(" or ", close) + "?)")
            + "; registered functions: "
            + (registered.isEmpty()
                ? "none (register one with fs.register(udf))"
                : registered.values().stream().map(UserFunction::name).toList())
            + "; built-in functions: "
            + String.join(", ", Functions.sqlFunctionNames()));
  }

  /** Up to three names within a third of the wanted name's length in edit distance. */
  static List<String> closest(String wanted, List<String> names) {
    String w = wanted.toLowerCase(Locale.ROOT);
    int limit = Math.max(2, w.length() / 3);
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (String n : names) {
      int d = distance(w, n.toLowerCase(Locale.ROOT));
      if (d <= limit) {
        scored.add(new Scored(n, d));
      }
    }
    return scored.stream()
        .sorted(Comparator.comparingInt(Scored::distance))
        .limit(3)
        .map(Scored::name)
        .toList();
  }

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
}
