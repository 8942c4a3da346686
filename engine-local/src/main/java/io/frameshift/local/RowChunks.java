package io.frameshift.local;

import java.util.function.IntConsumer;

/**
 * Contiguous row ranges worked on by several cores when there are enough rows to pay for it: one
 * range below {@link Parallelism#PARALLEL_ROWS}, above it one per thread of the engine's pool as
 * long as each range keeps at least {@value #MIN_ROWS} rows.
 *
 * @param rows the rows split
 * @param count the number of ranges
 */
record RowChunks(int rows, int count) {
  private static final int MIN_ROWS = 100_000;

  static RowChunks of(int rows) {
    int cores = Parallelism.threadsHere();
    int count =
        rows < Parallelism.PARALLEL_ROWS ? 1 : Math.max(1, Math.min(cores, rows / MIN_ROWS));
    return new RowChunks(rows, count);
  }

  int from(int chunk) {
    return (int) ((long) rows * chunk / count);
  }

  int to(int chunk) {
    return from(chunk + 1);
  }

  /** Runs {@code body} once per chunk, in parallel when there is more than one. */
  void run(IntConsumer body) {
    Parallelism.forEach(count, rows, body);
  }
}
