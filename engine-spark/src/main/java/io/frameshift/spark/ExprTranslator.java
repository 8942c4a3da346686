package io.frameshift.spark;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.endswith;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.like;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.median;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.startswith;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.var_samp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.frameshift.expr.Aggregate;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Call;
import io.frameshift.expr.Cast;
import io.frameshift.expr.Expr;
import io.frameshift.expr.ExprVisitor;
import io.frameshift.expr.Literal;
import io.frameshift.expr.Over;
import io.frameshift.expr.Ranking;
import io.frameshift.expr.SortKey;
import io.frameshift.spi.ExprTypes;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;

/**
 * Translates an analysed expression over {@code input} into a Spark {@link Column}. Analysis has
 * already coerced operands to one type, so this maps each node to the Spark function with the
 * contract's meaning, and translates where Spark's differs (see docs/spark.md).
 */
final class ExprTranslator implements ExprVisitor<Column> {
  /** Decimal averages up to this scale are divided exactly in decimal; see {@link #mean}. */
  private static final int EXACT_MEAN_MAX_SCALE = 17;

  private final Schema input;
  private final Function<String, Column> columns;

  /** Over a frame whose columns Spark knows by their Frameshift names. */
  ExprTranslator(Schema input) {
    this(input, name -> functions.col(quote(name)));
  }

  /** Over {@code input}, whose column {@code n} is the Spark column {@code columns.apply(n)}. */
  ExprTranslator(Schema input, Function<String, Column> columns) {
    this.input = input;
    this.columns = columns;
  }

  /** A column name as Spark parses it: back-quoted, so dots and spaces are part of the name. */
  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  Column translate(Expr e) {
    return e.accept(this);
  }

  DataType typeOf(Expr e) {
    return ExprTypes.typeOf(e, input);
  }

  /** {@code e} as an output column: exactly the type analysis computed, named {@code name}. */
  Column output(Expr e, String name) {
    return translate(e).cast(SparkTypes.toSpark(typeOf(e))).as(name);
  }

  /** A sort key with its null order made explicit. */
  Column sortKey(SortKey k) {
    Column c = translate(k.expr());
    if (k.ascending()) {
      return k.nullsFirstOrder() ? c.asc_nulls_first() : c.asc_nulls_last();
    }
    return k.nullsFirstOrder() ? c.desc_nulls_first() : c.desc_nulls_last();
  }

  @Override
  public Column visitColumn(io.frameshift.expr.Column column) {
    return columns.apply(column.name());
  }

  @Override
  public Column visitLiteral(Literal literal) {
    // The explicit cast pins the literal's type: lit() alone infers DECIMAL(p, s) from the value
    // and gives an untyped NULL.
    return lit(literal.value()).cast(SparkTypes.toSpark(literal.type()));
  }

  @Override
  public Column visitCast(Cast cast) {
    return Casts.cast(translate(cast.input()), typeOf(cast.input()), cast.type());
  }

  @Override
  public Column visitAlias(Alias alias) {
    // Analysis puts aliases on top only; the name is given where the column is output.
    return translate(alias.input());
  }

