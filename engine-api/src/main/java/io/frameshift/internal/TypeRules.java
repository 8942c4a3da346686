package io.frameshift.internal;

import io.frameshift.error.AnalysisException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.Aggregate;
import io.frameshift.expr.AggregateFunction;
import io.frameshift.expr.Call;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The type rules: which argument types each function, aggregate and cast accepts, the type it
 * yields, and the common type operands are widened to. Every implicit conversion is made explicit
 * here: operands of a comparison, arithmetic, {@code IN}, {@code COALESCE} or {@code CASE} are cast
 * to their common type and untyped {@code NULL}s get the type of their context, so engines never
 * coerce on their own and both produce the same types.
 *
 * <p>The rules see only expressions already resolved against a schema, with their types ({@link
 * Typed}); they know nothing of names, scopes or plans.
 */
final class TypeRules {
  private TypeRules() {}

  /** The common type two operand types are widened to, or null if there is none. */
  static DataType commonType(DataType a, DataType b) {
    if (a == null) {
      return b;
    }
    if (b == null || a.equals(b)) {
      return a;
    }
    if (a.isNumeric() && b.isNumeric()) {
      return widerNumeric(a, b);
    }
    if (a.id() == TypeId.TIMESTAMP_NTZ && b.id() == TypeId.DATE
        || a.id() == TypeId.DATE && b.id() == TypeId.TIMESTAMP_NTZ) {
      return DataType.TIMESTAMP_NTZ;
    }
    if (a.id() == TypeId.TIMESTAMP && b.isTemporal()
        || b.id() == TypeId.TIMESTAMP && a.isTemporal()) {
      return DataType.TIMESTAMP;
    }
    return null;
  }

  private static int numericRank(TypeId id) {
    return switch (id) {
      case INT32 -> 0;
      case INT64 -> 1;
      case DECIMAL -> 2;
      case FLOAT32 -> 3;
      case FLOAT64 -> 4;
      default -> throw new IllegalStateException("not numeric: " + id);
    };
  }

  private static DataType widerNumeric(DataType a, DataType b) {
    if (a.id() == TypeId.DECIMAL && b.id() == TypeId.DECIMAL) {
      DataType.Decimal x = (DataType.Decimal) a;
      DataType.Decimal y = (DataType.Decimal) b;
      int scale = Math.max(x.scale(), y.scale());
      int whole = Math.max(x.precision() - x.scale(), y.precision() - y.scale());
      return decimalCapped(whole + scale, scale);
    }
    if (a.id() == TypeId.DECIMAL || b.id() == TypeId.DECIMAL) {
      DataType.Decimal d = (DataType.Decimal) (a.id() == TypeId.DECIMAL ? a : b);
      DataType other = a.id() == TypeId.DECIMAL ? b : a;
      return switch (other.id()) {
        case INT32 -> widerNumeric(d, DataType.decimal(10, 0));
        case INT64 -> widerNumeric(d, DataType.decimal(19, 0));
        default -> DataType.FLOAT64;
      };
    }
    return numericRank(a.id()) >= numericRank(b.id()) ? a : b;
  }

  private static DataType decimalCapped(int precision, int scale) {
    int p = Math.min(precision, DataType.MAX_DECIMAL_PRECISION);
    return DataType.decimal(p, Math.min(scale, p));
  }

