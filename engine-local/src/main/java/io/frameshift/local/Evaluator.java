package io.frameshift.local;

import io.frameshift.expr.Aggregate;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Call;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.ExprVisitor;
import io.frameshift.expr.Function;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Over;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.UserCall;
import io.frameshift.spi.ExprTypes;
import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.regex.Pattern;

/**
 * Evaluates a resolved row-level expression over a frame, one column at a time.
 *
 * <p>{@code AND}, {@code OR}, {@code CASE WHEN} and {@code coalesce} evaluate an operand only on
 * the rows whose result still depends on it, as SQL engines short-circuit: {@code x <> 0 AND 10 / x
 * > 1} or {@code CASE WHEN x = 0 THEN NULL ELSE 10 / x END} must not raise division by zero for
 * rows the guard excludes. Such operands run on a gathered subset of the frame.
 */
final class Evaluator implements ExprVisitor<Vec> {
  private final LocalFrame frame;
  private final int n;

  private Evaluator(LocalFrame frame) {
    this.frame = frame;
    this.n = frame.rows();
  }

  static Vec eval(Expr e, LocalFrame frame) {
    return e.accept(new Evaluator(frame));
  }

  private Vec eval(Expr e) {
    return e.accept(this);
  }

  /** {@code e} over the frame's rows {@code rows} only; the result has {@code rows.length} rows. */
  private Vec evalOn(Expr e, int[] rows) {
    if (rows.length == n) {
      return eval(e); // callers pass all rows in order when nothing was excluded
    }
    LocalFrame sub = frame.select(columnsOf(e)).take(rows);
    return eval(e, sub);
  }

  static Set<String> columnsOf(Expr e) {
    Set<String> names = new LinkedHashSet<>();
    e.anyMatch(
        x -> {
          if (x instanceof Column c) {
            names.add(c.name());
          }
          return false;
        });
    return names;
  }

  private DataType typeOf(Expr e) {
    return ExprTypes.typeOf(e, frame.schema());
  }

  @Override
  public Vec visitColumn(Column column) {
    return frame.column(column.name());
  }

  @Override
  public Vec visitLiteral(Literal literal) {
    DataType t = literal.type() == null ? DataType.STRING : literal.type();
    return Vec.constant(t, literal.value(), n);
  }

  @Override
  public Vec visitCast(Cast cast) {
    return Casts.cast(eval(cast.input()), cast.type());
  }

  @Override
  public Vec visitAlias(Alias alias) {
    return eval(alias.input());
  }

  @Override
  public Vec visitAggregate(Aggregate aggregate) {
    throw notRowLevel(aggregate);
  }

  @Override
  public Vec visitRanking(Ranking ranking) {
    throw notRowLevel(ranking);
  }

  @Override
  public Vec visitOver(Over over) {
    throw notRowLevel(over);
  }

  @Override
  public Vec visitUserCall(UserCall call) {
    List<Vec> args = new ArrayList<>(call.args().size());
    for (Expr a : call.args()) {
      args.add(eval(a));
    }
    return UserCalls.eval(call, args, n);
  }

  private static IllegalStateException notRowLevel(Expr e) {
    return new IllegalStateException(
        e.toSql() + " is not a row-level expression; the executor must hand it to groupBy/window");
  }

