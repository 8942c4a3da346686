/**
 * The Spark SQL engine: {@link io.frameshift.spark.SparkEngine} (found through {@link
 * io.frameshift.spark.SparkEngineProvider} as {@code "spark"}) and the escape hatch {@link
 * io.frameshift.spark.SparkFrames}. See docs/spark.md.
 */
package io.frameshift.spark;
