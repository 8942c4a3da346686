package io.frameshift.expr;

/**
 * Dispatch over every kind of {@link Expr}. It has no default methods on purpose: a new kind of
 * node fails to compile in every engine's translator instead of failing at run time.
 */
public interface ExprVisitor<R> {
  R visitColumn(Column column);

  R visitLiteral(Literal literal);

  R visitCall(Call call);

  R visitCast(Cast cast);

  R visitAlias(Alias alias);

  R visitAggregate(Aggregate aggregate);

  R visitRanking(Ranking ranking);

  R visitOver(Over over);

  /** A call of a user function. */
  R visitUserCall(UserCall call);
}
