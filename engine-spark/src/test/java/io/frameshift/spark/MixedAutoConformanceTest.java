package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.testkit.EngineConformanceSuite;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite in AUTO mode with thresholds that split every plan: joins and windows
 * (weight 4) run on Spark, everything else locally, so frames cross between the engines in both
 * directions inside one plan and the answers must not change.
 */
class MixedAutoConformanceTest extends EngineConformanceSuite {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder()
        .engine("auto")
        .config("frameshift.selector.localMaxMb", "0")
        .config("frameshift.selector.sparkMinMb", "1000000")
        .config("frameshift.selector.heapFraction", "1")
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2");
  }

  @Test
  void plansReallyCrossBetweenEngines() {
    Schema s = Schema.builder().column("k", DataType.INT32).column("v", DataType.STRING).build();
    DataFrame left = session().createDataFrame(s, new Object[] {1, "a"}, new Object[] {2, "b"});
    DataFrame right = session().createDataFrame(s, new Object[] {1, "x"});
    DataFrame joined = left.filter(col("k").gt(0)).join(right, "k").filter(col("v").ne("z"));
    String plan = joined.explain();
    assertThat(plan)
        .containsPattern("Join INNER using \\[k\\]  \\[spark\\].*transfer local -> spark")
        .containsPattern("Filter \\(v <> 'z'\\)  \\[local\\].*transfer spark -> local");
    assertRows(joined, row(1, "a", "x"));
  }
}
