package io.frameshift.local;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.error.ConfigurationException;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The local engine works on a pool of its own, sized by a setting and closed with the session. */
class ParallelismTest {
  private static final Schema S =
      Schema.builder().column("k", DataType.INT32).column("v", DataType.INT64).build();

  private static DataFrame big(Frameshift fs) {
    Object[][] rows =
        IntStream.range(0, 2 * Parallelism.PARALLEL_ROWS)
            .mapToObj(i -> new Object[] {i % 1000, (long) i})
            .toArray(Object[][]::new);
    return fs.createDataFrame(S, rows);
  }

  @Test
  void bigWorkSpreadsOverTheEnginesOwnThreadsNotTheCommonPool() {
    try (Frameshift fs =
        Frameshift.builder().engine("local").config(Parallelism.THREADS, "3").build()) {
      LocalEngine engine = (LocalEngine) fs.engine("local");
      assertThat(engine.parallelism().threads()).isEqualTo(3);
      long commonBefore = ForkJoinPool.commonPool().getStealCount();
      long ownBefore = engine.parallelism().steals();
      DataFrame grouped = big(fs).filter(col("v").ge(0L)).groupBy("k").agg(sum("v").as("s"));
      assertThat(grouped.count()).isEqualTo(1000);
      assertThat(engine.parallelism().steals())
          .as("work forked in the engine's pool")
          .isGreaterThan(ownBefore);
      assertThat(ForkJoinPool.commonPool().getStealCount())
          .as("nothing forked in the common pool")
          .isEqualTo(commonBefore);
    }
  }

  @Test
  void closingTheSessionShutsThePoolDown() {
    LocalEngine engine;
    try (Frameshift fs = Frameshift.builder().engine("local").build()) {
      engine = (LocalEngine) fs.engine("local");
      assertThat(engine.parallelism().threads())
          .isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(big(fs).count()).isEqualTo(2L * Parallelism.PARALLEL_ROWS);
    }
    assertThat(engine.parallelism().closed()).isTrue();
  }

  @Test
  void aBadThreadCountNamesTheSetting() {
    assertThatThrownBy(() -> Parallelism.threads(Map.of(Parallelism.THREADS, "zero")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("frameshift.local.threads='zero'");
    assertThatThrownBy(() -> Parallelism.threads(Map.of(Parallelism.THREADS, "0")))
        .isInstanceOf(ConfigurationException.class);
  }
}
