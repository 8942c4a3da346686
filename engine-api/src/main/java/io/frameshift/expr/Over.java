package io.frameshift.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Ranking} or {@link Aggregate} evaluated over a window. An aggregate over a window with
 * an order runs from the start of the partition to the current row, ties included (SQL's default
 * RANGE frame); without an order it covers the whole partition.
 */
public record Over(Expr function, WindowSpec window) implements Expr {
  public Over {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(window, "window");
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitOver(this);
  }

  /** The function, then the partition expressions, then the order expressions. */
  @Override
  public List<Expr> children() {
    List<Expr> out = new ArrayList<>();
    out.add(function);
    out.addAll(window.partitionBy());
    window.orderBy().forEach(k -> out.add(k.expr()));
    return out;
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    int p = window.partitionBy().size();
    List<SortKey> keys = new ArrayList<>();
    for (int i = 0; i < window.orderBy().size(); i++) {
      keys.add(window.orderBy().get(i).withExpr(children.get(1 + p + i)));
    }
    return new Over(children.get(0), new WindowSpec(children.subList(1, 1 + p), keys));
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
