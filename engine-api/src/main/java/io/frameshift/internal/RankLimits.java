package io.frameshift.internal;

import io.frameshift.expr.Alias;
import io.frameshift.expr.Call;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Over;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.RankingFunction;
import io.frameshift.plan.Filter;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Project;
import io.frameshift.plan.Windowed;
import io.frameshift.spi.RankLimit;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Window top-N: a filter that bounds a ranking column of a window below it ({@code rn <= k}, {@code
 * rn < k}, {@code k >= rn}, {@code rn = k}, alone or among other conditions) lets that window keep
 * only the rows the bound admits ({@link RankLimit}), so an engine need not order whole partitions.
 * The filter stays above: the rewrite only spares the window the rows the filter drops.
 *
 * <p>Between the filter and the window there may be projections that only pass columns through (as
 * {@code withColumn} and {@code select} of columns make) and other filters. The rewrite is refused
 * where it could change a result or an error: a filter on the way, or a condition beside the bound,
 * that could fail on a row the limit drops (a cast, arithmetic), and any other node in between.
 */
final class RankLimits {
  private RankLimits() {}

  /** {@code filter}, with the window below it limited where its condition bounds a rank. */
  static LogicalPlan pushInto(Filter filter) {
    Schema in = filter.child().schema();
    List<Expr> conjuncts = conjuncts(filter.condition());
    if (!conjuncts.stream().allMatch(c -> neverFails(c, in))) {
      return filter;
    }
    Map<String, Integer> bounds = new LinkedHashMap<>();
    for (Expr c : conjuncts) {
      Bound b = bound(c, in);
      if (b != null) {
        bounds.merge(b.column(), b.max(), Math::min);
      }
    }
    for (Map.Entry<String, Integer> b : bounds.entrySet()) {
      LogicalPlan limited = limit(filter.child(), b.getKey(), b.getValue());
      if (limited != null) {
        return new Filter(limited, filter.condition());
      }
    }
    return filter;
  }

  /** {@code plan} with the window computing {@code column} limited to ranks up to {@code max}. */
  private static LogicalPlan limit(LogicalPlan plan, String column, int max) {
    if (plan instanceof Project p) {
      String source = null;
      for (Expr e : p.columns()) {
        Expr value = e instanceof Alias a ? a.input() : e;
        if (!(value instanceof Column c)) {
          return null; // a computed column could fail on a row the limit would drop
        }
        if (e.outputName().equals(column)) {
          source = c.name();
        }
      }
      LogicalPlan child = source == null ? null : limit(p.child(), source, max);
      return child == null ? null : new Project(child, p.columns(), p.schema());
    }
    if (plan instanceof Filter f) {
      if (!conjuncts(f.condition()).stream().allMatch(c -> neverFails(c, f.child().schema()))) {
        return null;
      }
      LogicalPlan child = limit(f.child(), column, max);
      return child == null ? null : new Filter(child, f.condition());
    }
    if (plan instanceof Windowed w && isRanking(w, column)) {
      if (w.limit() != null && !w.limit().column().equals(column)) {
        return null;
      }
      int kept = w.limit() == null ? max : Math.min(max, w.limit().max());
      return new Windowed(w.child(), w.columns(), w.schema(), new RankLimit(column, kept));
    }
    return null;
  }

  /** Whether {@code column} is a row_number, rank or dense_rank computed by {@code w}. */
  private static boolean isRanking(Windowed w, String column) {
    for (Expr e : w.columns()) {
      if (e instanceof Alias a
          && a.name().equals(column)
          && a.input() instanceof Over o
          && o.function() instanceof Ranking r) {
        return r.function() == RankingFunction.ROW_NUMBER
            || r.function() == RankingFunction.RANK
            || r.function() == RankingFunction.DENSE_RANK;
      }
    }
    return false;
  }

