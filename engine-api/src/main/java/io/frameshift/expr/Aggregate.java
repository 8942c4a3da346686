package io.frameshift.expr;

import java.util.List;
import java.util.Objects;

/**
 * An aggregate function over a group ({@code groupBy(..).agg(..)}) or a window ({@link #over}).
 * {@code args} is empty only for {@code count()}.
 */
public record Aggregate(AggregateFunction function, List<Expr> args) implements Expr {
  public Aggregate {
    Objects.requireNonNull(function, "function");
    args = List.copyOf(args);
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitAggregate(this);
  }

  @Override
  public List<Expr> children() {
    return args;
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    return new Aggregate(function, children);
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
