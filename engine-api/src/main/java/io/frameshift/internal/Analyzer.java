package io.frameshift.internal;

import io.frameshift.JoinType;
import io.frameshift.Row;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.Aggregate;
import io.frameshift.expr.AggregateFunction;
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
import io.frameshift.expr.RankingFunction;
import io.frameshift.expr.SortKey;
import io.frameshift.expr.WindowSpec;
import io.frameshift.io.Source;
import io.frameshift.plan.Distinct;
import io.frameshift.plan.Existing;
import io.frameshift.plan.Filter;
import io.frameshift.plan.GroupBy;
import io.frameshift.plan.Join;
import io.frameshift.plan.Limit;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Pin;
import io.frameshift.plan.Project;
import io.frameshift.plan.Sample;
import io.frameshift.plan.Scan;
import io.frameshift.plan.Sort;
import io.frameshift.plan.Union;
import io.frameshift.plan.Values;
import io.frameshift.plan.Windowed;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds plan nodes and checks them: every column name resolves ({@link ColumnNotFoundException}
 * lists the available ones) and every operation gets types it accepts ({@link
 * TypeMismatchException} names the expression and the types), before anything runs.
 *
 * <p>Resolution makes every implicit conversion explicit: operands of a comparison, arithmetic,
 * {@code IN}, {@code COALESCE} or {@code CASE} are cast to their common type, untyped {@code NULL}s
 * get the type of their context, and unnamed output columns get an {@link Alias}. Engines therefore
 * never coerce on their own, and both produce the same types.
 */
public final class Analyzer {
  private Analyzer() {}

  // ==== expressions ==========================================================================

  /** The type of an already-resolved expression over {@code input}. */
  public static DataType typeOf(Expr resolved, Schema input) {
    DataType t = new Resolver(input, Scope.ANY).resolve(resolved).type;
    return t == null ? DataType.STRING : t;
  }

  /**
   * Resolves a scalar expression over {@code input}: names checked, types coerced explicitly.
   * Aggregates and window functions are rejected.
   */
  public static Expr resolveScalar(Expr e, Schema input) {
    return typed(new Resolver(input, Scope.ROW).resolve(e));
  }

