package io.frameshift.local;

import io.frameshift.expr.Expr;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.UserFunction;
import java.util.List;

/**
 * Evaluates a user function over column vectors: a loop over the rows calling the lambda. Each
 * argument column is boxed once into the Java values the function takes ({@link Vec#objects()}),
 * and the results are unboxed once into the result's primitive array ({@link Vec#ofObjects}); the
 * null test, the call and the check of the result are {@link UserFunction#invoke}'s, the same on
 * every engine.
 */
final class UserCalls {
  private UserCalls() {}

  static Vec eval(UserCall call, List<Vec> args, int n) {
    UserFunction fn = call.function();
    List<String> labels = call.args().stream().map(Expr::toSql).toList();
    int arity = args.size();
    Object[][] columns = new Object[arity][];
    for (int a = 0; a < arity; a++) {
      columns[a] = args.get(a).objects();
    }
    Object[] out = new Object[n];
    Object[] row = new Object[arity];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < arity; a++) {
        row[a] = columns[a][i];
      }
      out[i] = fn.invoke(row, labels, i);
    }
    return Vec.ofObjects(fn.returnType(), out, fn.name() + "(..)");
  }
}
