package io.frameshift.expr;

import io.frameshift.error.ParseException;

/** Parses the SQL form of an expression into an {@link Expr} tree. */
final class ExprParser {
  private ExprParser() {}

  static Expr parse(String sql) {
    throw new ParseException("Expression parsing is not available yet: '" + sql + "'");
  }
}
