package io.frameshift.expr;

import io.frameshift.error.TypeMismatchException;
import io.frameshift.types.DataType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expression DSL: {@code import static io.frameshift.expr.Functions.*;} then {@code
 * col("amount").gt(0).and(col("status").eq("active"))}, {@code sum("amount").as("total")}, {@code
 * rank().over(Window.partitionBy("k").orderBy(desc("v")))}.
 */
public final class Functions {
  private Functions() {}

  // ---- leaves ----------------------------------------------------------------------------

  public static Column col(String name) {
    return new Column(name);
  }

  /**
   * A constant. Java types map to: Boolean, Integer/Short/Byte (INT32), Long (INT64), Float,
   * Double, String, LocalDate, Instant (TIMESTAMP), LocalDateTime (TIMESTAMP_NTZ), BigDecimal
   * (DECIMAL of its own precision and scale). {@code lit(null)} is a null of the type its context
   * needs.
   */
  public static Literal lit(Object value) {
    if (value == null) {
      return new Literal(null, null);
    }
    if (value instanceof Literal l) {
      return l;
    }
    if (value instanceof Short s) {
      return new Literal(s.intValue(), DataType.INT32);
    }
    if (value instanceof Byte b) {
      return new Literal(b.intValue(), DataType.INT32);
    }
    if (value instanceof Character c) {
      return new Literal(String.valueOf(c), DataType.STRING);
    }
    if (value instanceof BigDecimal d) {
      int scale = Math.max(d.scale(), 0);
      BigDecimal v = d.setScale(scale);
      int precision =
          Math.max(v.precision(), scale + (v.abs().compareTo(BigDecimal.ONE) >= 0 ? 0 : 1));
      return new Literal(v, DataType.decimal(Math.max(precision, 1), scale));
    }
    DataType type = literalType(value);
    return new Literal(value, type);
  }

  /** A typed constant, e.g. {@code lit(null, DataType.INT64)}. */
  public static Literal lit(Object value, DataType type) {
    return new Literal(value, type);
  }

  private static DataType literalType(Object value) {
    if (value instanceof Boolean) {
      return DataType.BOOLEAN;
    } else if (value instanceof Integer) {
      return DataType.INT32;
    } else if (value instanceof Long) {
      return DataType.INT64;
    } else if (value instanceof Float) {
      return DataType.FLOAT32;
    } else if (value instanceof Double) {
      return DataType.FLOAT64;
    } else if (value instanceof String) {
      return DataType.STRING;
    } else if (value instanceof LocalDate) {
      return DataType.DATE;
    } else if (value instanceof Instant) {
      return DataType.TIMESTAMP;
    } else if (value instanceof LocalDateTime) {
      return DataType.TIMESTAMP_NTZ;
    }
    throw new TypeMismatchException(
        "Cannot make a literal of "
            + value.getClass().getName()
            + " '"
            + value
            + "': expected Boolean, Integer, Long, Float, Double, String, BigDecimal, LocalDate,"
            + " Instant or LocalDateTime");
  }

  /** {@code value} itself if it is an expression, else {@link #lit(Object)} of it. */
  public static Expr expr(Object value) {
    return value instanceof Expr e ? e : lit(value);
  }

  static Call call(Function fn, Expr... args) {
    return new Call(fn, Arrays.asList(args));
  }

  // ---- logic, null tests, conditionals ---------------------------------------------------

  public static Expr not(Expr e) {
    return e.not();
  }

  public static Expr and(Expr first, Expr... more) {
    Expr out = first;
    for (Expr e : more) {
      out = out.and(e);
    }
    return out;
  }

  public static Expr or(Expr first, Expr... more) {
    Expr out = first;
    for (Expr e : more) {
      out = out.or(e);
    }
    return out;
  }

  public static Expr isNull(Expr e) {
    return e.isNull();
  }

  public static Expr isNotNull(Expr e) {
    return e.isNotNull();
  }

  /** The first non-null argument. */
  public static Expr coalesce(Object... values) {
    return new Call(Function.COALESCE, exprs(values));
  }

  /** Starts {@code when(cond).then(value)[.when(..).then(..)].otherwise(value)}. */
  public static CaseBuilder.When when(Expr condition) {
    return new CaseBuilder(List.of()).when(condition);
  }

  public static Expr cast(Expr e, DataType type) {
    return e.cast(type);
  }

  // ---- arithmetic ------------------------------------------------------------------------

  public static Expr abs(Expr e) {
    return e.abs();
  }

  public static Expr round(Expr e, int scale) {
    return e.round(scale);
  }

  public static Expr round(Expr e) {
    return e.round(0);
  }

  public static Expr floor(Expr e) {
    return e.floor();
  }

  public static Expr ceil(Expr e) {
    return e.ceil();
  }

  public static Expr negate(Expr e) {
    return e.negate();
  }

  // ---- strings ---------------------------------------------------------------------------

  public static Expr lower(Expr e) {
    return e.lower();
  }

