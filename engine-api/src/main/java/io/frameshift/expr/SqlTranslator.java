package io.frameshift.expr;

import static io.frameshift.expr.Functions.lit;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.OFFSET_SECONDS;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import io.frameshift.error.FrameshiftException;
import io.frameshift.error.ParseException;
import io.frameshift.types.DataType;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.OldOracleJoinBinaryExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.SupportsOldOracleJoinSyntax;
import net.sf.jsqlparser.parser.Node;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Maps one JSqlParser syntax tree onto the {@link Expr} records, building every node the way the
 * {@link Functions} DSL does so that a parsed expression equals its DSL twin. Anything without a
 * DSL counterpart is refused with a {@link ParseException} naming it.
 */
final class SqlTranslator {
  /** The scalar and aggregate functions a SQL string may call, by lower-case name. */
  private static final Map<String, Signature> FUNCTIONS = functions();

  private static final String OPERATORS =
      "= <> != < <= > >= AND OR NOT + - * / % || IS [NOT] NULL, [NOT] IN, [NOT] BETWEEN,"
          + " [NOT] LIKE";

  /** Spark's suffix for an INT64 literal ({@code 5L}), which JSqlParser reads as a name. */
  private static final Pattern LONG_LITERAL = Pattern.compile("[0-9]+[lL]");

  /**
   * The text of a TIMESTAMP literal, as a cast from STRING reads it (docs/semantics.md): {@code
   * yyyy-MM-dd[( |T)HH:mm[:ss[.ffffff]]]} and an optional offset ({@code Z}, {@code +01:00}).
   */
  private static final DateTimeFormatter TIMESTAMP_TEXT = timestampFormat();

  private final String sql;

  /** The names that may qualify a column ({@code target.k}); none for a plain condition. */
  private final Set<String> qualifiers;

  SqlTranslator(String sql, Set<String> qualifiers) {
    this.sql = sql;
    this.qualifiers = Set.copyOf(qualifiers);
  }

  Expr translate(Expression e) {
    if (e instanceof ParenthesedExpressionList<?> list) {
      if (list.size() != 1) {
        throw unsupported(e, "a list of values '" + e + "' is only allowed after IN");
      }
      return translate(list.get(0));
    }
    if (e instanceof net.sf.jsqlparser.schema.Column c) {
      return column(c);
    }
    if (e instanceof LongValue v) {
      return integer(v, v.getBigIntegerValue());
    }
    if (e instanceof DoubleValue v) {
      return floating(v, v.getValue());
    }
    if (e instanceof StringValue s) {
      return lit(string(s));
    }
    if (e instanceof BooleanValue b) {
      return lit(b.getValue());
    }
    if (e instanceof NullValue) {
      return lit(null);
    }
    if (e instanceof SignedExpression s) {
      return signed(s);
    }
    if (e instanceof AndExpression a) {
      return translate(a.getLeftExpression()).and(translate(a.getRightExpression()));
    }
    if (e instanceof OrExpression o) {
      return translate(o.getLeftExpression()).or(translate(o.getRightExpression()));
    }
    if (e instanceof NotExpression n) {
      return translate(n.getExpression()).not();
    }
    if (e instanceof OldOracleJoinBinaryExpression b && comparisonOf(b) != null) {
      return comparison(b, comparisonOf(b));
    }
    if (e instanceof IsNullExpression n) {
      Expr input = translate(n.getLeftExpression());
      return n.isNot() ? input.isNotNull() : input.isNull();
    }
    if (e instanceof InExpression in) {
      return in(in);
    }
    if (e instanceof Between b) {
      Expr between =
          translate(b.getLeftExpression())
              .between(
                  translate(b.getBetweenExpressionStart()), translate(b.getBetweenExpressionEnd()));
      return b.isNot() ? between.not() : between;
    }
    if (e instanceof LikeExpression l) {
      return like(l);
    }
    if (e instanceof Addition a) {
      return translate(a.getLeftExpression()).plus(translate(a.getRightExpression()));
    }
    if (e instanceof Subtraction s) {
      return translate(s.getLeftExpression()).minus(translate(s.getRightExpression()));
    }
    if (e instanceof Multiplication m) {
      return translate(m.getLeftExpression()).times(translate(m.getRightExpression()));
    }
    if (e instanceof Division d) {
      return translate(d.getLeftExpression()).div(translate(d.getRightExpression()));
    }
    if (e instanceof Modulo m) {
      return translate(m.getLeftExpression()).mod(translate(m.getRightExpression()));
    }
    if (e instanceof Concat c) {
      return translate(c.getLeftExpression()).concat(translate(c.getRightExpression()));
    }
    if (e instanceof CaseExpression c) {
      return caseWhen(c);
    }
    if (e instanceof CastExpression c) {
      return c.isImplicitCast() ? typedLiteral(c) : cast(c);
    }
    if (e instanceof DateTimeLiteralExpression d) {
      return dateTimeLiteral(d);
    }
    if (e instanceof net.sf.jsqlparser.expression.Function f) {
      return function(f);
    }
    if (e instanceof TrimFunction t) {
      if (t.getTrimSpecification() != null || t.getFromExpression() != null) {
        throw unsupported(e, "'" + e + "' is not supported: trim takes one argument, trim(s)");
      }
      return translate(t.getExpression()).trim();
    }
    if (e instanceof Select || e instanceof ExistsExpression) {
      throw unsupported(e, "subqueries such as '" + e + "' are not supported");
    }
    if (e instanceof AnalyticExpression) {
      throw unsupported(
          e,
          "window and filtered aggregates such as '"
              + e
              + "' are not supported in SQL text; build them with .over(Window...)");
    }
    if (e instanceof JdbcParameter || e instanceof JdbcNamedParameter) {
      throw unsupported(e, "parameters such as '" + e + "' are not supported; write the value");
    }
    if (e instanceof BinaryExpression b) {
      throw unsupported(
          e,
          "the operator "
              + b.getStringExpression()
              + " in '"
              + e
              + "' is not supported; expected one of "
              + OPERATORS);
    }
    throw unsupported(
        e,
        "'"
            + e
            + "' ("
            + e.getClass().getSimpleName()
            + ") is not supported; expected a column, a literal, CASE, CAST, a function ("
            + String.join(", ", FUNCTIONS.keySet())
            + ") or the operators "
            + OPERATORS);
  }

