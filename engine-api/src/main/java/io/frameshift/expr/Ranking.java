package io.frameshift.expr;

import java.util.List;
import java.util.Objects;

/**
 * A ranking or offset function; valid only inside {@link Over}. For {@code LAG} and {@code LEAD}
 * the arguments are {@code [value, offset (INT32 literal), default]}; the others take none.
 */
public record Ranking(RankingFunction function, List<Expr> args) implements Expr {
  public Ranking {
    Objects.requireNonNull(function, "function");
    args = List.copyOf(args);
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitRanking(this);
  }

  @Override
  public List<Expr> children() {
    return args;
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    return new Ranking(function, children);
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