  public static Expr upper(Expr e) {
    return e.upper();
  }

  public static Expr length(Expr e) {
    return e.length();
  }

  public static Expr trim(Expr e) {
    return e.trim();
  }

  public static Expr substring(Expr e, int position, int length) {
    return e.substring(position, length);
  }

  /** SQL {@code concat}: null if any argument is null. */
  public static Expr concat(Object... values) {
    return new Call(Function.CONCAT, exprs(values));
  }

  // ---- dates -----------------------------------------------------------------------------

  public static Expr year(Expr e) {
    return e.year();
  }

  public static Expr month(Expr e) {
    return e.month();
  }

  public static Expr day(Expr e) {
    return e.day();
  }

  // ---- aggregates ------------------------------------------------------------------------

  /** The number of rows. */
  public static Aggregate count() {
    return new Aggregate(AggregateFunction.COUNT, List.of());
  }

  /** The number of non-null values of a column. */
  public static Aggregate count(String column) {
    return count(col(column));
  }

  public static Aggregate count(Expr e) {
    return new Aggregate(AggregateFunction.COUNT, List.of(e));
  }

  public static Aggregate countDistinct(String column) {
    return countDistinct(col(column));
  }

  public static Aggregate countDistinct(Expr e) {
    return new Aggregate(AggregateFunction.COUNT_DISTINCT, List.of(e));
  }

  public static Aggregate sum(String column) {
    return sum(col(column));
  }

  public static Aggregate sum(Expr e) {
    return new Aggregate(AggregateFunction.SUM, List.of(e));
  }

  public static Aggregate avg(String column) {
    return avg(col(column));
  }

  public static Aggregate avg(Expr e) {
    return new Aggregate(AggregateFunction.AVG, List.of(e));
  }

  public static Aggregate min(String column) {
    return min(col(column));
  }

  public static Aggregate min(Expr e) {
    return new Aggregate(AggregateFunction.MIN, List.of(e));
  }

  public static Aggregate max(String column) {
    return max(col(column));
  }

  public static Aggregate max(Expr e) {
    return new Aggregate(AggregateFunction.MAX, List.of(e));
  }

  public static Aggregate stddev(String column) {
    return stddev(col(column));
  }

  public static Aggregate stddev(Expr e) {
    return new Aggregate(AggregateFunction.STDDEV, List.of(e));
  }

  public static Aggregate variance(String column) {
    return variance(col(column));
  }

  public static Aggregate variance(Expr e) {
    return new Aggregate(AggregateFunction.VARIANCE, List.of(e));
  }

  public static Aggregate median(String column) {
    return median(col(column));
  }

  public static Aggregate median(Expr e) {
    return new Aggregate(AggregateFunction.MEDIAN, List.of(e));
  }

  public static Aggregate first(String column) {
    return first(col(column));
  }

  public static Aggregate first(Expr e) {
    return new Aggregate(AggregateFunction.FIRST, List.of(e));
  }

  public static Aggregate last(String column) {
    return last(col(column));
  }

  public static Aggregate last(Expr e) {
    return new Aggregate(AggregateFunction.LAST, List.of(e));
  }

  // ---- window functions ------------------------------------------------------------------

  public static Ranking rowNumber() {
    return new Ranking(RankingFunction.ROW_NUMBER, List.of());
  }

  public static Ranking rank() {
    return new Ranking(RankingFunction.RANK, List.of());
  }

  public static Ranking denseRank() {
    return new Ranking(RankingFunction.DENSE_RANK, List.of());
  }

  public static Ranking lag(String column, int offset) {
    return lag(col(column), offset, null);
  }

  /** The value {@code offset} rows before in the window, or {@code defaultValue} past the start. */
  public static Ranking lag(Expr e, int offset, Object defaultValue) {
    return new Ranking(RankingFunction.LAG, List.of(e, lit(offset), expr(defaultValue)));
  }

  public static Ranking lead(String column, int offset) {
    return lead(col(column), offset, null);
  }

  /** The value {@code offset} rows after in the window, or {@code defaultValue} past the end. */
  public static Ranking lead(Expr e, int offset, Object defaultValue) {
    return new Ranking(RankingFunction.LEAD, List.of(e, lit(offset), expr(defaultValue)));
  }

  // ---- sort keys -------------------------------------------------------------------------

  public static SortKey asc(String column) {
    return SortKey.asc(col(column));
  }

  public static SortKey asc(Expr e) {
    return SortKey.asc(e);
  }

  public static SortKey desc(String column) {
    return SortKey.desc(col(column));
  }

  public static SortKey desc(Expr e) {
    return SortKey.desc(e);
  }

  private static List<Expr> exprs(Object... values) {
    List<Expr> out = new ArrayList<>(values.length);
    for (Object v : values) {
      out.add(expr(v));
    }
    return out;
  }

  // ---- user functions --------------------------------------------------------------------

