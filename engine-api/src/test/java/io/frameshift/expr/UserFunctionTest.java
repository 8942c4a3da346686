package io.frameshift.expr;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.error.EvaluationException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.internal.Analyzer;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user function does by itself: typing its arguments, converting its result. */
class UserFunctionTest {
  private static final Schema INPUT =
      Schema.of(
          Field.of("i", DataType.INT32),
          Field.of("l", DataType.INT64),
          Field.of("d", DataType.FLOAT64),
          Field.of("s", DataType.STRING),
          Field.of("m", DataType.decimal(5, 2)));

  private static Object call(UserFunction fn, Object... args) {
    return fn.invoke(args, null, -1);
  }

  @Test
  void resultsConvertExactlyOrFail() {
    assertThat(call(udf("a", (Long x) -> 1, DataType.INT64), 0L)).isEqualTo(1L);
    assertThat(call(udf("b", (Long x) -> 3L, DataType.INT32), 0L)).isEqualTo(3);
    assertThat(call(udf("c", (Long x) -> 2, DataType.FLOAT64), 0L)).isEqualTo(2.0);
    assertThat(call(udf("e", (Long x) -> 1.005, DataType.decimal(4, 2)), 0L))
        .isEqualTo(new BigDecimal("1.01"));
    assertThat(call(udf("f", (Long x) -> new StringBuilder("s"), DataType.STRING), 0L))
        .isEqualTo("s");
    assertThatThrownBy(() -> call(udf("g", (Long x) -> Long.MAX_VALUE, DataType.INT32), 7L))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Function 'g' returned 9223372036854775807 (java.lang.Long)")
        .hasMessageContaining("with arguments (7)")
        .hasMessageContaining("int32");
    assertThatThrownBy(() -> call(udf("h", (Long x) -> 12345.6, DataType.decimal(4, 2)), 0L))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("decimal(4,2)");
  }

  @Test
  void nullsSkipUnlessAccepted() {
    UserFunction f = udf("f", (String x) -> "got " + x, DataType.STRING);
    assertThat(call(f, (Object) null)).isNull();
    assertThat(call(f.acceptingNulls(), (Object) null)).isEqualTo("got null");
  }

  @Test
  void argumentsWidenToTheParameterClassAtAnalysis() {
    UserFunction f = udf("f", (Double x, BigDecimal m, Number n) -> x, DataType.FLOAT64);
    Expr resolved = Analyzer.resolveScalar(f.apply(col("i"), col("l"), col("m")), INPUT);
    assertThat(resolved)
        .isEqualTo(
            new UserCall(
                f,
                List.of(
                    col("i").cast(DataType.FLOAT64),
                    col("l").cast(DataType.decimal(19, 0)),
                    col("m"))));
    assertThat(Analyzer.typeOf(resolved, INPUT)).isEqualTo(DataType.FLOAT64);
    assertThat(Analyzer.resolveScalar(f.apply(lit(null), col("m"), col("d")), INPUT))
        .isEqualTo(
            new UserCall(f, List.of(new Literal(null, DataType.FLOAT64), col("m"), col("d"))));
    assertThatThrownBy(() -> Analyzer.resolveScalar(f.apply(col("d"), col("m"), col("s")), INPUT))
        .isInstanceOf(TypeMismatchException.class)
        .hasMessageContaining("Function 'f' expects a number (Number) for argument 3 (s)");
    assertThatThrownBy(() -> Analyzer.resolveScalar(f.apply(col("l"), col("d"), col("i")), INPUT))
        .isInstanceOf(TypeMismatchException.class)
        .hasMessageContaining("expects decimal (BigDecimal) for argument 2 (d), got float64");
  }

  @Test
  void aFunctionSurvivesSerialization() throws Exception {
    double rate = 0.5;
    UserFunction f = udf("half", (Double x) -> x * rate, DataType.FLOAT64).nondeterministic();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(f);
    }
    UserFunction back;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (UserFunction) in.readObject();
    }
    assertThat(back.name()).isEqualTo("half");
    assertThat(back.returnType()).isEqualTo(DataType.FLOAT64);
    assertThat(back.deterministic()).isFalse();
    assertThat(back.argumentClasses()).containsExactly(Double.class);
    assertThat(call(back, 3.0)).isEqualTo(1.5);
  }
}