  @Override
  public Column visitCall(Call call) {
    List<Expr> args = call.args();
    Column[] a = args.stream().map(this::translate).toArray(Column[]::new);
    return switch (call.function()) {
      case EQ -> a[0].equalTo(a[1]);
      case NE -> a[0].notEqual(a[1]);
      case LT -> a[0].lt(a[1]);
      case LE -> a[0].leq(a[1]);
      case GT -> a[0].gt(a[1]);
      case GE -> a[0].geq(a[1]);
      case AND -> a[0].and(a[1]);
      case OR -> a[0].or(a[1]);
      case NOT -> functions.not(a[0]);
      case IS_NULL -> a[0].isNull();
      case IS_NOT_NULL -> a[0].isNotNull();
      case IN -> a[0].isin((Object[]) java.util.Arrays.copyOfRange(a, 1, a.length));
      case PLUS -> a[0].plus(a[1]);
      case MINUS -> a[0].minus(a[1]);
      case TIMES -> a[0].multiply(a[1]);
      // Analysis made both operands FLOAT64; with ANSI on, Spark raises DIVIDE_BY_ZERO for a zero
      // divisor, floats included, as the contract asks.
      case DIV -> a[0].divide(a[1]);
      case MOD -> a[0].mod(a[1]);
      case NEGATE -> negate(a[0], typeOf(args.get(0)));
      case ABS -> abs(a[0], typeOf(args.get(0)));
      // Spark rounds HALF_UP (away from zero), floats through their decimal form: the contract.
      case ROUND -> functions.round(a[0], (Integer) ((Literal) args.get(1)).value());
      case FLOOR -> floorOrCeil(a[0], typeOf(args.get(0)), true);
      case CEIL -> floorOrCeil(a[0], typeOf(args.get(0)), false);
      case LOWER -> functions.lower(a[0]);
      case UPPER -> functions.upper(a[0]);
      case LENGTH -> functions.length(a[0]);
      case TRIM -> functions.trim(a[0]);
      case SUBSTRING -> functions.substring(a[0], a[1], a[2]);
      case STARTS_WITH -> startswith(a[0], a[1]);
      case ENDS_WITH -> endswith(a[0], a[1]);
      case CONTAINS -> functions.contains(a[0], a[1]);
      case LIKE -> like(a[0], a[1]);
      case CONCAT -> concat(a);
      case YEAR -> year(a[0]);
      case MONTH -> month(a[0]);
      case DAY -> dayofmonth(a[0]);
      case COALESCE -> coalesce(a);
      case CASE_WHEN -> caseWhen(a);
    };
  }

  /**
   * Spark's unary minus and abs of a DECIMAL(38, s) lose digits (Spark 4.1 keeps 6 after the
   * point); {@code 0 - x} is exact.
   */
  private static Column negate(Column x, DataType t) {
    return t.id() == TypeId.DECIMAL
        ? lit(0).cast(SparkTypes.toSpark(t)).minus(x)
        : functions.negate(x);
  }

  private static Column abs(Column x, DataType t) {
    return t.id() == TypeId.DECIMAL ? when(x.lt(0), negate(x, t)).otherwise(x) : functions.abs(x);
  }

  private static Column caseWhen(Column[] a) {
    Column out = when(a[0], a[1]);
    for (int i = 2; i + 1 < a.length; i += 2) {
      out = out.when(a[i], a[i + 1]);
    }
    return out.otherwise(a[a.length - 1]);
  }

  /**
   * Spark's floor/ceil of a float saturate (floor(1e20) is Long.MAX_VALUE, floor(NaN) is 0); the
   * contract raises for values out of INT64's range. The ANSI cast to INT64 raises there and
   * truncates toward zero; one step toward -inf (floor) or +inf (ceil) completes it.
   */
  private static Column floorOrCeil(Column x, DataType t, boolean floor) {
    return switch (t.id()) {
      case INT32, INT64 -> x;
      case DECIMAL -> floor ? functions.floor(x) : functions.ceil(x);
      case FLOAT32, FLOAT64 -> {
        Column d = x.cast("double");
        Column truncated = d.cast("bigint");
        Column back = truncated.cast("double");
        yield floor
            ? when(d.lt(back), truncated.minus(1)).otherwise(truncated)
            : when(d.gt(back), truncated.plus(1)).otherwise(truncated);
      }
      case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
          throw new IllegalStateException("analysis admits only numbers to floor/ceil, got " + t);
    };
  }

  @Override
  public Column visitAggregate(Aggregate aggregate) {
    return aggregate(aggregate, null, false);
  }

  @Override
  public Column visitRanking(Ranking ranking) {
    throw new IllegalStateException(
        "analysis admits " + ranking.toSql() + " only inside over(window)");
  }

  @Override
  public Column visitUserCall(io.frameshift.expr.UserCall call) {
    Column[] args = call.args().stream().map(this::translate).toArray(Column[]::new);
    return SparkUdfs.call(call, args);
  }

