package io.frameshift.expr;

import io.frameshift.types.DataType;
import java.util.List;
import java.util.Objects;

/** Converts a value to another type; an impossible conversion raises an error under ANSI rules. */
public record Cast(Expr input, DataType type) implements Expr {
  public Cast {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(type, "type");
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitCast(this);
  }

  @Override
  public List<Expr> children() {
    return List.of(input);
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    return new Cast(children.get(0), type);
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
