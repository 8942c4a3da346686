package io.frameshift.spi;

import io.frameshift.arrow.BatchFunction;

/**
 * Makes the calls of {@code DataFrame.enrich}: found with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/io.frameshift.spi.EnrichRuntime} (module {@code frameshift-enrich-http}
 * provides one), so that the API and the engines carry no HTTP client or resilience library.
 */
public interface EnrichRuntime {
  /**
   * The batch function that enriches each batch of {@code call}'s input into a batch of its output
   * schema; serializable, so it runs in Spark's executors.
   *
   * @param ratePerJvm the calls per second this function may make in each JVM, all batches and
   *     partitions of the run in that JVM together
   */
  BatchFunction function(EnrichCall call, double ratePerJvm);

  /**
   * Classes whose jars the JVMs that run {@link #function} need: the runtime's own and its
   * libraries'. A distributed engine ships them to its executors (Spark on a cluster, with
   * Frameshift's own jars).
   */
  java.util.List<Class<?>> classes();
}
