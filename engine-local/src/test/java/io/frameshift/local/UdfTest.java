package io.frameshift.local;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.EvaluationException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** User functions on the local engine: what the conformance suite does not see. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UdfTest {
  private Frameshift fs;

  @BeforeAll
  void open() {
    fs = Frameshift.builder().engine("local").build();
  }

  @AfterAll
  void close() {
    fs.close();
  }

  private DataFrame numbers(int n) {
    Schema s = Schema.of(Field.of("id", DataType.INT64));
    Object[][] rows = new Object[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = new Object[] {(long) i};
    }
    return fs.createDataFrame(s, rows);
  }

  @Test
  void parameterClassesComeFromTheLambda() {
    UserFunction f = udf("f", (Long a, String b) -> b + a, DataType.STRING);
    assertThat(f.argumentClasses()).containsExactly(Long.class, String.class);
    assertThat(f.arity()).isEqualTo(2);
    assertThat(f.deterministic()).isTrue();
    assertThat(f.nondeterministic().deterministic()).isFalse();
    assertThat(f.acceptsNulls()).isFalse();
    assertThat(f.acceptingNulls().acceptsNulls()).isTrue();
    assertThat(f.toString()).isEqualTo("f(Long, String) -> string");
  }

  @Test
  void namesAreCheckedWhenTheFunctionIsMade() {
    assertThatThrownBy(() -> udf("bad name", (Long a) -> a, DataType.INT64))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Invalid function name 'bad name'");
    assertThatThrownBy(() -> udf("Lower", (String a) -> a, DataType.STRING))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("taken by a built-in function");
    assertThatThrownBy(() -> udf("d", (java.util.Date a) -> a.toString(), DataType.STRING))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("java.util.Date");
  }

  @Test
  void printsByName() {
    UserFunction f = udf("plus_one", (Long a) -> a + 1, DataType.INT64);
    Expr e = f.apply(col("id")).gt(lit(3L));
    assertThat(e.toSql()).isEqualTo("(plus_one(id) > 3L)");
    assertThat(e.toString()).contains("plus_one.apply(col(\"id\"))");
    DataFrame df = numbers(10).withColumn("p", f.apply(col("id")));
    assertThat(df.explain()).contains("plus_one(id)");
    assertThat(numbers(3).select(f.apply(col("id"))).columns()).containsExactly("plus_one(id)");
  }

  @Test
  void manyRowsAndTheRowIndexInErrors() {
    UserFunction f =
        udf(
            "odd_fails",
            (Long a) -> {
              if (a == 250_001L) {
                throw new ArithmeticException("boom");
              }
              return a * 2;
            },
            DataType.INT64);
    assertThat(numbers(1000).select(f.apply(col("id")).as("x")).collect())
        .extracting(r -> r.get(0))
        .hasSize(1000)
        .contains(1998L);
    assertThatThrownBy(() -> numbers(300_000).select(f.apply(col("id")).as("x")).collect())
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Function 'odd_fails' failed on row 250001")
        .hasMessageContaining("id = 250001")
        .hasMessageContaining("java.lang.ArithmeticException: boom");
  }

  @Test
  void primitiveFunctionsRunOverManyRowsAndNameTheRowInErrors() {
    UserFunction f =
        udf(
            "odd_fails_l",
            (long a) -> {
              if (a == 250_001L) {
                throw new ArithmeticException("boom");
              }
              return a * 2;
            });
    assertThat(f.toString()).isEqualTo("odd_fails_l(Long) -> int64");
    assertThat(numbers(1000).select(f.apply(col("id")).as("x")).collect())
        .extracting(r -> r.get(0))
        .hasSize(1000)
        .contains(1998L);
    assertThatThrownBy(() -> numbers(300_000).select(f.apply(col("id")).as("x")).collect())
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Function 'odd_fails_l' failed on row 250001")
        .hasMessageContaining("id = 250001")
        .hasMessageContaining("java.lang.ArithmeticException: boom");
    assertThatThrownBy(() -> f.withArgumentClasses(Double.class))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("classes are fixed: [Long], not [Double]");
    assertThat(f.withArgumentClasses(Long.class).nondeterministic().deterministic()).isFalse();
  }

  @Test
  void aConditionCallingAFunctionEvaluatesItOncePerRow() {
    AtomicInteger calls = new AtomicInteger();
    UserFunction counted =
        udf(
                "counted",
                (Long a) -> {
                  calls.incrementAndGet();
                  return a;
                },
                DataType.INT64)
            .nondeterministic();
    assertThat(numbers(100).filter(counted.apply(col("id")).lt(10L)).count()).isEqualTo(10);
    assertThat(calls.get()).isEqualTo(100);
  }

  @Test
  void mapBatchesReleasesEveryBuffer() {
    long before = ArrowMemory.allocatedBytes();
    Schema out = Schema.of(Field.of("id", DataType.INT64), Field.of("sq", DataType.INT64));
    List<Row> rows =
        numbers(300_000)
            .mapBatches(
                (batch, allocator) -> {
                  BigIntVector id = (BigIntVector) batch.getVector("id");
                  BigIntVector sq = new BigIntVector("sq", allocator);
                  sq.allocateNew(batch.getRowCount());
                  for (int i = 0; i < batch.getRowCount(); i++) {
                    sq.set(i, id.get(i) * id.get(i));
                  }
                  sq.setValueCount(batch.getRowCount());
                  VectorSchemaRoot r = new VectorSchemaRoot(List.of(id, sq));
                  r.setRowCount(batch.getRowCount());
                  return r;
                },
                out)
            .filter(col("id").eq(299_999L))
            .collect();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get(1)).isEqualTo(299_999L * 299_999L);
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);

    // the input itself may be the output
    assertThat(numbers(10).mapBatches((batch, allocator) -> batch, numbers(1).schema()).count())
        .isEqualTo(10);
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void mapBatchesFailuresReleaseEveryBuffer() {
    long before = ArrowMemory.allocatedBytes();
    assertThatThrownBy(
            () ->
                numbers(10)
                    .mapBatches(
                        (batch, allocator) -> {
                          throw new IllegalStateException("nope");
                        },
                        numbers(1).schema())
                    .collect())
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("batch 0")
        .hasMessageContaining("nope");
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void mapBatchesNeedsASchema() {
    assertThatThrownBy(() -> numbers(1).mapBatches((b, a) -> b, Schema.of(List.of())))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("output schema of at least one column");
  }
}