  @Override
  public Column visitOver(Over over) {
    WindowSpec window =
        Window.partitionBy(
                over.window().partitionBy().stream().map(this::translate).toArray(Column[]::new))
            .orderBy(over.window().orderBy().stream().map(this::sortKey).toArray(Column[]::new));
    if (over.function() instanceof Aggregate a) {
      return aggregate(a, window, !over.window().orderBy().isEmpty());
    }
    Ranking r = (Ranking) over.function();
    return switch (r.function()) {
      case ROW_NUMBER -> row_number().over(window);
      case RANK -> rank().over(window);
      case DENSE_RANK -> dense_rank().over(window);
      case LAG ->
          lag(translate(r.args().get(0)), offset(r), translate(r.args().get(2))).over(window);
      case LEAD ->
          lead(translate(r.args().get(0)), offset(r), translate(r.args().get(2))).over(window);
    };
  }

  private static int offset(Ranking r) {
    return (Integer) ((Literal) r.args().get(1)).value();
  }

  /**
   * An aggregate over a group ({@code window} null) or over {@code window}; {@code ordered} says
   * the window has an order, hence a running frame.
   */
  private Column aggregate(Aggregate a, WindowSpec window, boolean ordered) {
    UnaryOperator<Column> over = c -> window == null ? c : c.over(window);
    if (a.args().isEmpty()) {
      return over.apply(count(lit(1)));
    }
    Expr arg = a.args().get(0);
    Column x = translate(arg);
    DataType t = typeOf(arg);
    return switch (a.function()) {
      case COUNT -> over.apply(count(x));
      // Spark has no DISTINCT window aggregates; the size of the set of values is the same count
      // (collect_set skips nulls). -0.0 is folded into 0.0 first: they are one value.
      case COUNT_DISTINCT ->
          window != null
              ? size(over.apply(collect_set(zeroFolded(x, t)))).cast("bigint")
              : count_distinct(x);
      case SUM -> over.apply(functions.sum(x));
      case AVG ->
          t instanceof DataType.Decimal d
              ? mean(over.apply(functions.sum(x)), over.apply(count(x)), d)
              : over.apply(functions.avg(x));
      case MIN -> over.apply(functions.min(x));
      case MAX -> over.apply(functions.max(x));
      case STDDEV -> over.apply(stddev_samp(x));
      case VARIANCE -> over.apply(var_samp(x));
      // Spark's median takes no ordered window; over a running frame it is computed from the
      // sorted values, with Spark's own interpolation (0.5 * a + 0.5 * b).
      case MEDIAN ->
          window != null && ordered
              ? sortedMedian(over.apply(collect_list(x.cast("double"))))
              : over.apply(median(x));
      case FIRST -> over.apply(first(x, true));
      case LAST -> over.apply(last(x, true));
    };
  }

  private static Column zeroFolded(Column x, DataType t) {
    return t.isFloating() ? when(x.equalTo(0), lit(0).cast(SparkTypes.toSpark(t))).otherwise(x) : x;
  }

  /**
   * The mean of decimals, computed exactly and then converted to FLOAT64 as the contract asks
   * (Spark's own avg rounds to scale s + 4 first). The sum, cast to DECIMAL(18, s), divided by the
   * count as DECIMAL(19, 0) gives Spark's quotient type DECIMAL(38, s + 20): 20 digits after the
   * point, enough for the nearest double. A sum of more than 18 - s integer digits does not fit
   * that form; its mean is the float quotient of the exact sum (at most an ulp away).
   */
  private static Column mean(Column sum, Column count, DataType.Decimal d) {
    Column approximate = sum.cast("double").divide(count.cast("double"));
    Column mean = approximate;
    if (d.scale() <= EXACT_MEAN_MAX_SCALE) {
      Column exact =
          sum.try_cast(SparkTypes.toSpark(DataType.decimal(18, d.scale())))
              .divide(count.cast(SparkTypes.toSpark(DataType.decimal(19, 0))));
      mean = coalesce(exact.cast("double"), approximate);
    }
    return when(count.gt(0), mean);
  }

  private static Column sortedMedian(Column values) {
    Column sorted = array_sort(values);
    Column n = size(sorted);
    Column half = n.divide(2).cast("int");
    return when(n.equalTo(0), lit(null).cast("double"))
        .when(n.mod(2).equalTo(1), element_at(sorted, half.plus(1)))
        .otherwise(
            element_at(sorted, half)
                .multiply(0.5)
                .plus(element_at(sorted, half.plus(1)).multiply(0.5)));
  }
}
