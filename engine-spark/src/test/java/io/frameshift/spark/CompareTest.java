package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Comparison;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code DataFrame.compare()}: the same plan on both engines, timed and compared row for row. */
class CompareTest {
  private static final Frameshift FS =
      Frameshift.builder()
          .config("spark.master", "local[2]")
          .config("spark.sql.shuffle.partitions", "2")
          .build();
  private static final Schema S =
      Schema.builder().column("k", DataType.STRING).column("v", DataType.INT64).build();

  @AfterAll
  static void close() {
    FS.close();
  }

  private static DataFrame data() {
    Object[][] rows =
        IntStream.range(0, 200)
            .mapToObj(i -> new Object[] {"k" + i % 7, (long) i})
            .toArray(Object[][]::new);
    return FS.createDataFrame(S, rows);
  }

  @Test
  void enginesAgreeOnADeterministicPlan() {
    Comparison c = data().groupBy("k").agg(sum("v").as("total")).sort(desc("total")).compare(2);
    assertThat(c.runs()).containsOnlyKeys("local", "spark");
    assertThat(c.agree()).as(c.toString()).isTrue();
    assertThat(c.ordered()).isTrue();
    assertThat(c.runs().get("spark").rows()).hasSize(7);
    assertThat(c.runs().get("local").millis()).isPositive();
    assertThat(c.toString()).contains("results agree (in order)");
  }

  @Test
  void disagreementShowsTheDifferingRows() {
    // a Bernoulli sample draws different rows on each engine: exactly what compare() must catch
    Comparison c = data().sample(0.5, 42).filter(col("v").ge(0L)).compare();
    assertThat(c.agree()).isFalse();
    assertThat(c.difference().orElseThrow()).contains("in local only").contains("in spark only");
    assertThat(c.toString()).contains("results DIFFER");
  }

  @Test
  void sameFailureOnBothEnginesCountsAsAgreement() {
    Comparison c = data().withColumn("x", col("v").div(0L)).compare();
    assertThat(c.runs().get("local").failure()).startsWith("EvaluationException");
    assertThat(c.runs().get("spark").failure()).startsWith("EvaluationException");
    assertThat(c.agree()).isTrue();
  }
}