  @Override
  public Vec visitCall(Call c) {
    List<Expr> args = c.args();
    return switch (c.function()) {
      case EQ -> Order.compare(Order.EQ, eval(c.arg(0)), eval(c.arg(1)));
      case NE -> Order.compare(Order.LT | Order.GT, eval(c.arg(0)), eval(c.arg(1)));
      case LT -> Order.compare(Order.LT, eval(c.arg(0)), eval(c.arg(1)));
      case LE -> Order.compare(Order.LT | Order.EQ, eval(c.arg(0)), eval(c.arg(1)));
      case GT -> Order.compare(Order.GT, eval(c.arg(0)), eval(c.arg(1)));
      case GE -> Order.compare(Order.GT | Order.EQ, eval(c.arg(0)), eval(c.arg(1)));
      case AND -> logic(c, false);
      case OR -> logic(c, true);
      case NOT -> not(eval(c.arg(0)));
      case IS_NULL -> nullTest(eval(c.arg(0)), true);
      case IS_NOT_NULL -> nullTest(eval(c.arg(0)), false);
      case IN -> in(c);
      case PLUS -> arithmetic(Arithmetic.Op.PLUS, c);
      case MINUS -> arithmetic(Arithmetic.Op.MINUS, c);
      case TIMES -> arithmetic(Arithmetic.Op.TIMES, c);
      case MOD -> arithmetic(Arithmetic.Op.MOD, c);
      case DIV -> Arithmetic.divide(eval(c.arg(0)), eval(c.arg(1)));
      case NEGATE -> Arithmetic.negate(eval(c.arg(0)));
      case ABS -> Arithmetic.abs(eval(c.arg(0)));
      case ROUND -> {
        Vec x = eval(c.arg(0));
        int scale = (Integer) ((Literal) c.arg(1)).value();
        yield Arithmetic.round(x, scale, x.type().id() == TypeId.DECIMAL ? typeOf(c) : x.type());
      }
      case FLOOR, CEIL -> {
        Vec x = eval(c.arg(0));
        yield Arithmetic.floorOrCeil(x, c.function() == Function.CEIL, typeOf(c));
      }
      case LOWER -> StringFunctions.lower(eval(c.arg(0)));
      case UPPER -> StringFunctions.upper(eval(c.arg(0)));
      case LENGTH -> StringFunctions.length(eval(c.arg(0)));
      case TRIM -> StringFunctions.trim(eval(c.arg(0)));
      case SUBSTRING -> StringFunctions.substring(eval(c.arg(0)), eval(c.arg(1)), eval(c.arg(2)));
      case STARTS_WITH ->
          StringFunctions.match(StringFunctions.Match.STARTS_WITH, eval(c.arg(0)), eval(c.arg(1)));
      case ENDS_WITH ->
          StringFunctions.match(StringFunctions.Match.ENDS_WITH, eval(c.arg(0)), eval(c.arg(1)));
      case CONTAINS ->
          StringFunctions.match(StringFunctions.Match.CONTAINS, eval(c.arg(0)), eval(c.arg(1)));
      case LIKE -> {
        Pattern compiled =
            c.arg(1) instanceof Literal l && l.value() instanceof String p
                ? StringFunctions.likePattern(p)
                : null;
        yield StringFunctions.like(eval(c.arg(0)), eval(c.arg(1)), compiled);
      }
      case CONCAT -> {
        List<Vec> parts = new ArrayList<>();
        for (Expr a : args) {
          parts.add(eval(a));
        }
        yield StringFunctions.concat(parts, n);
      }
      case YEAR -> datePart(eval(c.arg(0)), 0);
      case MONTH -> datePart(eval(c.arg(0)), 1);
      case DAY -> datePart(eval(c.arg(0)), 2);
      case COALESCE -> coalesce(c);
      case CASE_WHEN -> caseWhen(c);
    };
  }

  private Vec arithmetic(Arithmetic.Op op, Call c) {
    Vec a = eval(c.arg(0));
    Vec b = eval(c.arg(1));
    DataType out = a.type().id() == TypeId.DECIMAL ? typeOf(c) : a.type();
    return Arithmetic.binary(op, a, b, out);
  }

  // ---- logic ------------------------------------------------------------------------------------

  /**
   * AND ({@code or == false}) and OR with three-valued logic. The right side is evaluated only on
   * rows the left does not decide (left not FALSE for AND, not TRUE for OR).
   */
  private Vec logic(Call c, boolean or) {
    Vec left = eval(c.arg(0));
    int[] open = rowsWhere(i -> left.isNull(i) || left.bool(i) != or);
    Vec right = open.length == n ? eval(c.arg(1)) : scatter(evalOn(c.arg(1), open), open);
    boolean[] out = new boolean[n];
    long[] nulls = null;
    for (int i = 0; i < n; i++) {
      boolean ln = left.isNull(i);
      boolean rn = right.isNull(i);
      boolean l = !ln && left.bool(i);
      boolean r = !rn && right.bool(i);
      // the deciding value (FALSE for AND, TRUE for OR) wins over null
      if ((!ln && l == or) || (!rn && r == or)) {
        out[i] = or;
      } else if (ln || rn) {
        nulls = Bits.setting(nulls, n, i);
      } else {
        out[i] = !or;
      }
    }
    return Vec.ofBooleans(out, nulls);
  }

