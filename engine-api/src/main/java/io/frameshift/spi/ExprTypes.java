package io.frameshift.spi;

import io.frameshift.expr.Expr;
import io.frameshift.internal.Analyzer;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;

/**
 * The types of the analysed expressions an engine is handed: the one place engines learn an
 * expression's type, so that every engine types it exactly as analysis did.
 */
public final class ExprTypes {
  private ExprTypes() {}

  /**
   * The type of {@code analysed}, an expression the session handed the engine, over {@code input}.
   */
  public static DataType typeOf(Expr analysed, Schema input) {
    return Analyzer.typeOf(analysed, input);
  }
}