  // ---- leaves ----------------------------------------------------------------------------

  private Expr column(net.sf.jsqlparser.schema.Column c) {
    if (c.getArrayConstructor() != null) {
      throw unsupported(c, "array subscripts such as '" + c + "' are not supported");
    }
    // JSqlParser splits a quoted name at its dots into table and column ("t.a" becomes "t"."a"),
    // so a name written as one token is read back from that token
    Token only = singleToken(c);
    if (only == null && isQualified(c)) {
      return new Column(c.getTable().getName() + "." + unquoted(c.getColumnName()));
    }
    if (only == null && c.getTable() != null && c.getTable().getName() != null) {
      throw unsupported(
          c,
          "qualified name '"
              + c
              + "' is not supported; quote the whole name (`"
              + c
              + "`) if it is one column");
    }
    String name = only != null ? only.image : c.getColumnName();
    String bare = unquoted(name);
    if (!bare.equals(name)) {
      return new Column(bare);
    }
    BigInteger suffixed = suffixedLong(c);
    if (suffixed != null) {
      return longLiteral(c, suffixed);
    }
    if (Character.isDigit(name.charAt(0))) {
      // JSqlParser accepts names starting with a digit (MySQL); taking 5S or 1d for a column
      // would silently turn a mistyped number into a column reference.
      throw unsupported(
          c, "'" + name + "' is neither a number nor a plain name; quote it (`" + name + "`)");
    }
    return new Column(name);
  }

  /** {@code q.name} with {@code q} one of the allowed qualifiers, written bare. */
  private boolean isQualified(net.sf.jsqlparser.schema.Column c) {
    net.sf.jsqlparser.schema.Table t = c.getTable();
    return t != null
        && t.getName() != null
        && t.getSchemaName() == null
        && qualifiers.contains(t.getName());
  }

