package io.frameshift.spark;

import io.frameshift.Frameshift;
import io.frameshift.testkit.DifferentialConditionProperties;

/**
 * Random conditions over random null-heavy frames, as DSL trees and as SQL text, evaluated on the
 * local engine and on Spark: both keep the same rows and give every row the same value.
 */
class LocalSparkConditionPropertyTest extends DifferentialConditionProperties {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder()
        .engine("auto")
        .config("spark.master", "local[2]")
        .config("spark.sql.shuffle.partitions", "2");
  }
}
