package io.frameshift.expr;

import io.frameshift.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An expression: a tree of immutable records. Build one with the static DSL in {@link Functions}
 * and the fluent methods here, or parse its SQL form with {@link #parse(String)}. {@code
 * toString()} prints the DSL form; {@link #toSql()} the SQL form.
 */
public sealed interface Expr
    permits Column, Literal, Call, Cast, Alias, Aggregate, Ranking, Over, UserCall {

  /**
   * Parses the SQL form of a condition or scalar expression, e.g. {@code "status = 'active' AND
   * amount > 0"}, into the same tree the DSL builds.
   *
   * @throws io.frameshift.error.ParseException naming the input and the position at fault
   */
  static Expr parse(String sql) {
    return ExprParser.parse(sql);
  }

  /**
   * Parses as {@link #parse(String)}, where a name may also be qualified by one of {@code
   * qualifiers}: {@code target.stock} reads as the column named {@code "target.stock"} (the whole
   * name with its dot). Table merges name their two sides so ({@code target}, {@code source}).
   *
   * @throws io.frameshift.error.ParseException naming the input and the position at fault
   */
  static Expr parse(String sql, Set<String> qualifiers) {
    return ExprParser.parse(sql, qualifiers);
  }

  <R> R accept(ExprVisitor<R> visitor);

  /** The direct sub-expressions, in a fixed order that {@link #withChildren} takes back. */
  List<Expr> children();

  /** This node with its children replaced (same count and order as {@link #children()}). */
  Expr withChildren(List<Expr> children);

  /** The SQL form, also the default output name of an unnamed expression. */
  default String toSql() {
    return Printers.sql(this);
  }

  /** The column name this expression produces when projected without an alias. */
  default String outputName() {
    return this instanceof Column c ? c.name() : toSql();
  }

  /** Rewrites the tree bottom-up: {@code fn} sees each node after its children were rewritten. */
  default Expr transformUp(java.util.function.Function<Expr, Expr> fn) {
    List<Expr> kids = children();
    if (kids.isEmpty()) {
      return fn.apply(this);
    }
    List<Expr> rewritten = new ArrayList<>(kids.size());
    boolean changed = false;
    for (Expr k : kids) {
      Expr r = k.transformUp(fn);
      changed |= r != k;
      rewritten.add(r);
    }
    return fn.apply(changed ? withChildren(rewritten) : this);
  }

  /** Whether any node of the tree satisfies {@code test}. */
  default boolean anyMatch(java.util.function.Predicate<Expr> test) {
    if (test.test(this)) {
      return true;
    }
    for (Expr k : children()) {
      if (k.anyMatch(test)) {
        return true;
      }
    }
    return false;
  }

  // ---- comparisons and logic -------------------------------------------------------------

  default Expr eq(Object other) {
    return Functions.call(Function.EQ, this, Functions.expr(other));
  }

  default Expr ne(Object other) {
    return Functions.call(Function.NE, this, Functions.expr(other));
  }

  default Expr lt(Object other) {
    return Functions.call(Function.LT, this, Functions.expr(other));
  }

  default Expr le(Object other) {
    return Functions.call(Function.LE, this, Functions.expr(other));
  }

  default Expr gt(Object other) {
    return Functions.call(Function.GT, this, Functions.expr(other));
  }

  default Expr ge(Object other) {
    return Functions.call(Function.GE, this, Functions.expr(other));
  }

  default Expr and(Expr other) {
    return Functions.call(Function.AND, this, other);
  }

  default Expr or(Expr other) {
    return Functions.call(Function.OR, this, other);
  }

  default Expr not() {
    return Functions.call(Function.NOT, this);
  }

  default Expr isNull() {
    return Functions.call(Function.IS_NULL, this);
  }

  default Expr isNotNull() {
    return Functions.call(Function.IS_NOT_NULL, this);
  }

  /** SQL {@code IN}: true if equal to one of the values, null if not but a value is null. */
  default Expr isIn(Object... values) {
    List<Expr> args = new ArrayList<>();
    args.add(this);
    for (Object v : values) {
      args.add(Functions.expr(v));
    }
    return new Call(Function.IN, args);
  }

  /** {@code low <= this AND this <= high}. */
  default Expr between(Object low, Object high) {
    return ge(low).and(le(high));
  }

  // ---- arithmetic ------------------------------------------------------------------------

  default Expr plus(Object other) {
    return Functions.call(Function.PLUS, this, Functions.expr(other));
  }

  default Expr minus(Object other) {
    return Functions.call(Function.MINUS, this, Functions.expr(other));
  }

  default Expr times(Object other) {
    return Functions.call(Function.TIMES, this, Functions.expr(other));
  }

  /** FLOAT64 division; division by zero raises an error. */
  default Expr div(Object other) {
    return Functions.call(Function.DIV, this, Functions.expr(other));
  }

  /** Remainder with the sign of the dividend. */
  default Expr mod(Object other) {
    return Functions.call(Function.MOD, this, Functions.expr(other));
  }

  default Expr negate() {
    return Functions.call(Function.NEGATE, this);
  }

  default Expr abs() {
    return Functions.call(Function.ABS, this);
  }

  default Expr round(int scale) {
    return Functions.call(Function.ROUND, this, Functions.lit(scale));
  }

  default Expr floor() {
    return Functions.call(Function.FLOOR, this);
  }

  default Expr ceil() {
    return Functions.call(Function.CEIL, this);
  }

  // ---- strings ---------------------------------------------------------------------------

  default Expr lower() {
    return Functions.call(Function.LOWER, this);
  }

  default Expr upper() {
    return Functions.call(Function.UPPER, this);
  }

  default Expr length() {
    return Functions.call(Function.LENGTH, this);
  }

  default Expr trim() {
    return Functions.call(Function.TRIM, this);
  }

  /** The {@code length} characters from 1-based {@code position}. */
  default Expr substring(int position, int length) {
    return Functions.call(Function.SUBSTRING, this, Functions.lit(position), Functions.lit(length));
  }

  default Expr startsWith(Object prefix) {
    return Functions.call(Function.STARTS_WITH, this, Functions.expr(prefix));
  }

  default Expr endsWith(Object suffix) {
    return Functions.call(Function.ENDS_WITH, this, Functions.expr(suffix));
  }

  default Expr contains(Object part) {
    return Functions.call(Function.CONTAINS, this, Functions.expr(part));
  }

  default Expr like(String pattern) {
    return Functions.call(Function.LIKE, this, Functions.lit(pattern));
  }

  /** SQL {@code ||}: null if either side is null. */
  default Expr concat(Object other) {
    return Functions.call(Function.CONCAT, this, Functions.expr(other));
  }

  // ---- dates -----------------------------------------------------------------------------

  default Expr year() {
    return Functions.call(Function.YEAR, this);
  }

  default Expr month() {
    return Functions.call(Function.MONTH, this);
  }

  default Expr day() {
    return Functions.call(Function.DAY, this);
  }

  // ---- naming, types, windows, order -----------------------------------------------------

  default Expr cast(DataType type) {
    return new Cast(this, type);
  }

  default Expr as(String name) {
    return new Alias(this, name);
  }

  default Expr alias(String name) {
    return new Alias(this, name);
  }

  /** Evaluates this aggregate or ranking function over {@code window}. */
  default Expr over(WindowSpec window) {
    return new Over(this, window);
  }

  default SortKey asc() {
    return SortKey.asc(this);
  }

  default SortKey desc() {
    return SortKey.desc(this);
  }
}
