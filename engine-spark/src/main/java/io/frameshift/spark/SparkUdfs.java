package io.frameshift.spark;

import io.frameshift.expr.Expr;
import io.frameshift.expr.UserCall;
import io.frameshift.expr.UserFunction;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;

/**
 * User functions as Spark UDFs. Each call becomes a Java UDF ({@code functions.udf(UDFn, type)})
 * named after the function, so Spark's plans show it by name, marked nondeterministic when the
 * function is. Spark hands a Java UDF its arguments as external Java values, which with the
 * engine's {@code spark.sql.datetime.java8API.enabled} are exactly the classes of Frameshift's type
 * table ({@code LocalDate}, {@code Instant}, {@code LocalDateTime}, {@code BigDecimal}, boxed
 * numbers); the null test, the call, the error and the result check are {@link
 * UserFunction#invoke}'s, as on the local engine. The UDF, and the function it holds, are
 * serialized into the tasks and run on the executors; {@link SparkJars} ships the classes they need
 * where the executors lack them.
 */
final class SparkUdfs {
  private SparkUdfs() {}

  static Column call(UserCall call, Column[] args) {
    UserFunction fn = call.function();
    SparkJars.ship(SparkSession.active(), SparkUdfs.class, fn.body());
    Body body = new Body(fn, List.copyOf(call.args().stream().map(Expr::toSql).toList()));
    org.apache.spark.sql.types.DataType type = SparkTypes.toSpark(fn.returnType());
    UserDefinedFunction udf =
        switch (fn.arity()) {
          case 1 -> functions.udf((UDF1<?, ?>) body, type);
          case 2 -> functions.udf((UDF2<?, ?, ?>) body, type);
          case 3 -> functions.udf((UDF3<?, ?, ?, ?>) body, type);
          case 4 -> functions.udf((UDF4<?, ?, ?, ?, ?>) body, type);
          case 5 -> functions.udf((UDF5<?, ?, ?, ?, ?, ?>) body, type);
          default -> throw new IllegalStateException("arity " + fn.arity());
        };
    udf = udf.withName(fn.name());
    if (!fn.deterministic()) {
      udf = udf.asNondeterministic();
    }
    return udf.apply(args);
  }

  /**
   * The Spark UDF of one call: every arity's interface, one of which Spark calls. The labels (the
   * arguments' SQL) name the arguments in errors; the row index is unknown on an executor.
   */
  static final class Body
      implements UDF1<Object, Object>,
          UDF2<Object, Object, Object>,
          UDF3<Object, Object, Object, Object>,
          UDF4<Object, Object, Object, Object, Object>,
          UDF5<Object, Object, Object, Object, Object, Object> {
    private static final long serialVersionUID = 1L;

    private final UserFunction fn;
    private final List<String> labels;

    Body(UserFunction fn, List<String> labels) {
      this.fn = fn;
      this.labels = labels;
    }

    @Override
    public Object call(Object a) {
      return fn.invoke(new Object[] {a}, labels, -1);
    }

    @Override
    public Object call(Object a, Object b) {
      return fn.invoke(new Object[] {a, b}, labels, -1);
    }

    @Override
    public Object call(Object a, Object b, Object c) {
      return fn.invoke(new Object[] {a, b, c}, labels, -1);
    }

    @Override
    public Object call(Object a, Object b, Object c, Object d) {
      return fn.invoke(new Object[] {a, b, c, d}, labels, -1);
    }

    @Override
    public Object call(Object a, Object b, Object c, Object d, Object e) {
      return fn.invoke(new Object[] {a, b, c, d, e}, labels, -1);
    }
  }
}