  /** The common type two operand types are widened to, or null if there is none. */
  public static DataType commonType(DataType a, DataType b) {
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
  public static boolean canCast(DataType from, DataType to) {
    if (from.equals(to) || from.id() == TypeId.STRING || to.id() == TypeId.STRING) {
      return true;
    }
    if ((from.isNumeric() || from.id() == TypeId.BOOLEAN)
        && (to.isNumeric() || to.id() == TypeId.BOOLEAN)) {
      return true;
    }
    return from.isTemporal() && to.isTemporal();
  }

  private enum Scope {
    /** Row-level expressions: no aggregates, no windows. */
    ROW,
    /** An item of {@code agg(..)}: an aggregate at the top. */
    AGGREGATE,
    /** A window column: an {@link Over} at the top. */
    WINDOW,
    /** Re-typing an already resolved expression: everything allowed. */
    ANY
  }

  private record Resolved(Expr expr, DataType type) {}

  private static Expr typed(Resolved r) {
    return r.type == null ? new Literal(null, DataType.STRING) : r.expr;
  }

  private static final class Resolver implements ExprVisitor<Resolved> {
    private final Schema input;
    private final Scope scope;
    private boolean inAggregate;
    private boolean inOver;

    Resolver(Schema input, Scope scope) {
      this.input = input;
      this.scope = scope;
    }

    Resolved resolve(Expr e) {
      return e.accept(this);
    }

    @Override
    public Resolved visitColumn(Column c) {
      Field f =
          input
              .find(c.name())
              .orElseThrow(() -> new ColumnNotFoundException(c.name(), input.names()));
      return new Resolved(c, f.type());
    }

    @Override
    public Resolved visitLiteral(Literal l) {
      return new Resolved(l, l.type());
    }

    @Override
    public Resolved visitCast(Cast c) {
      Resolved in = resolve(c.input());
      if (in.type == null) {
        return new Resolved(new Literal(null, c.type()), c.type());
      }
      if (!canCast(in.type, c.type())) {
        throw new TypeMismatchException(
            "Cannot cast " + c.input().toSql() + " (" + in.type + ") to " + c.type());
      }
      if (in.type.equals(c.type())) {
        return in;
      }
      return new Resolved(new Cast(in.expr, c.type()), c.type());
    }

    @Override
    public Resolved visitAlias(Alias a) {
      Resolved in = resolve(a.input());
      return new Resolved(
          new Alias(typed(in), a.name()), in.type == null ? DataType.STRING : in.type);
    }

    @Override
    public Resolved visitAggregate(Aggregate a) {
      if (scope == Scope.ROW) {
        throw new AnalysisException(
            "Aggregate "
                + a.toSql()
                + " is not allowed here: use groupBy(..).agg(..), or .over(window) for a running"
                + " aggregate");
      }
      if (inAggregate) {
        throw new AnalysisException(
            "Aggregate " + a.toSql() + " may not be nested in another aggregate");
      }
      if (scope == Scope.WINDOW && !inOver) {
        throw new AnalysisException("Aggregate " + a.toSql() + " needs .over(window) here");
      }
      inAggregate = true;
      try {
        if (a.args().isEmpty()) {
          if (a.function() != AggregateFunction.COUNT) {
            throw new AnalysisException(a.function().sql() + "() needs an argument");
          }
          return new Resolved(a, DataType.INT64);
        }
        Resolved arg = resolve(a.args().get(0));
        DataType t = arg.type == null ? DataType.STRING : arg.type;
        Expr argExpr = typed(arg);
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
        return new Resolved(new Aggregate(a.function(), List.of(argExpr)), out);
      } finally {
        inAggregate = false;
      }
    }

    private DataType numeric(Expr where, DataType t) {
      if (!t.isNumeric()) {
        throw new TypeMismatchException(where.toSql() + " needs a numeric argument, got " + t);
      }
      return t;
    }

    @Override
    public Resolved visitRanking(Ranking r) {
      if (!inOver) {
        throw new AnalysisException(
            r.toSql() + " is a window function: use it as " + r + ".over(Window.orderBy(..))");
      }
      return switch (r.function()) {
        case ROW_NUMBER, RANK, DENSE_RANK -> new Resolved(r, DataType.INT32);
        case LAG, LEAD -> {
          Resolved v = resolve(r.args().get(0));
          Expr offset = r.args().get(1);
          if (!(offset instanceof Literal l && l.value() instanceof Integer n && n >= 0)) {
            throw new TypeMismatchException(
                r.function().sql()
                    + " offset must be a non-negative integer literal, got "
                    + offset.toSql());
          }
          Resolved dflt = resolve(r.args().get(2));
          DataType t = commonOrFail(r, v.type, dflt.type);
          t = t == null ? DataType.STRING : t;
          yield new Resolved(
              new Ranking(r.function(), List.of(coerce(v, t), offset, coerce(dflt, t))), t);
        }
      };
    }

    @Override
    public Resolved visitOver(Over o) {
      if (scope == Scope.ROW || scope == Scope.AGGREGATE) {
        throw new AnalysisException(
            "Window expression "
                + o.toSql()
                + " is not allowed here; use it in select or withColumn");
      }
      if (inOver || inAggregate) {
        throw new AnalysisException("Window expression " + o.toSql() + " may not be nested");
      }
      WindowSpec w = o.window();
      if (o.function() instanceof Ranking r && w.orderBy().isEmpty()) {
        throw new AnalysisException(
            r.toSql() + " needs an ordered window: Window.partitionBy(..).orderBy(..)");
      }
      if (!(o.function() instanceof Ranking || o.function() instanceof Aggregate)) {
        throw new AnalysisException(
            ".over(window) applies to an aggregate or a window function, not "
                + o.function().toSql());
      }
      List<Expr> parts = new ArrayList<>();
      for (Expr p : w.partitionBy()) {
        parts.add(rowLevel(p));
      }
      List<SortKey> keys = new ArrayList<>();
      for (SortKey k : w.orderBy()) {
        keys.add(k.withExpr(rowLevel(k.expr())));
      }
      inOver = true;
      try {
        Resolved fn = resolve(o.function());
        return new Resolved(new Over(fn.expr, new WindowSpec(parts, keys)), fn.type);
      } finally {
        inOver = false;
      }
    }

    private Expr rowLevel(Expr e) {
      return typed(new Resolver(input, Scope.ROW).resolve(e));
    }

    @Override
    public Resolved visitCall(Call c) {
      Function f = c.function();
      List<Resolved> args = new ArrayList<>();
      for (Expr a : c.args()) {
        args.add(resolve(a));
      }
      return switch (f) {
        case EQ, NE, LT, LE, GT, GE -> {
          DataType t = comparable(c, args.get(0), args.get(1));
          yield call(f, DataType.BOOLEAN, coerce(args.get(0), t), coerce(args.get(1), t));
        }
        case AND, OR -> {
          expect(c, args.get(0), DataType.BOOLEAN);
          expect(c, args.get(1), DataType.BOOLEAN);
          yield call(
              f,
              DataType.BOOLEAN,
              coerce(args.get(0), DataType.BOOLEAN),
              coerce(args.get(1), DataType.BOOLEAN));
        }
        case NOT -> {
          expect(c, args.get(0), DataType.BOOLEAN);
          yield call(f, DataType.BOOLEAN, coerce(args.get(0), DataType.BOOLEAN));
        }
        case IS_NULL, IS_NOT_NULL -> call(f, DataType.BOOLEAN, typed(args.get(0)));
        case IN -> {
          DataType t = args.get(0).type;
          for (int i = 1; i < args.size(); i++) {
            t = comparable(c, new Resolved(args.get(0).expr, t), args.get(i));
          }
          List<Expr> out = new ArrayList<>();
          for (Resolved r : args) {
            out.add(coerce(r, t == null ? DataType.STRING : t));
          }
          yield new Resolved(new Call(f, out), DataType.BOOLEAN);
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
        case LOWER, UPPER, TRIM -> {
          expect(c, args.get(0), DataType.STRING);
          yield call(f, DataType.STRING, coerce(args.get(0), DataType.STRING));
        }
        case LENGTH -> {
          expect(c, args.get(0), DataType.STRING);
          yield call(f, DataType.INT32, coerce(args.get(0), DataType.STRING));
        }
        case SUBSTRING -> {
          expect(c, args.get(0), DataType.STRING);
          expect(c, args.get(1), DataType.INT32);
          expect(c, args.get(2), DataType.INT32);
          yield call(
              f,
              DataType.STRING,
              coerce(args.get(0), DataType.STRING),
              coerce(args.get(1), DataType.INT32),
              coerce(args.get(2), DataType.INT32));
        }
        case STARTS_WITH, ENDS_WITH, CONTAINS, LIKE -> {
          expect(c, args.get(0), DataType.STRING);
          expect(c, args.get(1), DataType.STRING);
          yield call(
              f,
              DataType.BOOLEAN,
              coerce(args.get(0), DataType.STRING),
              coerce(args.get(1), DataType.STRING));
        }
        case CONCAT -> {
          List<Expr> out = new ArrayList<>();
          for (Resolved r : args) {
            out.add(coerce(r, DataType.STRING));
          }
          yield new Resolved(new Call(f, out), DataType.STRING);
        }
        case YEAR, MONTH, DAY -> {
          DataType t = args.get(0).type;
          if (t != null && !t.isTemporal()) {
            throw new TypeMismatchException(
                f.sql() + "(" + c.arg(0).toSql() + ") needs a date or timestamp, got " + t);
          }
          yield call(f, DataType.INT32, coerce(args.get(0), t == null ? DataType.DATE : t));
        }
        case COALESCE -> {
          DataType t = null;
          for (Resolved r : args) {
            t = commonOrFail(c, t, r.type);
          }
          t = t == null ? DataType.STRING : t;
          List<Expr> out = new ArrayList<>();
          for (Resolved r : args) {
            out.add(coerce(r, t));
          }
          yield new Resolved(new Call(f, out), t);
        }
        case CASE_WHEN -> {
          DataType t = null;
          for (int i = 0; i + 1 < args.size(); i += 2) {
            expect(c, args.get(i), DataType.BOOLEAN);
            t = commonOrFail(c, t, args.get(i + 1).type);
          }
          t = commonOrFail(c, t, args.get(args.size() - 1).type);
          t = t == null ? DataType.STRING : t;
          List<Expr> out = new ArrayList<>();
          for (int i = 0; i < args.size(); i++) {
            boolean condition = i % 2 == 0 && i + 1 < args.size();
            out.add(coerce(args.get(i), condition ? DataType.BOOLEAN : t));
          }
          yield new Resolved(new Call(f, out), t);
        }
      };
    }

    private static Resolved call(Function f, DataType type, Expr... args) {
      return new Resolved(new Call(f, List.of(args)), type);
    }

    private static DataType decimalResult(Function f, DataType.Decimal t) {
      return switch (f) {
        case PLUS, MINUS -> decimalCapped(t.precision() + 1, t.scale());
        case TIMES -> decimalCapped(2 * t.precision() + 1, 2 * t.scale());
        default -> t;
      };
    }

    private static void expect(Call c, Resolved r, DataType t) {
      if (r.type != null && !r.type.equals(t)) {
        throw new TypeMismatchException(
            describe(c) + " needs " + t + " for " + r.expr.toSql() + ", got " + r.type);
      }
    }

    private static DataType numericArg(Call c, Resolved r) {
      if (r.type == null) {
        return DataType.FLOAT64;
      }
      if (!r.type.isNumeric()) {
        throw new TypeMismatchException(
            describe(c) + " needs a number for " + r.expr.toSql() + ", got " + r.type);
      }
      return r.type;
    }

    private static DataType arithmetic(Call c, Resolved a, Resolved b) {
      DataType x = a.type == null ? b.type : a.type;
      DataType y = b.type == null ? a.type : b.type;
      if (x == null) {
        return DataType.INT32;
      }
      if (!x.isNumeric() || !y.isNumeric()) {
        throw new TypeMismatchException(
            describe(c)
                + " needs numbers: "
                + a.expr.toSql()
                + " is "
                + (a.type == null ? "null" : a.type)
                + ", "
                + b.expr.toSql()
                + " is "
                + (b.type == null ? "null" : b.type));
      }
      return widerNumeric(x, y);
    }

    /** The type both sides of a comparison are cast to; string literals adapt to temporal types. */
    private static DataType comparable(Call c, Resolved a, Resolved b) {
      if (a.type != null && b.type != null && a.type.isTemporal() != b.type.isTemporal()) {
        if (b.type.id() == TypeId.STRING && b.expr instanceof Literal) {
          return a.type;
        }
        if (a.type.id() == TypeId.STRING && a.expr instanceof Literal) {
          return b.type;
        }
      }
      DataType t = commonType(a.type, b.type);
      if (t == null && a.type != null && b.type != null) {
        throw new TypeMismatchException(
            "Cannot compare "
                + a.expr.toSql()
                + " ("
                + a.type
                + ") with "
                + b.expr.toSql()
                + " ("
                + b.type
                + ") in "
                + describe(c));
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

    private static String describe(Call c) {
      return c.toSql();
    }
  }

  /** {@code r} converted to {@code target}: literals are folded, anything else gets a Cast. */
  private static Expr coerce(Resolved r, DataType target) {
    if (r.type == null) {
      return new Literal(null, target);
    }
    if (r.type.equals(target)) {
      return r.expr;
    }
    if (r.expr instanceof Literal l) {
      Object folded = foldLiteral(l.value(), l.type(), target);
      if (folded != null) {
        return new Literal(folded, target);
      }
    }
    return new Cast(r.expr, target);
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

  // ==== plan nodes ===========================================================================

  public static LogicalPlan scan(Source source) {
    if (source.schema() == null) {
      throw new IllegalArgumentException("scan needs a source with a resolved schema");
    }
    return new Scan(source);
  }

  public static LogicalPlan values(Schema schema, List<Row> rows) {
    for (Row r : rows) {
      if (!r.schema().equals(schema)) {
        throw new AnalysisException(
            "Row " + r + " has schema " + r.schema() + ", expected " + schema);
      }
    }
    return new Values(schema, rows);
  }

  public static LogicalPlan existing(EngineFrame frame) {
    return new Existing(frame);
  }

  public static LogicalPlan filter(LogicalPlan child, Expr condition) {
    Resolved r = new Resolver(child.schema(), Scope.ROW).resolve(condition);
    if (r.type != null && r.type.id() != TypeId.BOOLEAN) {
      throw new TypeMismatchException(
          "Filter condition " + condition.toSql() + " is " + r.type + "; expected boolean");
    }
    return RankLimits.pushInto(new Filter(child, coerce(r, DataType.BOOLEAN)));
  }

  /**
   * Computes {@code exprs} over {@code child}. Window expressions anywhere in them are computed by
   * a {@link Windowed} node first.
   */
  public static LogicalPlan select(LogicalPlan child, List<Expr> exprs) {
    Extracted windows = extract(exprs, e -> e instanceof Over, "__w");
    LogicalPlan in = child;
    if (!windows.extracted.isEmpty()) {
      in = windowed(child, windows.extracted);
    }
    return project(in, windows.rewritten);
  }

  private static LogicalPlan project(LogicalPlan child, List<Expr> exprs) {
    List<Expr> out = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Expr e : exprs) {
      Resolved r = new Resolver(child.schema(), Scope.ROW).resolve(e);
      String name = e.outputName();
      if (!names.add(name)) {
        throw new AnalysisException(
            "Duplicate output column '"
                + name
                + "' in select; give one of them another name with .as(..)");
      }
      Expr named = typed(r);
      if (!(named instanceof Column c && c.name().equals(name)) && !(named instanceof Alias)) {
        named = new Alias(named, name);
      }
      out.add(named);
      DataType t = r.type == null ? DataType.STRING : r.type;
      boolean nullable = !(named instanceof Column c) || child.schema().field(c.name()).nullable();
      fields.add(new Field(name, t, nullable));
    }
    return new Project(child, out, Schema.of(fields));
  }

  /**
   * Groups by {@code keys} and computes {@code aggregates}. An aggregate used inside a larger
   * expression ({@code sum("a").div(count())}) is computed first and the expression on top.
   */
  public static LogicalPlan groupBy(LogicalPlan child, List<Expr> keys, List<Expr> aggregates) {
    if (aggregates.isEmpty()) {
      throw new AnalysisException("agg(..) needs at least one aggregate, e.g. count()");
    }
    List<Expr> resolvedKeys = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Expr k : keys) {
      Resolved r = new Resolver(child.schema(), Scope.ROW).resolve(k);
      String name = k.outputName();
      if (!names.add(name)) {
        throw new AnalysisException("Duplicate group key '" + name + "'");
      }
      Expr named = typed(r);
      if (!(named instanceof Column c && c.name().equals(name)) && !(named instanceof Alias)) {
        named = new Alias(named, name);
      }
      resolvedKeys.add(named);
      fields.add(Field.of(name, r.type == null ? DataType.STRING : r.type));
    }
    boolean allTopLevel = aggregates.stream().allMatch(Analyzer::isTopLevelAggregate);
    List<Expr> aggs = aggregates;
    Extracted nested = null;
    if (!allTopLevel) {
      nested = extract(aggregates, e -> e instanceof Aggregate, "__a");
      aggs = nested.extracted;
    }
    List<Expr> resolvedAggs = new ArrayList<>();
    for (Expr a : aggs) {
      Resolved r = new Resolver(child.schema(), Scope.AGGREGATE).resolve(a);
      String name = a.outputName();
      if (!names.add(name)) {
        throw new AnalysisException(
            "Duplicate output column '"
                + name
                + "' in agg; give one of them another name with .as(..)");
      }
      Expr named = r.expr instanceof Alias ? r.expr : new Alias(r.expr, name);
      resolvedAggs.add(named);
      boolean isCount =
          ((Alias) named).input() instanceof Aggregate g
              && (g.function() == AggregateFunction.COUNT
                  || g.function() == AggregateFunction.COUNT_DISTINCT);
      fields.add(new Field(name, r.type, !isCount));
    }
    LogicalPlan grouped = new GroupBy(child, resolvedKeys, resolvedAggs, Schema.of(fields));
    if (nested == null) {
      return grouped;
    }
    List<Expr> top = new ArrayList<>();
    for (Expr k : resolvedKeys) {
      top.add(new Column(k.outputName()));
    }
    top.addAll(nested.rewritten);
    return project(grouped, top);
  }

  private static boolean isTopLevelAggregate(Expr e) {
    Expr inner = e instanceof Alias a ? a.input() : e;
    return inner instanceof Aggregate;
  }

  private record Extracted(List<Expr> rewritten, List<Expr> extracted) {}

  /**
   * Replaces each sub-expression matching {@code what} by a column {@code prefix + i}, keeping the
   * output names, and returns the replaced sub-expressions aliased to those columns.
   */
  private static Extracted extract(
      List<Expr> exprs, java.util.function.Predicate<Expr> what, String prefix) {
    Map<Expr, String> found = new LinkedHashMap<>();
    List<Expr> rewritten = new ArrayList<>();
    for (Expr e : exprs) {
      if (!e.anyMatch(what)) {
        rewritten.add(e);
        continue;
      }
      Expr top = e instanceof Alias a ? a.input() : e;
      String name = e.outputName();
      if (what.test(top)) {
        // the whole item is the extracted expression: compute it under its own name
        found.put(top, name);
        rewritten.add(new Column(name));
        continue;
      }
      Expr replaced =
          transformDown(
              e, what, x -> new Column(found.computeIfAbsent(x, k -> prefix + found.size())));
      rewritten.add(replaced instanceof Alias ? replaced : new Alias(replaced, name));
    }
    List<Expr> extracted = new ArrayList<>();
    found.forEach((x, n) -> extracted.add(new Alias(x, n)));
    return new Extracted(rewritten, extracted);
  }

  private static Expr transformDown(
      Expr e, java.util.function.Predicate<Expr> what, java.util.function.Function<Expr, Expr> fn) {
    if (what.test(e)) {
      return fn.apply(e);
    }
    List<Expr> kids = e.children();
    if (kids.isEmpty()) {
      return e;
    }
    List<Expr> out = new ArrayList<>();
    for (Expr k : kids) {
      out.add(transformDown(k, what, fn));
    }
    return e.withChildren(out);
  }

  /** Appends window columns; each item must be an {@link Over}, optionally aliased. */
  public static LogicalPlan windowed(LogicalPlan child, List<Expr> windowColumns) {
    List<Expr> out = new ArrayList<>();
    List<Field> fields = new ArrayList<>(child.schema().fields());
    Set<String> names = new HashSet<>(child.schema().names());
    for (Expr w : windowColumns) {
      Resolved r = new Resolver(child.schema(), Scope.WINDOW).resolve(w);
      String name = w.outputName();
      if (!names.add(name)) {
        throw new AnalysisException(
            "Window column '" + name + "' clashes with an existing column; choose another name");
      }
      out.add(r.expr instanceof Alias ? r.expr : new Alias(r.expr, name));
      Expr inner = ((Alias) out.get(out.size() - 1)).input();
      boolean nullable =
          !(inner instanceof Over o
              && o.function() instanceof Ranking rk
              && rk.function() != RankingFunction.LAG
              && rk.function() != RankingFunction.LEAD);
      fields.add(new Field(name, r.type, nullable));
    }
    return new Windowed(child, out, Schema.of(fields));
  }

  public static LogicalPlan join(
      LogicalPlan left, LogicalPlan right, JoinType type, List<String> keys, String suffix) {
    if (keys.isEmpty()) {
      throw new AnalysisException("A join needs at least one key column, or a condition");
    }
    LogicalPlan l = left;
    LogicalPlan r = right;
    Map<String, DataType> leftCasts = new LinkedHashMap<>();
    Map<String, DataType> rightCasts = new LinkedHashMap<>();
    for (String k : keys) {
      DataType lt = keyType(left.schema(), k, "left");
      DataType rt = keyType(right.schema(), k, "right");
      if (!lt.equals(rt)) {
        DataType common = commonType(lt, rt);
        if (common == null) {
          throw new TypeMismatchException(
              "Join key '"
                  + k
                  + "' is "
                  + lt
                  + " on the left and "
                  + rt
                  + " on the right; they cannot be compared");
        }
        if (!common.equals(lt)) {
          leftCasts.put(k, common);
        }
        if (!common.equals(rt)) {
          rightCasts.put(k, common);
        }
      }
    }
    l = castColumns(l, leftCasts);
    r = castColumns(r, rightCasts);
    JoinSpec spec = new JoinSpec(type, keys, null, suffix);
    return new Join(l, r, spec, spec.outputSchema(l.schema(), r.schema()));
  }

  private static DataType keyType(Schema s, String key, String side) {
    return s.find(key)
        .orElseThrow(
            () ->
                new ColumnNotFoundException(
                    key, s.names(), "Join key '" + key + "' not found on the " + side + " side"))
        .type();
  }

  private static LogicalPlan castColumns(LogicalPlan p, Map<String, DataType> casts) {
    if (casts.isEmpty()) {
      return p;
    }
    List<Expr> cols = new ArrayList<>();
    for (String n : p.schema().names()) {
      cols.add(
          casts.containsKey(n)
              ? new Alias(new Cast(new Column(n), casts.get(n)), n)
              : new Column(n));
    }
    return project(p, cols);
  }

  public static LogicalPlan join(
      LogicalPlan left, LogicalPlan right, JoinType type, Expr condition, String suffix) {
    Set<String> both = new HashSet<>(left.schema().names());
    both.retainAll(new HashSet<>(right.schema().names()));
    List<Field> all = new ArrayList<>(left.schema().fields());
    for (Field f : right.schema().fields()) {
      if (!both.contains(f.name())) {
        all.add(f);
      }
    }
    Schema combined = Schema.of(all);
    condition.anyMatch(
        e -> {
          if (e instanceof Column c && both.contains(c.name())) {
            throw new AnalysisException(
                "Column '"
                    + c.name()
                    + "' in join condition "
                    + condition.toSql()
                    + " exists on both sides; rename one side first (rename(from, to))");
          }
          return false;
        });
    Resolved r = new Resolver(combined, Scope.ROW).resolve(condition);
    if (r.type != null && r.type.id() != TypeId.BOOLEAN) {
      throw new TypeMismatchException(
          "Join condition " + condition.toSql() + " is " + r.type + "; expected boolean");
    }
    JoinSpec spec = new JoinSpec(type, List.of(), coerce(r, DataType.BOOLEAN), suffix);
    return new Join(left, right, spec, spec.outputSchema(left.schema(), right.schema()));
  }

  public static LogicalPlan sort(LogicalPlan child, List<SortKey> keys) {
    if (keys.isEmpty()) {
      throw new AnalysisException("sort(..) needs at least one key");
    }
    List<SortKey> out = new ArrayList<>();
    for (SortKey k : keys) {
      out.add(k.withExpr(resolveScalar(k.expr(), child.schema())));
    }
    return new Sort(child, out);
  }

  public static LogicalPlan distinct(LogicalPlan child, List<String> columns) {
    for (String c : columns) {
      child.schema().indexOf(c);
    }
    return new Distinct(child, columns);
  }

  public static LogicalPlan limit(LogicalPlan child, long n) {
    if (n < 0) {
      throw new AnalysisException("limit must be >= 0, got " + n);
    }
    return new Limit(child, n);
  }

  public static LogicalPlan sample(LogicalPlan child, double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new AnalysisException("sample fraction must be between 0 and 1, got " + fraction);
    }
    return new Sample(child, fraction, seed);
  }

  public static LogicalPlan pin(LogicalPlan child, String engine) {
    return new Pin(child, engine);
  }

  /** UNION ALL by column name: the right side is reordered to the left's columns, types widened. */
  public static LogicalPlan union(LogicalPlan left, LogicalPlan right) {
    Schema ls = left.schema();
    Schema rs = right.schema();
    Set<String> missingRight = new HashSet<>(ls.names());
    missingRight.removeAll(rs.names());
    Set<String> missingLeft = new HashSet<>(rs.names());
    missingLeft.removeAll(ls.names());
    if (!missingRight.isEmpty() || !missingLeft.isEmpty()) {
      throw new AnalysisException(
          "union needs the same column names on both sides; only on the left: "
              + missingRight
              + ", only on the right: "
              + missingLeft);
    }
    List<Expr> lcols = new ArrayList<>();
    List<Expr> rcols = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    boolean leftChanged = false;
    boolean rightChanged = !ls.names().equals(rs.names());
    for (Field lf : ls.fields()) {
      Field rf = rs.field(lf.name());
      DataType t = commonType(lf.type(), rf.type());
      if (t == null) {
        throw new TypeMismatchException(
            "union column '"
                + lf.name()
                + "' is "
                + lf.type()
                + " on the left and "
                + rf.type()
                + " on the right");
      }
      lcols.add(
          t.equals(lf.type())
              ? new Column(lf.name())
              : new Alias(new Cast(new Column(lf.name()), t), lf.name()));
      rcols.add(
          t.equals(rf.type())
              ? new Column(rf.name())
              : new Alias(new Cast(new Column(rf.name()), t), rf.name()));
      leftChanged |= !t.equals(lf.type());
      rightChanged |= !t.equals(rf.type());
      fields.add(new Field(lf.name(), t, lf.nullable() || rf.nullable()));
    }
    LogicalPlan l = leftChanged ? project(left, lcols) : left;
    LogicalPlan r = rightChanged ? project(right, rcols) : right;
    return new Union(l, r, Schema.of(fields));
  }
}
