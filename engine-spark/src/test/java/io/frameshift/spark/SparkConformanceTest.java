package io.frameshift.spark;

import io.frameshift.Frameshift;
import io.frameshift.testkit.EngineConformanceSuite;

/** The shared conformance suite with every node pinned to Spark. */
class SparkConformanceTest extends EngineConformanceSuite {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder()
        .engine("spark")
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2");
  }
}