  /**
   * A scalar function of one argument written in Java, e.g. {@code udf("double_it", (Double x) -> x
   * * 2, DataType.FLOAT64)}; call it with {@link UserFunction#apply(Expr...)}. The lambda's
   * declared parameter class types its argument (see {@link UserFunction#argumentClasses()}).
   *
   * @param name how SQL text and {@code explain()} name it: a letter or '_', then letters, digits
   *     or '_'; not the name of a built-in function
   * @param returnType the type of its results
   */
  public static <A, R> UserFunction udf(String name, UserFunction1<A, R> fn, DataType returnType) {
    return UserFunction.of(name, fn, 1, returnType);
  }

  /** A scalar function of two arguments; see {@link #udf(String, UserFunction1, DataType)}. */
  public static <A, B, R> UserFunction udf(
      String name, UserFunction2<A, B, R> fn, DataType returnType) {
    return UserFunction.of(name, fn, 2, returnType);
  }

  /** A scalar function of three arguments; see {@link #udf(String, UserFunction1, DataType)}. */
  public static <A, B, C, R> UserFunction udf(
      String name, UserFunction3<A, B, C, R> fn, DataType returnType) {
    return UserFunction.of(name, fn, 3, returnType);
  }

  /** A scalar function of four arguments; see {@link #udf(String, UserFunction1, DataType)}. */
  public static <A, B, C, D, R> UserFunction udf(
      String name, UserFunction4<A, B, C, D, R> fn, DataType returnType) {
    return UserFunction.of(name, fn, 4, returnType);
  }

  /** A scalar function of five arguments; see {@link #udf(String, UserFunction1, DataType)}. */
  public static <A, B, C, D, E, R> UserFunction udf(
      String name, UserFunction5<A, B, C, D, E, R> fn, DataType returnType) {
    return UserFunction.of(name, fn, 5, returnType);
  }

  /**
   * A scalar function of one {@code double} giving FLOAT64, e.g. {@code udf("scaled", (double x) ->
   * x * 1.21 + 1)}, that the local engine calls over the columns' primitive arrays without boxing
   * (docs/functions.md); the other primitive shapes are the overloads of this method, one per
   * {@link PrimitiveFunction}. Declare the parameter types in the lambda: an implicitly typed one
   * fits several overloads and does not compile. A null argument gives null without a call.
   *
   * @param name as for {@link #udf(String, UserFunction1, DataType)}
   */
  public static UserFunction udf(String name, PrimitiveFunction.DoubleFunction1 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /**
   * A scalar function of two {@code double}s giving FLOAT64 without boxing, e.g. {@code udf("f",
   * (double q, double x) -> q + x * 0.2)}; see {@link #udf(String,
   * PrimitiveFunction.DoubleFunction1)}.
   */
  public static UserFunction udf(String name, PrimitiveFunction.DoubleFunction2 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /**
   * A scalar function of one {@code long} giving INT64 without boxing, e.g. {@code udf("f", (long
   * q) -> q * 2)}; see {@link #udf(String, PrimitiveFunction.DoubleFunction1)}.
   */
  public static UserFunction udf(String name, PrimitiveFunction.LongFunction1 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /**
   * A scalar function of two {@code long}s giving INT64 without boxing, e.g. {@code udf("f", (long
   * a, long b) -> a * b)}; see {@link #udf(String, PrimitiveFunction.DoubleFunction1)}.
   */
  public static UserFunction udf(String name, PrimitiveFunction.LongFunction2 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /**
   * A scalar function of one {@code double} giving BOOLEAN without boxing, e.g. {@code udf("f",
   * (double x) -> x > 0)}; see {@link #udf(String, PrimitiveFunction.DoubleFunction1)}.
   */
  public static UserFunction udf(String name, PrimitiveFunction.DoublePredicate1 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /**
   * A scalar function of two {@code double}s giving BOOLEAN without boxing, e.g. {@code udf("f",
   * (double a, double b) -> a > b)}; see {@link #udf(String, PrimitiveFunction.DoubleFunction1)}.
   */
  public static UserFunction udf(String name, PrimitiveFunction.DoublePredicate2 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /**
   * A scalar function of one {@code long} giving BOOLEAN without boxing, e.g. {@code udf("f", (long
   * q) -> q % 2 == 0)}; see {@link #udf(String, PrimitiveFunction.DoubleFunction1)}.
   */
  public static UserFunction udf(String name, PrimitiveFunction.LongPredicate1 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /**
   * A scalar function of two {@code long}s giving BOOLEAN without boxing, e.g. {@code udf("f",
   * (long a, long b) -> a > b)}; see {@link #udf(String, PrimitiveFunction.DoubleFunction1)}.
   */
  public static UserFunction udf(String name, PrimitiveFunction.LongPredicate2 fn) {
    return UserFunction.ofPrimitive(name, fn);
  }

  /** The names of the built-in functions SQL text may call, lower case and sorted. */
  public static java.util.Set<String> sqlFunctionNames() {
    return SqlTranslator.builtinNames();
  }
}
