package io.frameshift.expr;

import java.util.Objects;

/**
 * One key of a sort. By default ascending puts nulls first and descending puts nulls last; NaN
 * sorts above every number; strings compare by code point.
 */
public record SortKey(Expr expr, boolean ascending, NullOrder nulls) {
  public SortKey {
    Objects.requireNonNull(expr, "expr");
    Objects.requireNonNull(nulls, "nulls");
  }

  /** Where nulls go. */
  public enum NullOrder {
    FIRST,
    LAST
  }

  public static SortKey asc(Expr expr) {
    return new SortKey(expr, true, NullOrder.FIRST);
  }

  public static SortKey desc(Expr expr) {
    return new SortKey(expr, false, NullOrder.LAST);
  }

  public SortKey nullsFirst() {
    return new SortKey(expr, ascending, NullOrder.FIRST);
  }

  public SortKey nullsLast() {
    return new SortKey(expr, ascending, NullOrder.LAST);
  }

  public boolean nullsFirstOrder() {
    return nulls == NullOrder.FIRST;
  }

  public SortKey withExpr(Expr e) {
    return new SortKey(e, ascending, nulls);
  }

  @Override
  public String toString() {
    String base = (ascending ? "asc(" : "desc(") + expr + ")";
    boolean defaultNulls = ascending == (nulls == NullOrder.FIRST);
    return defaultNulls
        ? base
        : base + (nulls == NullOrder.FIRST ? ".nullsFirst()" : ".nullsLast()");
  }
}
