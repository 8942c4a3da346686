package io.frameshift.internal;

import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Functions;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.UserFunction;
import java.util.ArrayList;
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
    List<String> close = ColumnNotFoundException.closest(u.name(), names);
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
}
