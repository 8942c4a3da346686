package io.frameshift.expr;

import java.io.Serializable;

/**
 * A user function over primitive {@code double} or {@code long} arguments: the shapes {@link
 * Functions#udf(String, DoubleFunction2)} and its overloads take. The local engine calls them in a
 * loop over the columns' primitive arrays, without a box per argument or result; Spark calls them
 * through the same UDF as every user function. The result type follows from the shape: FLOAT64 for
 * a {@code double}, INT64 for a {@code long}, BOOLEAN for a predicate.
 *
 * <p>A primitive cannot be null, so a null argument always gives a null result without a call (such
 * a function cannot {@linkplain UserFunction#acceptingNulls() accept nulls}). An exception fails
 * the job with an {@code EvaluationException} naming the function, its arguments and the row.
 * Serializable because Spark ships it to its executors; everything it captures must be too.
 */
public sealed interface PrimitiveFunction extends Serializable
    permits PrimitiveFunction.DoubleFunction1,
        PrimitiveFunction.DoubleFunction2,
        PrimitiveFunction.LongFunction1,
        PrimitiveFunction.LongFunction2,
        PrimitiveFunction.DoublePredicate1,
        PrimitiveFunction.DoublePredicate2,
        PrimitiveFunction.LongPredicate1,
        PrimitiveFunction.LongPredicate2 {

  /** {@code double -> double}: takes FLOAT64 (and the numbers that widen to it), gives FLOAT64. */
  @FunctionalInterface
  non-sealed interface DoubleFunction1 extends PrimitiveFunction {
    /** The result for one row. */
    double apply(double a) throws Exception;
  }

  /** {@code (double, double) -> double}: takes FLOAT64 twice, gives FLOAT64. */
  @FunctionalInterface
  non-sealed interface DoubleFunction2 extends PrimitiveFunction {
    /** The result for one row. */
    double apply(double a, double b) throws Exception;
  }

  /** {@code long -> long}: takes INT64 (and INT32, widened), gives INT64. */
  @FunctionalInterface
  non-sealed interface LongFunction1 extends PrimitiveFunction {
    /** The result for one row. */
    long apply(long a) throws Exception;
  }

  /** {@code (long, long) -> long}: takes INT64 twice, gives INT64. */
  @FunctionalInterface
  non-sealed interface LongFunction2 extends PrimitiveFunction {
    /** The result for one row. */
    long apply(long a, long b) throws Exception;
  }

  /** {@code double -> boolean}: takes FLOAT64, gives BOOLEAN. */
  @FunctionalInterface
  non-sealed interface DoublePredicate1 extends PrimitiveFunction {
    /** The result for one row. */
    boolean apply(double a) throws Exception;
  }

  /** {@code (double, double) -> boolean}: takes FLOAT64 twice, gives BOOLEAN. */
  @FunctionalInterface
  non-sealed interface DoublePredicate2 extends PrimitiveFunction {
    /** The result for one row. */
    boolean apply(double a, double b) throws Exception;
  }

  /** {@code long -> boolean}: takes INT64, gives BOOLEAN. */
  @FunctionalInterface
  non-sealed interface LongPredicate1 extends PrimitiveFunction {
    /** The result for one row. */
    boolean apply(long a) throws Exception;
  }

  /** {@code (long, long) -> boolean}: takes INT64 twice, gives BOOLEAN. */
  @FunctionalInterface
  non-sealed interface LongPredicate2 extends PrimitiveFunction {
    /** The result for one row. */
    boolean apply(long a, long b) throws Exception;
  }
}
