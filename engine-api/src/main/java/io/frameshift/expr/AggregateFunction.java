package io.frameshift.expr;

/** The functions of an {@link Aggregate}. All skip nulls; over no non-null value they give null. */
public enum AggregateFunction {
  /** With no argument counts rows; with one, counts non-null values. INT64, never null. */
  COUNT("count"),
  COUNT_DISTINCT("count_distinct"),
  /** INT64 for integers, FLOAT64 for floats, DECIMAL(p + 10, s) for decimals. */
  SUM("sum"),
  /** FLOAT64. */
  AVG("avg"),
  MIN("min"),
  MAX("max"),
  /** Sample standard deviation; FLOAT64; null below two values. */
  STDDEV("stddev"),
  /** Sample variance; FLOAT64; null below two values. */
  VARIANCE("variance"),
  /** Continuous median (interpolated); FLOAT64. */
  MEDIAN("median"),
  /** The first non-null value met; which one is undefined unless the input is ordered. */
  FIRST("first"),
  /** The last non-null value met. */
  LAST("last");

  private final String sql;

  AggregateFunction(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }
}
