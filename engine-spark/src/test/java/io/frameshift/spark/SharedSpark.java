package io.frameshift.spark;

import java.util.Map;

/**
 * The one Spark engine of the test JVM (Spark allows one SparkContext per JVM): local[2], made from
 * configuration like a session would make it, and never closed (Spark's shutdown hook stops it when
 * the JVM exits).
 */
final class SharedSpark {
  static final SparkEngine ENGINE =
      new SparkEngine(Map.of("spark.master", "local[2]", "spark.sql.shuffle.partitions", "2"));

  private SharedSpark() {}
}