  /** The result type of {@code SUM} over {@code t}. */
  static DataType sumType(DataType t) {
    return switch (t.id()) {
      case INT32, INT64 -> DataType.INT64;
      case FLOAT32, FLOAT64 -> DataType.FLOAT64;
      case DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) t;
        yield decimalCapped(d.precision() + 10, d.scale());
      }
      default -> throw new IllegalStateException("not numeric: " + t);
    };
  }

  /** Whether a value of type {@code from} may be cast to {@code to}. */
  static boolean canCast(DataType from, DataType to) {
    if (from.equals(to) || from.id() == TypeId.STRING || to.id() == TypeId.STRING) {
      return true;
    }
    if ((from.isNumeric() || from.id() == TypeId.BOOLEAN)
        && (to.isNumeric() || to.id() == TypeId.BOOLEAN)) {
      return true;
    }
    return from.isTemporal() && to.isTemporal();
  }

  // ==== expressions ==========================================================================

  /** {@code c}, whose input resolved to {@code in}; a cast to the type it already has goes. */
  static Typed cast(Cast c, Typed in) {
    if (in.type() == null) {
      return new Typed(new Literal(null, c.type()), c.type());
    }
    if (!canCast(in.type(), c.type())) {
      throw new TypeMismatchException(
          "Cannot cast " + c.input().toSql() + " (" + in.type() + ") to " + c.type());
    }
    if (in.type().equals(c.type())) {
      return in;
    }
    return new Typed(new Cast(in.expr(), c.type()), c.type());
  }

  /** An aggregate without an argument: only {@code COUNT(*)} is one. */
  static Typed argumentless(Aggregate a) {
    if (a.function() != AggregateFunction.COUNT) {
      throw new AnalysisException(a.function().sql() + "() needs an argument");
    }
    return new Typed(a, DataType.INT64);
  }

  /** {@code a} over its resolved argument. */
  static Typed aggregate(Aggregate a, Typed arg) {
    DataType t = arg.settledType();
    DataType out =
        switch (a.function()) {
          case COUNT, COUNT_DISTINCT -> DataType.INT64;
          case SUM -> sumType(numeric(a, t));
          case AVG, STDDEV, VARIANCE, MEDIAN -> {
            numeric(a, t);
            yield DataType.FLOAT64;
          }
          case MIN, MAX, FIRST, LAST -> t;
        };
    return new Typed(new Aggregate(a.function(), List.of(arg.settled())), out);
  }

  private static DataType numeric(Expr where, DataType t) {
    if (!t.isNumeric()) {
      throw new TypeMismatchException(where.toSql() + " needs a numeric argument, got " + t);
    }
    return t;
  }

  /** The offset of {@code LAG} or {@code LEAD}, which must be known before any row is read. */
  static Expr shiftOffset(Ranking r) {
    Expr offset = r.args().get(1);
    if (!(offset instanceof Literal l && l.value() instanceof Integer n && n >= 0)) {
      throw new TypeMismatchException(
          r.function().sql()
              + " offset must be a non-negative integer literal, got "
              + offset.toSql());
    }
    return offset;
  }

  /** {@code LAG} or {@code LEAD} of {@code value}, {@code dflt} where no row is that far. */
  static Typed shift(Ranking r, Typed value, Expr offset, Typed dflt) {
    DataType t = commonOrFail(r, value.type(), dflt.type());
    t = t == null ? DataType.STRING : t;
    return new Typed(
        new Ranking(r.function(), List.of(coerce(value, t), offset, coerce(dflt, t))), t);
  }

  /** A filter or join condition: {@code what} names it in the error when it is not boolean. */
  static Expr condition(String what, Expr condition, Typed r) {
    if (r.type() != null && r.type().id() != TypeId.BOOLEAN) {
      throw new TypeMismatchException(
          what + " condition " + condition.toSql() + " is " + r.type() + "; expected boolean");
    }
    return coerce(r, DataType.BOOLEAN);
  }

  /** {@code c} over its resolved arguments {@code args}. */
  static Typed call(Call c, List<Typed> args) {
    Function f = c.function();
    return switch (f) {
      case EQ, NE, LT, LE, GT, GE -> {
        DataType t = comparable(c, args.get(0), args.get(1));
        yield call(f, DataType.BOOLEAN, coerce(args.get(0), t), coerce(args.get(1), t));
      }
      case AND, OR -> fixed(c, args, DataType.BOOLEAN, DataType.BOOLEAN, DataType.BOOLEAN);
      case NOT -> fixed(c, args, DataType.BOOLEAN, DataType.BOOLEAN);
      case IS_NULL, IS_NOT_NULL -> call(f, DataType.BOOLEAN, args.get(0).settled());
      case IN -> {
        DataType t = args.get(0).type();
        for (int i = 1; i < args.size(); i++) {
          t = comparable(c, new Typed(args.get(0).expr(), t), args.get(i));
        }
        List<Expr> out = new ArrayList<>();
        for (Typed r : args) {
          out.add(coerce(r, t == null ? DataType.STRING : t));
        }
        yield new Typed(new Call(f, out), DataType.BOOLEAN);
      }
      case PLUS, MINUS, TIMES, MOD -> {
        DataType t = arithmetic(c, args.get(0), args.get(1));
        DataType out = t.id() == TypeId.DECIMAL ? decimalResult(f, (DataType.Decimal) t) : t;
        yield call(f, out, coerce(args.get(0), t), coerce(args.get(1), t));
      }
      case DIV -> {
        arithmetic(c, args.get(0), args.get(1));
        yield call(
            f,
            DataType.FLOAT64,
            coerce(args.get(0), DataType.FLOAT64),
            coerce(args.get(1), DataType.FLOAT64));
      }
      case NEGATE, ABS -> {
        DataType t = numericArg(c, args.get(0));
        yield call(f, t, coerce(args.get(0), t));
      }
      case ROUND -> {
        DataType t = numericArg(c, args.get(0));
        if (!(c.arg(1) instanceof Literal l && l.value() instanceof Integer)) {
          throw new TypeMismatchException(
              "round scale must be an integer literal, got " + c.arg(1).toSql());
        }
        int scale = (Integer) ((Literal) c.arg(1)).value();
        DataType out = t;
        if (t instanceof DataType.Decimal d && scale < d.scale()) {
          int s = Math.max(scale, 0);
          out = decimalCapped(d.precision() - d.scale() + s + 1, s);
        }
        yield call(f, out, coerce(args.get(0), t), c.arg(1));
      }
      case FLOOR, CEIL -> {
        DataType t = numericArg(c, args.get(0));
        DataType out =
            switch (t.id()) {
              case INT32, INT64 -> t;
              case FLOAT32, FLOAT64 -> DataType.INT64;
              default -> {
                DataType.Decimal d = (DataType.Decimal) t;
                yield decimalCapped(d.precision() - d.scale() + 1, 0);
              }
            };
        yield call(f, out, coerce(args.get(0), t));
      }
      case LOWER, UPPER, TRIM -> fixed(c, args, DataType.STRING, DataType.STRING);
      case LENGTH -> fixed(c, args, DataType.INT32, DataType.STRING);
      case SUBSTRING ->
          fixed(c, args, DataType.STRING, DataType.STRING, DataType.INT32, DataType.INT32);
      case STARTS_WITH, ENDS_WITH, CONTAINS, LIKE ->
          fixed(c, args, DataType.BOOLEAN, DataType.STRING, DataType.STRING);
      case CONCAT -> {
        List<Expr> out = new ArrayList<>();
        for (Typed r : args) {
          out.add(coerce(r, DataType.STRING));
        }
        yield new Typed(new Call(f, out), DataType.STRING);
      }
      case YEAR, MONTH, DAY -> {
        DataType t = args.get(0).type();
        if (t != null && !t.isTemporal()) {
          throw new TypeMismatchException(
              f.sql() + "(" + c.arg(0).toSql() + ") needs a date or timestamp, got " + t);
        }
        yield call(f, DataType.INT32, coerce(args.get(0), t == null ? DataType.DATE : t));
      }
      case COALESCE -> {
        DataType t = null;
        for (Typed r : args) {
          t = commonOrFail(c, t, r.type());
        }
        t = t == null ? DataType.STRING : t;
        List<Expr> out = new ArrayList<>();
        for (Typed r : args) {
          out.add(coerce(r, t));
        }
        yield new Typed(new Call(f, out), t);
      }
      case CASE_WHEN -> {
        DataType t = null;
        for (int i = 0; i + 1 < args.size(); i += 2) {
          expect(c, args.get(i), DataType.BOOLEAN);
          t = commonOrFail(c, t, args.get(i + 1).type());
        }
        t = commonOrFail(c, t, args.get(args.size() - 1).type());
        t = t == null ? DataType.STRING : t;
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
          boolean condition = i % 2 == 0 && i + 1 < args.size();
          out.add(coerce(args.get(i), condition ? DataType.BOOLEAN : t));
        }
        yield new Typed(new Call(f, out), t);
      }
    };
  }

  /**
   * A user function's call over its resolved arguments: each must have the type the parameter's
   * declared Java class carries, or one that widens to it (an INT32 for a {@code Double}); an
   * {@code Object} parameter takes any type, {@code Number} any numeric one, {@code BigDecimal} any
   * decimal (integers as DECIMAL(10, 0) / DECIMAL(19, 0)).
   */
  static Typed userCall(UserCall u, List<Typed> args) {
    UserFunction fn = u.function();
    if (args.size() != fn.arity()) {
      throw new AnalysisException(
          "Function '"
              + fn.name()
              + "' takes "
              + fn.arity()
              + (fn.arity() == 1 ? " argument" : " arguments")
              + ", got "
              + args.size()
              + " in "
              + u.toSql());
    }
    List<Expr> out = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      out.add(userArgument(u, i, fn.argumentClasses().get(i), args.get(i)));
    }
    return new Typed(new UserCall(fn, out), fn.returnType());
  }

  private static Expr userArgument(UserCall u, int i, Class<?> declared, Typed a) {
    DataType t = a.type();
    if (declared == Object.class) {
      return a.settled();
    }
    if (declared == Number.class) {
      if (t == null) {
        return new Literal(null, DataType.FLOAT64);
      }
      if (t.isNumeric()) {
        return a.expr();
      }
    } else if (declared == BigDecimal.class) {
      if (t == null) {
        return new Literal(null, DataType.decimal(DataType.MAX_DECIMAL_PRECISION, 0));
      }
      if (t.id() == TypeId.DECIMAL) {
        return a.expr();
      }
      if (t.isIntegral()) {
        return coerce(a, DataType.decimal(t.id() == TypeId.INT32 ? 10 : 19, 0));
      }
    } else {
      DataType want = null;
      for (TypeId id : TypeId.values()) {
        if (id != TypeId.DECIMAL && DataType.of(id).javaClass() == declared) {
          want = DataType.of(id);
        }
      }
      if (t == null) {
        return new Literal(null, want);
      }
      if (want != null && want.equals(commonType(t, want))) {
        return coerce(a, want);
      }
    }
    throw new TypeMismatchException(
        "Function '"
            + u.name()
            + "' expects "
            + expected(declared)
            + " for argument "
            + (i + 1)
            + " ("
            + a.expr().toSql()
            + "), got "
            + t
            + " in "
            + u.toSql());
  }

  /** What a parameter class takes, in the error's words. */
  private static String expected(Class<?> declared) {
    if (declared == Number.class) {
      return "a number (Number)";
    }
    if (declared == BigDecimal.class) {
      return "decimal (BigDecimal)";
    }
    for (TypeId id : TypeId.values()) {
      if (id != TypeId.DECIMAL && DataType.of(id).javaClass() == declared) {
        return DataType.of(id) + " (" + declared.getSimpleName() + ")";
      }
    }
    return declared.getSimpleName();
  }

  private static Typed call(Function f, DataType type, Expr... args) {
    return new Typed(new Call(f, List.of(args)), type);
  }

  /**
   * A function that takes no other type than {@code in} for each argument: every argument is
   * checked before any is converted, so the error names the first wrong one.
   */
  private static Typed fixed(Call c, List<Typed> args, DataType out, DataType... in) {
    for (int i = 0; i < in.length; i++) {
      expect(c, args.get(i), in[i]);
    }
    Expr[] coerced = new Expr[in.length];
    for (int i = 0; i < in.length; i++) {
      coerced[i] = coerce(args.get(i), in[i]);
    }
    return call(c.function(), out, coerced);
  }

  private static DataType decimalResult(Function f, DataType.Decimal t) {
    return switch (f) {
      case PLUS, MINUS -> decimalCapped(t.precision() + 1, t.scale());
      case TIMES -> decimalCapped(2 * t.precision() + 1, 2 * t.scale());
      default -> t;
    };
  }

  private static void expect(Call c, Typed r, DataType t) {
    if (r.type() != null && !r.type().equals(t)) {
      throw new TypeMismatchException(
          c.toSql() + " needs " + t + " for " + r.expr().toSql() + ", got " + r.type());
    }
  }

  private static DataType numericArg(Call c, Typed r) {
    if (r.type() == null) {
      return DataType.FLOAT64;
    }
    if (!r.type().isNumeric()) {
      throw new TypeMismatchException(
          c.toSql() + " needs a number for " + r.expr().toSql() + ", got " + r.type());
    }
    return r.type();
  }

  private static DataType arithmetic(Call c, Typed a, Typed b) {
    DataType x = a.type() == null ? b.type() : a.type();
    DataType y = b.type() == null ? a.type() : b.type();
    if (x == null) {
      return DataType.INT32;
    }
    if (!x.isNumeric() || !y.isNumeric()) {
      throw new TypeMismatchException(
          c.toSql()
              + " needs numbers: "
              + a.expr().toSql()
              + " is "
              + (a.type() == null ? "null" : a.type())
              + ", "
              + b.expr().toSql()
              + " is "
              + (b.type() == null ? "null" : b.type()));
    }
    return widerNumeric(x, y);
  }

  /** The type both sides of a comparison are cast to; string literals adapt to temporal types. */
  private static DataType comparable(Call c, Typed a, Typed b) {
    if (a.type() != null && b.type() != null && a.type().isTemporal() != b.type().isTemporal()) {
      if (b.type().id() == TypeId.STRING && b.expr() instanceof Literal) {
        return a.type();
      }
      if (a.type().id() == TypeId.STRING && a.expr() instanceof Literal) {
        return b.type();
      }
    }
    DataType t = commonType(a.type(), b.type());
    if (t == null && a.type() != null && b.type() != null) {
      throw new TypeMismatchException(
          "Cannot compare "
              + a.expr().toSql()
              + " ("
              + a.type()
              + ") with "
              + b.expr().toSql()
              + " ("
              + b.type()
              + ") in "
              + c.toSql());
    }
    return t;
  }

  /** The common type; a null (untyped NULL, or nothing seen yet) constrains nothing. */
  private static DataType commonOrFail(Expr where, DataType a, DataType b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    DataType t = commonType(a, b);
    if (t == null) {
      throw new TypeMismatchException(
          "Incompatible types " + a + " and " + b + " in " + where.toSql());
    }
    return t;
  }

  /** {@code r} converted to {@code target}: literals are folded, anything else gets a Cast. */
  private static Expr coerce(Typed r, DataType target) {
    if (r.type() == null) {
      return new Literal(null, target);
    }
    if (r.type().equals(target)) {
      return r.expr();
    }
    if (r.expr() instanceof Literal l) {
      Object folded = foldLiteral(l.value(), l.type(), target);
      if (folded != null) {
        return new Literal(folded, target);
      }
    }
    return new Cast(r.expr(), target);
  }

  /** Converts a literal's value exactly, or returns null to leave the cast to the engine. */
  private static Object foldLiteral(Object v, DataType from, DataType to) {
    try {
      if (from.isIntegral() || from.id() == TypeId.DECIMAL) {
        BigDecimal d =
            from.id() == TypeId.DECIMAL
                ? (BigDecimal) v
                : BigDecimal.valueOf(((Number) v).longValue());
        return switch (to.id()) {
          case INT64 -> d.longValueExact();
          case FLOAT64 -> d.doubleValue();
          case FLOAT32 -> d.floatValue();
          case DECIMAL -> {
            DataType.Decimal t = (DataType.Decimal) to;
            BigDecimal s = d.setScale(t.scale());
            yield s.precision() <= t.precision() ? s : null;
          }
          default -> null;
        };
      }
      if (from.id() == TypeId.FLOAT32 && to.id() == TypeId.FLOAT64) {
        return (double) (Float) v;
      }
      if (from.id() == TypeId.STRING) {
        String s = ((String) v).trim();
        return switch (to.id()) {
          case DATE -> java.time.LocalDate.parse(s);
          case TIMESTAMP_NTZ -> java.time.LocalDateTime.parse(s.replace(' ', 'T'));
          case TIMESTAMP -> java.time.Instant.parse(s.replace(' ', 'T'));
          default -> null;
        };
      }
    } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
      return null;
    }
    return null;
  }
}
