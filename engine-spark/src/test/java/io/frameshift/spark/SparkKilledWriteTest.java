package io.frameshift.spark;

import io.frameshift.testkit.KilledWriteSuite;
import java.util.Map;

/** A Spark write killed midway loses nothing, in every format Spark writes. */
class SparkKilledWriteTest extends KilledWriteSuite {
  @Override
  protected String engine() {
    return "spark";
  }

  @Override
  protected Map<String, String> config() {
    return Map.of(
        "spark.master", "local[2]",
        "spark.sql.shuffle.partitions", "2",
        "spark.ui.enabled", "false");
  }

  /** Nine million rows, written as they are computed: seconds for each write. */
  @Override
  protected int rowsPerSide() {
    return 3000;
  }

  /** Spark starts once, and its jobs run side by side, each staging from its start. */
  @Override
  protected boolean oneChildForAll() {
    return true;
  }
}
