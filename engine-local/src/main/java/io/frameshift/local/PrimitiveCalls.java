package io.frameshift.local;

import io.frameshift.expr.PrimitiveFunction;
import io.frameshift.expr.PrimitiveFunction.DoubleFunction1;
import io.frameshift.expr.PrimitiveFunction.DoubleFunction2;
import io.frameshift.expr.PrimitiveFunction.DoublePredicate1;
import io.frameshift.expr.PrimitiveFunction.DoublePredicate2;
import io.frameshift.expr.PrimitiveFunction.LongFunction1;
import io.frameshift.expr.PrimitiveFunction.LongFunction2;
import io.frameshift.expr.PrimitiveFunction.LongPredicate1;
import io.frameshift.expr.PrimitiveFunction.LongPredicate2;
import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import java.util.List;

/**
 * Evaluates a {@link PrimitiveFunction} over column vectors: one loop per shape over the arguments'
 * primitive arrays into the result's, so no argument or result is boxed. The rules are {@link
 * UserFunction#invoke}'s: a row with a null argument is null without a call (its mask is the union
 * of the arguments'), and an exception fails with {@link UserFunction#failure} naming the row and
 * the argument values, boxed only then.
 */
final class PrimitiveCalls {
  private PrimitiveCalls() {}

  static Vec eval(
      UserFunction fn, PrimitiveFunction p, List<Vec> args, List<String> labels, int n) {
    Vec a = args.get(0);
    long[] nulls = args.size() == 1 ? a.nulls() : Bits.or(a.nulls(), args.get(1).nulls());
    int i = 0;
    try {
      if (p instanceof DoubleFunction1 f) {
        double[] x = doubles(a);
        double[] out = new double[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i]);
          }
        }
        return Vec.ofDoubles(out, nulls);
      } else if (p instanceof DoubleFunction2 f) {
        double[] x = doubles(a);
        double[] y = doubles(args.get(1));
        double[] out = new double[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i], y[i]);
          }
        }
        return Vec.ofDoubles(out, nulls);
      } else if (p instanceof LongFunction1 f) {
        long[] x = longs(a);
        long[] out = new long[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i]);
          }
        }
        return Vec.ofLongs(DataType.INT64, out, nulls);
      } else if (p instanceof LongFunction2 f) {
        long[] x = longs(a);
        long[] y = longs(args.get(1));
        long[] out = new long[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i], y[i]);
          }
        }
        return Vec.ofLongs(DataType.INT64, out, nulls);
      } else if (p instanceof DoublePredicate1 f) {
        double[] x = doubles(a);
        boolean[] out = new boolean[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i]);
          }
        }
        return Vec.ofBooleans(out, nulls);
      } else if (p instanceof DoublePredicate2 f) {
        double[] x = doubles(a);
        double[] y = doubles(args.get(1));
        boolean[] out = new boolean[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i], y[i]);
          }
        }
        return Vec.ofBooleans(out, nulls);
      } else if (p instanceof LongPredicate1 f) {
        long[] x = longs(a);
        boolean[] out = new boolean[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i]);
          }
        }
        return Vec.ofBooleans(out, nulls);
      } else {
        LongPredicate2 f = (LongPredicate2) p;
        long[] x = longs(a);
        long[] y = longs(args.get(1));
        boolean[] out = new boolean[n];
        for (; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            out[i] = f.apply(x[i], y[i]);
          }
        }
        return Vec.ofBooleans(out, nulls);
      }
    } catch (Exception | LinkageError | StackOverflowError e) {
      Object[] values = new Object[args.size()];
      for (int k = 0; k < values.length; k++) {
        values[k] = args.get(k).get(i);
      }
      throw fn.failure(values, labels, i, e);
    }
  }

  /** Analysis typed the argument FLOAT64 ({@code Double}); a constant may still be stored apart. */
  private static double[] doubles(Vec v) {
    return v.kind() == Vec.Kind.DOUBLE ? v.doubles() : Casts.cast(v, DataType.FLOAT64).doubles();
  }

  private static long[] longs(Vec v) {
    return v.kind() == Vec.Kind.LONG ? v.longs() : Casts.cast(v, DataType.INT64).longs();
  }
}
