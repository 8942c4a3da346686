package io.frameshift.spark;

import io.frameshift.Frameshift;
import io.frameshift.testkit.DifferentialConformanceSuite;

/**
 * Every conformance test run on the local engine and on Spark, with the two results compared row
 * for row: the suite that shows a job can move between engines without changing its answer.
 */
class LocalSparkDifferentialTest extends DifferentialConformanceSuite {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder()
        .engine("auto")
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2");
  }
}
