package io.frameshift.spark;

import io.frameshift.arrow.BatchFunction;
import io.frameshift.enrich.EnrichStats;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.util.AccumulatorV2;

/**
 * Brings an enrichment's counts from a cluster's executors to the driver, where the session counts
 * and reports them: a Spark accumulator that each executor fills with what its JVM counted (drained
 * after every batch), and that the driver absorbs into the run's {@link EnrichStats} as each task
 * ends, so events, the log summary and progress include the executors' calls. Tasks that run in the
 * driver's JVM (a {@code local[..]} master) count there directly and add nothing to it. A failed
 * task's counts are lost with it (Spark merges the accumulators of successful tasks only).
 */
final class EnrichCounts extends AccumulatorV2<EnrichStats.Counts, EnrichStats.Counts> {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private EnrichStats.Counts counts = EnrichStats.Counts.NONE;

  private EnrichCounts(String runId) {
    this.runId = runId;
  }

  /** {@code fn} with its calls' counts sent to the driver through an accumulator of {@code sc}. */
  static BatchFunction counted(SparkContext sc, String runId, BatchFunction fn) {
    EnrichCounts acc = new EnrichCounts(runId);
    sc.register(acc, "frameshift enrichment " + runId);
    return new Counted(fn, runId, acc);
  }

  /**
   * The enrichment's batch function, draining its JVM's counts into the accumulator after each
   * batch.
   */
  private record Counted(BatchFunction fn, String runId, EnrichCounts acc)
      implements BatchFunction {
    private static final long serialVersionUID = 1L;

    @Override
    public VectorSchemaRoot apply(VectorSchemaRoot batch, BufferAllocator allocator)
        throws Exception {
      try {
        return fn.apply(batch, allocator);
      } finally {
        SparkEnv env = SparkEnv.get();
        // Spark names the driver's JVM "driver" (private to Spark as
        // SparkContext.DRIVER_IDENTIFIER)
        if (env != null && !"driver".equals(env.executorId())) {
          acc.add(EnrichStats.of(runId).drain());
        }
      }
    }
  }

  @Override
  public boolean isZero() {
    return counts.isEmpty();
  }

  @Override
  public EnrichCounts copy() {
    EnrichCounts c = new EnrichCounts(runId);
    c.counts = counts;
    return c;
  }

  @Override
  public void reset() {
    counts = EnrichStats.Counts.NONE;
  }

  @Override
  public void add(EnrichStats.Counts more) {
    counts = counts.plus(more);
  }

  /**
   * On the driver, with a finished task's counts: they go to the session's counts at once (rather
   * than summed here and read after the job) so that progress moves as tasks end.
   */
  @Override
  public void merge(AccumulatorV2<EnrichStats.Counts, EnrichStats.Counts> other) {
    EnrichStats.Counts more = other.value();
    counts = counts.plus(more);
    EnrichStats.absorb(runId, more);
  }

  @Override
  public EnrichStats.Counts value() {
    return counts;
  }
}
