package io.frameshift.expr;

import java.util.ArrayList;
import java.util.List;

/** Builds {@code CASE WHEN}: {@code when(c1).then(v1).when(c2).then(v2).otherwise(v3)}. */
public final class CaseBuilder {
  private final List<Expr> branches;

  CaseBuilder(List<Expr> branches) {
    this.branches = List.copyOf(branches);
  }

  public When when(Expr condition) {
    return new When(this, condition);
  }

  /** Ends the CASE with an ELSE value. */
  public Expr otherwise(Object value) {
    List<Expr> args = new ArrayList<>(branches);
    args.add(Functions.expr(value));
    return new Call(Function.CASE_WHEN, args);
  }

  /** Ends the CASE with no ELSE: rows matching no branch get null. */
  public Expr end() {
    return otherwise(null);
  }

  /** A WHEN waiting for its THEN. */
  public static final class When {
    private final CaseBuilder parent;
    private final Expr condition;

    private When(CaseBuilder parent, Expr condition) {
      this.parent = parent;
      this.condition = condition;
    }

    public CaseBuilder then(Object value) {
      List<Expr> next = new ArrayList<>(parent.branches);
      next.add(condition);
      next.add(Functions.expr(value));
      return new CaseBuilder(next);
    }
  }
}
