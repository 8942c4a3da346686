package io.frameshift.pipeline;

import io.frameshift.error.ParseException;
import io.frameshift.expr.Aggregate;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Functions;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.RankingFunction;
import io.frameshift.expr.UserCall;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads the functions of a {@code window} step. SQL text has no {@code OVER}, so each column is the
 * function alone ({@code rank()}, {@code lag(amount, 1)}, {@code sum(amount)}), parsed by the
 * DataFrame API's own parser; the ranking names, which that parser leaves as calls of unknown
 * functions, become the API's ranking functions here.
 */
final class WindowFunctions {
  private WindowFunctions() {}

  private static final List<String> RANKING =
      Arrays.stream(RankingFunction.values()).map(RankingFunction::sql).toList();

  /**
   * The window function {@code sql} names, to be put {@code .over(..)} a window.
   *
   * @throws io.frameshift.error.FrameshiftException if it does not parse, or is neither a ranking
   *     function nor an aggregate, or a ranking function has the wrong arguments
   */
  static Expr parse(String sql, boolean ordered) {
    Expr e = Expr.parse(sql);
    if (e instanceof Aggregate) {
      return e;
    }
    if (!(e instanceof UserCall call) || !RANKING.contains(call.name().toLowerCase(Locale.ROOT))) {
      throw new ParseException(
          "'"
              + sql
              + "' is no window function; expected a ranking function ("
              + String.join(", ", RANKING)
              + ") or an aggregate (avg, count, max, min, sum, ...)");
    }
    RankingFunction f = RankingFunction.valueOf(call.name().toUpperCase(Locale.ROOT));
    if (!ordered) {
      throw new ParseException(
          "'" + sql + "' needs an order: give the window an orderBy, the rows' order in it");
    }
    List<Expr> args = call.args();
    return switch (f) {
      case ROW_NUMBER, RANK, DENSE_RANK -> {
        if (!args.isEmpty()) {
          throw new ParseException(
              "'" + sql + "': " + f.sql() + " takes no arguments, write " + f.sql() + "()");
        }
        yield new Ranking(f, List.of());
      }
      case LAG, LEAD -> {
        if (args.isEmpty() || args.size() > 3) {
          throw new ParseException(
              "'"
                  + sql
                  + "': "
                  + f.sql()
                  + " takes (value[, offset[, default]]), e.g. "
                  + f.sql()
                  + "(amount, 1)");
        }
        int offset = args.size() < 2 ? 1 : offset(sql, args.get(1));
        Object fallback = args.size() < 3 ? null : constant(sql, args.get(2));
        yield f == RankingFunction.LAG
            ? Functions.lag(args.get(0), offset, fallback)
            : Functions.lead(args.get(0), offset, fallback);
      }
    };
  }

  private static int offset(String sql, Expr e) {
    if (e instanceof Literal l && l.value() instanceof Number n && n.longValue() >= 0) {
      return Math.toIntExact(n.longValue());
    }
    throw new ParseException(
        "'" + sql + "': the offset " + e + " is no whole number of rows; write e.g. 1");
  }

  private static Object constant(String sql, Expr e) {
    if (e instanceof Literal l) {
      return l.value();
    }
    throw new ParseException("'" + sql + "': the default " + e + " is no constant; write e.g. 0");
  }
}
