package io.frameshift.expr;

import java.util.List;
import java.util.Objects;

/**
 * A call of a {@link UserFunction}. Built by {@link UserFunction#apply(Expr...)}, or read from SQL
 * text by name ({@code "tax(amount, country) > 3"}), in which case {@link #function()} is null
 * until analysis binds the name to the function registered on the session.
 *
 * @param name the function's name, as SQL text calls it
 * @param function the function, or null while only its name is known
 * @param args the arguments, one per parameter
 */
public record UserCall(String name, UserFunction function, List<Expr> args) implements Expr {
  public UserCall {
    Objects.requireNonNull(name, "name");
    args = List.copyOf(args);
    if (function != null && !function.name().equals(name)) {
      throw new IllegalArgumentException(
          "call of '" + name + "' with function '" + function.name() + "'");
    }
  }

  /** A call of {@code function}. */
  public UserCall(UserFunction function, List<Expr> args) {
    this(function.name(), function, args);
  }

  /** Whether the call is bound to a function (else only its name is known). */
  public boolean isBound() {
    return function != null;
  }

  @Override
  public <R> R accept(ExprVisitor<R> visitor) {
    return visitor.visitUserCall(this);
  }

  @Override
  public List<Expr> children() {
    return args;
  }

  @Override
  public Expr withChildren(List<Expr> children) {
    return new UserCall(name, function, children);
  }

  @Override
  public String toString() {
    return Printers.dsl(this);
  }
}