  /**
   * A name part without its double quotes or back-quotes (the quote doubled inside undone):
   * JSqlParser keeps the quotes of a quoted name and does not undo SQL's doubled quote.
   */
  private static String unquoted(String name) {
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1).replace("\"\"", "\"");
    }
    if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
      return name.substring(1, name.length() - 1).replace("``", "`");
    }
    return name;
  }

  /** The one token {@code c} was written as, or null if it spans several or is not known. */
  private static Token singleToken(net.sf.jsqlparser.schema.Column c) {
    Node node = c.getASTNode();
    if (node == null || node.jjtGetFirstToken() == null) {
      return null;
    }
    Token first = node.jjtGetFirstToken();
    return first == node.jjtGetLastToken() ? first : null;
  }

  /** The value of {@code 5L}, or null if {@code c} is not written that way. */
  private static BigInteger suffixedLong(net.sf.jsqlparser.schema.Column c) {
    String name = c.getColumnName();
    boolean matches = c.getTable() == null && LONG_LITERAL.matcher(name).matches();
    return matches ? new BigInteger(name.substring(0, name.length() - 1)) : null;
  }

  /** INT32 when the value fits, else INT64. */
  private Expr integer(Expression at, BigInteger value) {
    if (value.bitLength() < Integer.SIZE) {
      return lit(value.intValue());
    }
    return longLiteral(at, value);
  }

  private Expr longLiteral(Expression at, BigInteger value) {
    if (value.bitLength() >= Long.SIZE) {
      throw unsupported(
          at,
          "integer literal "
              + value
              + " is out of the int64 range; write it as a decimal number (e.g. "
              + value
              + ".0) for a float64");
    }
    return lit(value.longValue());
  }

  private Expr floating(Expression at, double value) {
    if (!Double.isFinite(value)) {
      throw unsupported(at, "number " + at + " is out of the float64 range");
    }
    return lit(value);
  }

  private String string(StringValue s) {
    if (s.getPrefix() != null) {
      throw unsupported(
          s, "prefixed string " + s + " is not supported; write '" + s.getValue() + "'");
    }
    return s.getNotExcapedValue();
  }

  /** A minus sign before a number is part of the literal, as in the DSL's {@code lit(-5)}. */
  private Expr signed(SignedExpression s) {
    Expression operand = s.getExpression();
    return switch (s.getSign()) {
      case '+' -> translate(operand);
      case '-' -> {
        if (operand instanceof LongValue v) {
          yield integer(s, v.getBigIntegerValue().negate());
        }
        if (operand instanceof DoubleValue v) {
          yield floating(s, -v.getValue());
        }
        if (operand instanceof net.sf.jsqlparser.schema.Column c && suffixedLong(c) != null) {
          yield longLiteral(s, suffixedLong(c).negate());
        }
        yield translate(operand).negate();
      }
      default ->
          throw unsupported(s, "the operator " + s.getSign() + " in '" + s + "' is not supported");
    };
  }

  /** {@code TIMESTAMP WITHOUT TIME ZONE '..'} and other literals JSqlParser reads as a cast. */
  private Expr typedLiteral(CastExpression c) {
    ColDataType type = c.getColDataType();
    if (!(c.getLeftExpression() instanceof StringValue s)
        || type.getDataType().indexOf('(') >= 0
        || type.getArgumentsStringList() != null) {
      throw unsupported(c, "typed literal " + c + " is not supported; write CAST(.. AS ..)");
    }
    return typedLiteral(c, type.getDataType(), string(s));
  }

  /** {@code DATE '..'}, {@code TIMESTAMP '..'} and {@code TIMESTAMPTZ '..'}. */
  private Expr dateTimeLiteral(DateTimeLiteralExpression d) {
    // the value is the literal's token as written, quotes included
    String written = d.getValue();
    if (d.getType() == null || written == null || !written.startsWith("'")) {
      throw unsupported(
          d, "typed literal " + d + " is not supported; write " + d.getType() + " '..'");
    }
    return typedLiteral(d, d.getType().name(), string(new StringValue(written)));
  }

  /** The literals {@code DATE '..'}, {@code TIMESTAMP '..'} and their zone variants. */
  private Expr typedLiteral(Expression c, String typeName, String text) {
    try {
      return switch (CastExpression.DataType.from(typeName)) {
        case DATE -> lit(LocalDate.parse(text.strip()));
        case TIMESTAMP, TIMESTAMPTZ, TIMESTAMP_WITH_TIME_ZONE -> {
          TemporalAccessor t = TIMESTAMP_TEXT.parse(text.strip());
          ZoneOffset offset = t.isSupported(OFFSET_SECONDS) ? ZoneOffset.from(t) : ZoneOffset.UTC;
          yield lit(LocalDateTime.from(t).toInstant(offset));
        }
        case TIMESTAMP_WITHOUT_TIME_ZONE -> {
          TemporalAccessor t = TIMESTAMP_TEXT.parse(text.strip());
          if (t.isSupported(OFFSET_SECONDS)) {
            throw unsupported(
                c, "literal " + c + " has a zone offset; a TIMESTAMP WITHOUT TIME ZONE has none");
          }
          yield lit(LocalDateTime.from(t));
        }
        default ->
            throw unsupported(
                c,
                "typed literal "
                    + c
                    + " is not supported; expected DATE '..', TIMESTAMP '..' or TIMESTAMP WITHOUT"
                    + " TIME ZONE '..', or write CAST(.. AS ..)");
      };
    } catch (DateTimeException e) {
      throw unsupported(
          c,
          "'"
              + text
              + "' in "
              + c
              + " is not a valid "
              + typeName
              + "; expected yyyy-mm-dd"
              + (typeName.equalsIgnoreCase("DATE")
                  ? ""
                  : "[ hh:mm[:ss[.ffffff]]] with an optional offset (Z, +01:00)"));
    }
  }

  // ---- operators -------------------------------------------------------------------------

  /** The comparison {@code e} makes, or null if it is no comparison. */
  private static Function comparisonOf(Expression e) {
    if (e instanceof EqualsTo) {
      return Function.EQ;
    } else if (e instanceof NotEqualsTo) {
      return Function.NE;
    } else if (e instanceof MinorThan) {
      return Function.LT;
    } else if (e instanceof MinorThanEquals) {
      return Function.LE;
    } else if (e instanceof GreaterThan) {
      return Function.GT;
    } else if (e instanceof GreaterThanEquals) {
      return Function.GE;
    }
    return null;
  }

  private Expr comparison(OldOracleJoinBinaryExpression b, Function comparison) {
    if (b.getOldOracleJoinSyntax() != SupportsOldOracleJoinSyntax.NO_ORACLE_JOIN
        || b.getOraclePriorPosition() != SupportsOldOracleJoinSyntax.NO_ORACLE_PRIOR) {
      throw unsupported(b, "Oracle join syntax in '" + b + "' is not supported");
    }
    return Functions.call(
        comparison, translate(b.getLeftExpression()), translate(b.getRightExpression()));
  }

  private Expr in(InExpression in) {
    if (in.isGlobal()
        || in.getOldOracleJoinSyntax() != SupportsOldOracleJoinSyntax.NO_ORACLE_JOIN) {
      throw unsupported(in, "'" + in + "' is not supported");
    }
    if (!(in.getRightExpression() instanceof ExpressionList<?> values)) {
      throw unsupported(
          in,
          (in.getRightExpression() instanceof Select ? "subqueries such as '" : "'")
              + in.getRightExpression()
              + "' after IN are not supported; expected a list of values (a, b, ..)");
    }
    List<Object> items = new ArrayList<>(values.size());
    for (Expression v : values) {
      items.add(translate(v));
    }
    Expr isIn = translate(in.getLeftExpression()).isIn(items.toArray());
    return in.isNot() ? isIn.not() : isIn;
  }

  private Expr like(LikeExpression l) {
    if (l.getLikeKeyWord() != LikeExpression.KeyWord.LIKE) {
      throw unsupported(l, l.getLikeKeyWord() + " in '" + l + "' is not supported; use LIKE");
    }
    if (l.getEscape() != null || l.isUseBinary()) {
      throw unsupported(
          l, "'" + l + "' is not supported; LIKE escapes with \\ and takes no ESCAPE or BINARY");
    }
    Expr like =
        Functions.call(
            Function.LIKE, translate(l.getLeftExpression()), translate(l.getRightExpression()));
    return l.isNot() ? like.not() : like;
  }

  private Expr caseWhen(CaseExpression c) {
    // a simple CASE x WHEN v THEN .. compares the subject with each value
    Expr subject = c.getSwitchExpression() == null ? null : translate(c.getSwitchExpression());
    CaseBuilder builder = new CaseBuilder(List.of());
    for (WhenClause w : c.getWhenClauses()) {
      Expr when = translate(w.getWhenExpression());
      builder =
          builder
              .when(subject == null ? when : subject.eq(when))
              .then(translate(w.getThenExpression()));
    }
    return c.getElseExpression() == null
        ? builder.end()
        : builder.otherwise(translate(c.getElseExpression()));
  }

  private Expr cast(CastExpression c) {
    // keyword is null for the PostgreSQL form x::type, which is the same ANSI cast
    if (c.keyword != null && !c.keyword.equalsIgnoreCase("CAST")) {
      throw unsupported(
          c, c.keyword + " in '" + c + "' is not supported; CAST raises on an invalid value");
    }
    if (c.getFormat() != null
        || !c.getColumnDefinitions().isEmpty()
        || !c.getColDataType().getArrayData().isEmpty()) {
      throw unsupported(c, "'" + c + "' is not supported; expected CAST(x AS type)");
    }
    DataType type;
    try {
      type = DataType.parse(c.getColDataType().toString());
    } catch (FrameshiftException e) {
      throw unsupported(c, e.getMessage());
    }
    return translate(c.getLeftExpression()).cast(type);
  }

  // ---- function calls --------------------------------------------------------------------

  private Expr function(net.sf.jsqlparser.expression.Function f) {
    String name = f.getName() == null ? "" : f.getName().toLowerCase(Locale.ROOT);
    if (f.getMultipartName().size() != 1) {
      throw unsupported(
          f,
          "unknown function '"
              + f.getName()
              + "': a function name has no dots; built-in functions are "
              + String.join(", ", FUNCTIONS.keySet()));
    }
    // a name that is no built-in is a user function's: analysis binds it to the function the
    // session registered under that name, or fails listing the registered and built-in ones
    Signature signature = FUNCTIONS.get(name);
    if (f.getNamedParameters() != null
        || f.isEscaped()
        || f.getAttribute() != null
        || f.getKeep() != null
        || f.getOrderByElements() != null
        || f.getHavingClause() != null
        || f.getNullHandling() != null
        || f.isIgnoreNullsOutside()
        || f.getLimit() != null
        || f.isUnique()
        || f.getExtraKeyword() != null
        || f.getOnOverflowTruncate() != null) {
      throw unsupported(
          f, "'" + f + "' is not supported; write " + name + "(argument, ..) with plain arguments");
    }
    List<? extends Expression> params = f.getParameters() == null ? List.of() : f.getParameters();
    boolean star = f.isAllColumns() || (params.size() == 1 && params.get(0) instanceof AllColumns);
    if (name.equals("count") && star && !f.isDistinct()) {
      return Functions.count();
    }
    if (star) {
      throw unsupported(f, "'*' in '" + f + "' is only allowed in count(*)");
    }
    List<Expr> args = new ArrayList<>(params.size());
    for (Expression p : params) {
      args.add(translate(p));
    }
    if (signature == null) {
      if (f.isDistinct()) {
        throw unsupported(f, "DISTINCT in '" + f + "' is only supported as count(DISTINCT x)");
      }
      return new UserCall(f.getName(), null, args);
    }
    if (f.isDistinct()) {
      if (!name.equals("count") || args.size() != 1) {
        throw unsupported(f, "DISTINCT in '" + f + "' is only supported as count(DISTINCT x)");
      }
      return Functions.countDistinct(args.get(0));
    }
    if (args.size() < signature.minArgs() || args.size() > signature.maxArgs()) {
      throw unsupported(
          f,
          name
              + " takes "
              + signature.arity()
              + (signature.maxArgs() == 1 ? " argument" : " arguments")
              + ", got "
              + args.size()
              + " in '"
              + f
              + "'");
    }
    return signature.builder().build(args);
  }

  /** The names of the built-in functions SQL text may call, lower case, sorted. */
  static Set<String> builtinNames() {
    return java.util.Collections.unmodifiableSet(FUNCTIONS.keySet());
  }

  /** How a function name maps to the DSL, with the argument counts it accepts. */
  private record Signature(int minArgs, int maxArgs, Builder builder) {
    String arity() {
      if (minArgs == maxArgs) {
        return String.valueOf(minArgs);
      }
      return maxArgs == Integer.MAX_VALUE ? minArgs + " or more" : minArgs + " or " + maxArgs;
    }
  }

  @FunctionalInterface
  private interface Builder {
    Expr build(List<Expr> args);
  }

  private static Map<String, Signature> functions() {
    // sorted, so the list in error messages is alphabetical
    Map<String, Signature> m = new TreeMap<>();
    m.put("lower", unary(Expr::lower));
    m.put("upper", unary(Expr::upper));
    m.put("length", unary(Expr::length));
    m.put("trim", unary(Expr::trim));
    Signature substring =
        new Signature(
            2,
            3,
            a ->
                Functions.call(
                    Function.SUBSTRING,
                    a.get(0),
                    a.get(1),
                    a.size() == 3 ? a.get(2) : lit(Integer.MAX_VALUE)));
    m.put("substring", substring);
    m.put("substr", substring);
    m.put("abs", unary(Expr::abs));
    m.put(
        "round",
        new Signature(
            1,
            2,
            a ->
                a.size() == 1
                    ? a.get(0).round(0)
                    : Functions.call(Function.ROUND, a.get(0), a.get(1))));
    m.put("floor", unary(Expr::floor));
    m.put("ceil", unary(Expr::ceil));
    m.put("ceiling", unary(Expr::ceil));
    m.put("coalesce", new Signature(1, Integer.MAX_VALUE, a -> Functions.coalesce(a.toArray())));
    m.put("concat", new Signature(1, Integer.MAX_VALUE, a -> Functions.concat(a.toArray())));
    m.put("year", unary(Expr::year));
    m.put("month", unary(Expr::month));
    m.put("day", unary(Expr::day));
    m.put("startswith", binary(Expr::startsWith));
    m.put("endswith", binary(Expr::endsWith));
    m.put("contains", binary(Expr::contains));
    // count(*) and count(DISTINCT x) are handled before the argument count is checked
    m.put("count", unary(Functions::count));
    m.put("sum", unary(Functions::sum));
    m.put("avg", unary(Functions::avg));
    m.put("min", unary(Functions::min));
    m.put("max", unary(Functions::max));
    m.put("stddev", unary(Functions::stddev));
    m.put("stddev_samp", unary(Functions::stddev));
    m.put("variance", unary(Functions::variance));
    m.put("var_samp", unary(Functions::variance));
    m.put("median", unary(Functions::median));
    m.put("first", unary(Functions::first));
    m.put("last", unary(Functions::last));
    return m;
  }

  private static Signature unary(UnaryOperator<Expr> f) {
    return new Signature(1, 1, a -> f.apply(a.get(0)));
  }

  private static Signature binary(BinaryOperator<Expr> f) {
    return new Signature(2, 2, a -> f.apply(a.get(0), a.get(1)));
  }

  private static DateTimeFormatter timestampFormat() {
    DateTimeFormatter time =
        new DateTimeFormatterBuilder()
            .appendValue(HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(MINUTE_OF_HOUR, 2)
            .optionalStart()
            .appendLiteral(':')
            .appendValue(SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(NANO_OF_SECOND, 1, 6, true)
            .toFormatter(Locale.ROOT);
    return new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE)
        .optionalStart()
        .appendLiteral(' ')
        .append(time)
        .optionalEnd()
        .optionalStart()
        .appendLiteral('T')
        .append(time)
        .optionalEnd()
        .optionalStart()
        .appendOffset("+HH:mm", "Z")
        .optionalEnd()
        .parseDefaulting(HOUR_OF_DAY, 0)
        .parseDefaulting(MINUTE_OF_HOUR, 0)
        .parseDefaulting(SECOND_OF_MINUTE, 0)
        .parseDefaulting(NANO_OF_SECOND, 0)
        .toFormatter(Locale.ROOT);
  }

  // ---- errors ----------------------------------------------------------------------------

  private ParseException unsupported(Expression at, String detail) {
    Token token = position(at);
    return token == null
        ? ExprParser.failure(sql, 0, 0, detail, null)
        : ExprParser.failure(sql, token.beginLine, token.beginColumn, detail, null);
  }

  /** The operator of a binary expression, else the node's first token; null when unknown. */
  private static Token position(Expression at) {
    if (at instanceof BinaryExpression b && b.getLeftExpression() != null) {
      Node left = b.getLeftExpression().getASTNode();
      if (left != null && left.jjtGetLastToken() != null && left.jjtGetLastToken().next != null) {
        return left.jjtGetLastToken().next;
      }
    }
    Node node = at.getASTNode();
    return node == null ? null : node.jjtGetFirstToken();
  }
}
