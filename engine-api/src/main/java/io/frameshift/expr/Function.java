package io.frameshift.expr;

/**
 * The scalar functions of a {@link Call}. Engines translate them with an exhaustive {@code switch},
 * so adding a constant breaks every engine's compile until it is handled.
 */
public enum Function {
  EQ("="),
  NE("<>"),
  LT("<"),
  LE("<="),
  GT(">"),
  GE(">="),
  AND("AND"),
  OR("OR"),
  NOT("NOT"),
  IS_NULL("IS NULL"),
  IS_NOT_NULL("IS NOT NULL"),
  /** {@code args[0] IN (args[1..])}. */
  IN("IN"),
  PLUS("+"),
  MINUS("-"),
  TIMES("*"),
  /** Always FLOAT64 division. */
  DIV("/"),
  /** Remainder with the sign of the dividend. */
  MOD("%"),
  NEGATE("-"),
  ABS("abs"),
  /** {@code round(x, scale)}: half away from zero; scale is an INT32 literal. */
  ROUND("round"),
  FLOOR("floor"),
  CEIL("ceil"),
  LOWER("lower"),
  UPPER("upper"),
  /** Length in characters (Unicode code points). */
  LENGTH("length"),
  /** Removes leading and trailing spaces (U+0020 only, as SQL). */
  TRIM("trim"),
  /** {@code substring(s, pos, len)}: 1-based position in code points. */
  SUBSTRING("substring"),
  STARTS_WITH("startswith"),
  ENDS_WITH("endswith"),
  CONTAINS("contains"),
  /** SQL LIKE: {@code %} any run, {@code _} one character, {@code \} escapes. */
  LIKE("LIKE"),
  /** Null if any argument is null. */
  CONCAT("concat"),
  YEAR("year"),
  MONTH("month"),
  DAY("day"),
  COALESCE("coalesce"),
  /** {@code CASE WHEN args[0] THEN args[1] ... ELSE args[last] END}: odd argument count. */
  CASE_WHEN("CASE");

  private final String sql;

  Function(String sql) {
    this.sql = sql;
  }

  /** The SQL spelling: an operator symbol or a function name. */
  public String sql() {
    return sql;
  }

  public boolean isComparison() {
    return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
  }

  /** Whether this is written between its two operands in SQL. */
  public boolean isInfix() {
    return isComparison()
        || this == AND
        || this == OR
        || this == PLUS
        || this == MINUS
        || this == TIMES
        || this == DIV
        || this == MOD;
  }
}