  /** The operands of a chain of ANDs (the condition itself when it is no AND). */
  static List<Expr> conjuncts(Expr condition) {
    List<Expr> out = new ArrayList<>();
    if (condition instanceof Call c && c.function() == Function.AND) {
      for (Expr a : c.args()) {
        out.addAll(conjuncts(a));
      }
    } else {
      out.add(condition);
    }
    return out;
  }

  /**
   * Whether evaluating {@code e} can raise no error on any row: comparisons and logic over columns,
   * literals and widening numeric casts. Such a condition may see fewer rows without a difference.
   */
  private static boolean neverFails(Expr e, Schema in) {
    if (e instanceof Column || e instanceof Literal) {
      return true;
    }
    if (e instanceof Cast c) {
      return widens(Analyzer.typeOf(c.input(), in), c.type()) && neverFails(c.input(), in);
    }
    if (e instanceof Call c) {
      return switch (c.function()) {
        case EQ, NE, LT, LE, GT, GE, AND, OR, NOT, IS_NULL, IS_NOT_NULL, IN ->
            c.args().stream().allMatch(a -> neverFails(a, in));
        default -> false;
      };
    }
    return false;
  }

  /** Whether every value of {@code from} converts to {@code to}, exactly or by rounding. */
  private static boolean widens(DataType from, DataType to) {
    TypeId f = from.id();
    if (to instanceof DataType.Decimal d) {
      int digits = d.precision() - d.scale();
      return f == TypeId.INT32 && digits >= 10 || f == TypeId.INT64 && digits >= 19;
    }
    return switch (to.id()) {
      case INT64 -> f == TypeId.INT32 || f == TypeId.INT64;
      case FLOAT64 ->
          f == TypeId.INT32 || f == TypeId.INT64 || f == TypeId.FLOAT32 || f == TypeId.FLOAT64;
      default -> from.equals(to);
    };
  }

  /** An upper bound on a column, as the largest integer it admits. */
  private record Bound(String column, int max) {}

  /**
   * The bound {@code e} puts on a column, or null if it is not {@code column <= number} or alike.
   */
  private static Bound bound(Expr e, Schema in) {
    if (!(e instanceof Call c) || c.args().size() != 2) {
      return null;
    }
    Expr left = c.arg(0);
    Expr right = c.arg(1);
    Function op = c.function();
    if (left instanceof Literal) {
      // k >= rn is rn <= k
      Expr t = left;
      left = right;
      right = t;
      op =
          switch (op) {
            case GE -> Function.LE;
            case GT -> Function.LT;
            case EQ -> Function.EQ;
            default -> null;
          };
    }
    String column = rankReference(left, in);
    if (column == null || !(right instanceof Literal l) || op == null) {
      return null;
    }
    BigDecimal k = number(l.value());
    if (k == null) {
      return null;
    }
    BigDecimal max =
        switch (op) {
          case LE, EQ -> k.setScale(0, RoundingMode.FLOOR);
          case LT -> k.setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE);
          default -> null;
        };
    if (max == null || max.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) >= 0) {
      return null; // no rank is above it: nothing to spare
    }
    return new Bound(column, Math.max(0, max.intValue()));
  }

  /**
   * The name of an INT32 column {@code e} reads, maybe through a widening cast (the analyzer casts
   * {@code rn} to compare it with a long, a double or a decimal), else null.
   */
  private static String rankReference(Expr e, Schema in) {
    Expr inner = e instanceof Cast c && widens(DataType.INT32, c.type()) ? c.input() : e;
    if (inner instanceof Column col && in.field(col.name()).type().equals(DataType.INT32)) {
      return col.name();
    }
    return null;
  }

  /**
   * A literal's number, null for anything else and for NaN (above every number); minus infinity as
   * -1, below every rank.
   */
  private static BigDecimal number(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || d == Double.POSITIVE_INFINITY) {
        return null;
      }
      return d == Double.NEGATIVE_INFINITY ? BigDecimal.valueOf(-1) : new BigDecimal(d);
    }
    return v instanceof BigDecimal b ? b : null;
  }
}
