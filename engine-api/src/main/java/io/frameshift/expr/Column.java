package io.frameshift.expr;

import java.util.List;
import java.util.Objects;

/** A reference to a column by its case-sensitive name. */
public record Column(String name) implements Expr {
  public Column {
    Objects.requireNonNull(name, "column name");
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitColumn(this);
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
