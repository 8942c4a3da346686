package io.frameshift.expr;

/** Functions that exist only over a window: see {@link Ranking} and {@link Over}. */
public enum RankingFunction {
  /** 1, 2, 3 ... within the partition, in window order. INT32. */
  ROW_NUMBER("row_number"),
  /** Rank with gaps after ties. INT32. */
  RANK("rank"),
  /** Rank without gaps. INT32. */
  DENSE_RANK("dense_rank"),
  /** {@code lag(value, offset, default)}: the value {@code offset} rows before. */
  LAG("lag"),
  /** {@code lead(value, offset, default)}: the value {@code offset} rows after. */
  LEAD("lead");

  private final String sql;

  RankingFunction(String sql) {
    this.sql = sql;
  }

  public String sql() {
    return sql;
  }
}
