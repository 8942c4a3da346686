package io.frameshift.mirror;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.testkit.EngineConformanceSuite;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite in AUTO mode over the local engine and the third one, with thresholds that
 * split every plan: joins and windows (weight 4) go to the engine whose traits say distributed,
 * everything else to the in-process one, so frames cross between them in both directions.
 */
class MirrorAutoConformanceTest extends EngineConformanceSuite {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder()
        .engine("auto")
        .config("frameshift.selector.profile", "none")
        .config("frameshift.selector.learn", "false")
        .config("frameshift.selector.localMaxMb", "0")
        .config("frameshift.selector.sparkMinMb", "1000000")
        .config("frameshift.selector.heapFraction", "1");
  }

  @Test
  void plansReallyCrossBetweenTheEngines() {
    assertThat(session().availableEngines()).containsExactly("local", "mirror");
    Schema s = Schema.builder().column("k", DataType.INT32).column("v", DataType.STRING).build();
    DataFrame left = session().createDataFrame(s, new Object[] {1, "a"}, new Object[] {2, "b"});
    DataFrame right = session().createDataFrame(s, new Object[] {1, "x"});
    DataFrame joined = left.filter(col("k").gt(0)).join(right, "k").filter(col("v").ne("z"));
    String plan = joined.explain();
    assertThat(plan)
        .containsPattern("Join INNER using \\[k\\]  \\[mirror\\].*transfer local -> mirror")
        .containsPattern("Filter \\(v <> 'z'\\)  \\[local\\].*transfer mirror -> local");
    assertRows(joined, row(1, "a", "x"));
  }
}
