package io.frameshift.expr;

import java.util.List;
import java.util.Objects;

/** Names the output of an expression. */
public record Alias(Expr input, String name) implements Expr {
  public Alias {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitAlias(this);
  }

  @Override
  public List<Expr> children() {
    return List.of(input);
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    return new Alias(children.get(0), name);
  }

  @Override
  public String outputName() {
    return name;
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
