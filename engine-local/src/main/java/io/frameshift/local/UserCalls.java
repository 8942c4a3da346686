package io.frameshift.local;

import io.frameshift.expr.Expr;
import io.frameshift.expr.PrimitiveFunction;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import java.util.List;

/**
 * Evaluates a user function over column vectors: a loop over the rows calling the lambda with the
 * row's values boxed as the function takes them ({@link Vec#get}); results of a primitive type go
 * straight into the result's primitive array, others through {@link Vec#ofObjects}. The null test,
 * the call and the check of the result are {@link UserFunction#invoke}'s, the same on every engine.
 * A {@link PrimitiveFunction} runs without boxing instead ({@link PrimitiveCalls}).
 */
final class UserCalls {
  private UserCalls() {}

  static Vec eval(UserCall call, List<Vec> args, int n) {
    UserFunction fn = call.function();
    List<String> labels = call.args().stream().map(Expr::toSql).toList();
    if (fn.body() instanceof PrimitiveFunction p) {
      return PrimitiveCalls.eval(fn, p, args, labels, n);
    }
    int arity = args.size();
    Vec[] columns = args.toArray(new Vec[0]);
    Object[] row = new Object[arity];
    DataType type = fn.returnType();
    long[] nulls = null;
    switch (type.id()) {
      case FLOAT64 -> {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          Object r = fn.invoke(fill(row, columns, i), labels, i);
          if (r == null) {
            nulls = Bits.setting(nulls, n, i);
          } else {
            out[i] = (Double) r;
          }
        }
        return Vec.ofDoubles(out, nulls);
      }
      case INT64 -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          Object r = fn.invoke(fill(row, columns, i), labels, i);
          if (r == null) {
            nulls = Bits.setting(nulls, n, i);
          } else {
            out[i] = (Long) r;
          }
        }
        return Vec.ofLongs(type, out, nulls);
      }
      case INT32 -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          Object r = fn.invoke(fill(row, columns, i), labels, i);
          if (r == null) {
            nulls = Bits.setting(nulls, n, i);
          } else {
            out[i] = (Integer) r;
          }
        }
        return Vec.ofInts(type, out, nulls);
      }
      case BOOLEAN -> {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
          Object r = fn.invoke(fill(row, columns, i), labels, i);
          if (r == null) {
            nulls = Bits.setting(nulls, n, i);
          } else {
            out[i] = (Boolean) r;
          }
        }
        return Vec.ofBooleans(out, nulls);
      }
      default -> {
        Object[] out = new Object[n];
        for (int i = 0; i < n; i++) {
          out[i] = fn.invoke(fill(row, columns, i), labels, i);
        }
        return Vec.ofObjects(type, out, fn.name() + "(..)");
      }
    }
  }

  /**
   * The arguments of row {@code i} in {@code row}, which the function does not keep. Boxed row by
   * row, not a column at a time ahead of the loop: a box dies with its row, young, where a column
   * of boxes made first would live through the whole loop and be copied by every collection
   * meanwhile (a two-argument function took 1.6x as long that way, docs/benchmarks.md).
   */
  private static Object[] fill(Object[] row, Vec[] columns, int i) {
    for (int a = 0; a < row.length; a++) {
      row[a] = columns[a].get(i);
    }
    return row;
  }
}
