package io.frameshift.expr;

import io.frameshift.error.TypeMismatchException;
import io.frameshift.types.DataType;
import java.util.List;

/**
 * A constant. {@code type} is null only for an untyped {@code NULL}, which analysis replaces by a
 * null of the type its context asks for; engines never see an untyped literal.
 */
public record Literal(Object value, DataType type) implements Expr {
  public Literal {
    if (type == null && value != null) {
      throw new IllegalArgumentException("a non-null literal needs a type");
    }
    if (type != null && value != null && !type.javaClass().isInstance(value)) {
      throw new TypeMismatchException(
          "Literal "
              + value
              + " is a "
              + value.getClass().getSimpleName()
              + ", not a value of type "
              + type
              + " (expected "
              + type.javaClass().getSimpleName()
              + ")");
    }
  }

  /** Whether this literal is a (typed or untyped) null. */
  public boolean isNullValue() {
    return value == null;
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitLiteral(this);
  }

  @Override
  public List<Expr> children() {
    return List.of();
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    return this;
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
