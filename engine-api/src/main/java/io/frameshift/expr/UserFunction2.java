package io.frameshift.expr;

import java.io.Serializable;

/**
 * A user function of 2 arguments: a serializable lambda that {@link Functions#udf} turns into a
 * {@link UserFunction}. Serializable because Spark ships it to its executors; everything it
 * captures must be serializable too. Each argument arrives as the Java class of its column's type
 * (docs/semantics.md: {@code Double} for FLOAT64, {@code String} for STRING, ...), never null
 * unless the function {@linkplain UserFunction#acceptingNulls() accepts nulls}.
 */
@FunctionalInterface
public interface UserFunction2<A, B, R> extends Serializable {
  /** The result for one row; an exception fails the job with an {@code EvaluationException}. */
  R apply(A a, B b) throws Exception;
}
