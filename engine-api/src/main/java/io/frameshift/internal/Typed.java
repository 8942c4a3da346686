package io.frameshift.internal;

import io.frameshift.expr.Expr;
import io.frameshift.expr.Literal;
import io.frameshift.types.DataType;

/**
 * An expression with the type analysis gave it. A null type marks an untyped {@code NULL}: it has
 * no type of its own until its context gives it one, and where no context does it is a string.
 */
record Typed(Expr expr, DataType type) {

  /** The expression, an untyped {@code NULL} typed as a string. */
  Expr settled() {
    return type == null ? new Literal(null, DataType.STRING) : expr;
  }

  /** The type, an untyped {@code NULL}'s being string. */
  DataType settledType() {
    return type == null ? DataType.STRING : type;
  }
}
