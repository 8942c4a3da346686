package io.frameshift;

/** How rows of two frames combine in a join. Null keys never match. */
public enum JoinType {
  INNER,
  LEFT,
  RIGHT,
  FULL,
  /** Left rows with at least one match; only the left columns. */
  SEMI,
  /** Left rows with no match; only the left columns. */
  ANTI
}