  private Vec not(Vec a) {
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = !a.isNull(i) && !a.bool(i);
    }
    return Vec.ofBooleans(out, a.nulls());
  }

  private Vec nullTest(Vec a, boolean wantNull) {
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      out[i] = a.isNull(i) == wantNull;
    }
    return Vec.ofBooleans(out, null);
  }

  /** Lists longer than this with only literal items are matched through a hash set. */
  private static final int IN_SET_THRESHOLD = 8;

  /** TRUE if equal to an item; else NULL if the value or any item is null; else FALSE. */
  private Vec in(Call c) {
    Vec x = eval(c.arg(0));
    List<Expr> items = c.args().subList(1, c.args().size());
    boolean[] found = new boolean[n];
    boolean[] unknown = new boolean[n];
    boolean literals = items.stream().allMatch(e -> e instanceof Literal);
    if (literals && items.size() > IN_SET_THRESHOLD) {
      Set<Object> set = new HashSet<>();
      boolean listHasNull = false;
      for (Expr e : items) {
        Object v = ((Literal) e).value();
        listHasNull |= v == null;
        if (v != null) {
          set.add(normalize(v));
        }
      }
      for (int i = 0; i < n; i++) {
        if (x.isNull(i)) {
          unknown[i] = true;
        } else {
          found[i] = set.contains(normalize(x.get(i)));
          unknown[i] = !found[i] && listHasNull;
        }
      }
    } else {
      for (Expr e : items) {
        Vec eq = Order.compare(Order.EQ, x, eval(e));
        for (int i = 0; i < n; i++) {
          if (eq.isNull(i)) {
            unknown[i] = true;
          } else if (eq.bool(i)) {
            found[i] = true;
          }
        }
      }
    }
    long[] nulls = null;
    for (int i = 0; i < n; i++) {
      if (!found[i] && unknown[i]) {
        nulls = Bits.setting(nulls, n, i);
      }
    }
    return Vec.ofBooleans(found, nulls);
  }

  /** Boxed keys that are equal exactly when the values are, by {@link Order}. */
  private static Object normalize(Object v) {
    if (v instanceof Double d) {
      return d == 0 ? 0.0 : d; // Double.equals already equates every NaN
    }
    if (v instanceof Float f) {
      return f == 0 ? 0.0f : f;
    }
    if (v instanceof BigDecimal d) {
      return d.stripTrailingZeros();
    }
    return v;
  }

  // ---- conditionals -----------------------------------------------------------------------------

  /** The first non-null argument; each argument is evaluated only where all before it are null. */
  private Vec coalesce(Call c) {
    Assembly out = new Assembly(n);
    int[] open = allRows();
    for (Expr arg : c.args()) {
      if (open.length == 0) {
        break;
      }
      Vec v = evalOn(arg, open);
      out.add(v, open);
      int[] still = open;
      open = select(open.length, k -> v.isNull(k), k -> still[k]);
    }
    return out.build(typeOf(c));
  }

  /** {@code CASE WHEN c1 THEN v1 ... ELSE e END}; each part runs only on the rows that reach it. */
  private Vec caseWhen(Call c) {
    List<Expr> args = c.args();
    Assembly out = new Assembly(n);
    int[] open = allRows();
    for (int b = 0; b + 1 < args.size() && open.length > 0; b += 2) {
      Vec cond = evalOn(args.get(b), open);
      int[] rows = open;
      int[] taken = select(rows.length, k -> !cond.isNull(k) && cond.bool(k), k -> rows[k]);
      if (taken.length > 0) {
        out.add(evalOn(args.get(b + 1), taken), taken);
      }
      open = select(rows.length, k -> cond.isNull(k) || !cond.bool(k), k -> rows[k]);
    }
    if (open.length > 0) {
      out.add(evalOn(args.get(args.size() - 1), open), open);
    }
    return out.build(typeOf(c));
  }

  /**
   * Collects partial results computed on row subsets and lays them out by row; rows no part covers,
   * and null values, are null.
   */
  private static final class Assembly {
    private final int[] idx;
    private final List<Vec> parts = new ArrayList<>();
    private int offset;

    Assembly(int n) {
      idx = new int[n];
      Arrays.fill(idx, -1);
    }

    void add(Vec part, int[] rows) {
      for (int k = 0; k < rows.length; k++) {
        if (!part.isNull(k)) {
          idx[rows[k]] = offset + k;
        }
      }
      parts.add(part);
      offset += part.size();
    }

    Vec build(DataType type) {
      if (parts.isEmpty()) {
        return Vec.constant(type, null, idx.length);
      }
      return Vec.concat(type, parts).take(idx);
    }
  }

  private int[] allRows() {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  private int[] rowsWhere(IntPredicate test) {
    return select(n, test, i -> i);
  }

  /** {@code map(k)} for each {@code k < count} that passes {@code test}. */
  private static int[] select(int count, IntPredicate test, IntUnaryOperator map) {
    int[] out = new int[count];
    int m = 0;
    for (int k = 0; k < count; k++) {
      if (test.test(k)) {
        out[m++] = map.applyAsInt(k);
      }
    }
    return m == count ? out : Arrays.copyOf(out, m);
  }

  /** A vector of all rows holding {@code part}'s values at {@code rows}, null elsewhere. */
  private Vec scatter(Vec part, int[] rows) {
    int[] idx = new int[n];
    Arrays.fill(idx, -1);
    for (int k = 0; k < rows.length; k++) {
      idx[rows[k]] = k;
    }
    return part.take(idx);
  }

  // ---- dates ------------------------------------------------------------------------------------

  /** Year (0), month (1) or day (2) of a DATE, or of a timestamp's date (UTC for TIMESTAMP). */
  private Vec datePart(Vec a, int part) {
    int[] out = new int[n];
    boolean packed = a.type().id() == TypeId.DATE;
    for (int i = 0; i < n; i++) {
      if (a.isNull(i)) {
        continue;
      }
      long civil = packed ? a.date(i) : Temporal.civil(Temporal.epochDayOfMicros(a.i64(i)));
      out[i] =
          switch (part) {
            case 0 -> (int) (civil >> 16);
            case 1 -> (int) ((civil >> 8) & 0xFF);
            default -> (int) (civil & 0xFF);
          };
    }
    return Vec.ofInts(DataType.INT32, out, a.nulls());
  }
}
