package io.frameshift.expr;

import java.util.List;
import java.util.Objects;

/** A scalar function applied to arguments. */
public record Call(Function function, List<Expr> args) implements Expr {
  public Call {
    Objects.requireNonNull(function, "function");
    args = List.copyOf(args);
  }

  public Expr arg(int i) {
    return args.get(i);
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitCall(this);
  }

  @Override
  public List<Expr> children() {
    return args;
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    return new Call(function, children);
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
