package io.frameshift.local;

import io.frameshift.error.ConfigurationException;
import io.frameshift.error.EngineException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * When the local engine spreads work over cores, and on which threads. Every operation runs in the
 * engine's own fork-join pool, so the parallel streams and sorts of its kernels fork there and not
 * in the JVM-wide common pool the host application may rely on; the pool is sized by {@code
 * frameshift.local.threads} (default: the number of cores) and shut down when the engine closes.
 *
 * <p>Public for the readers and writers of {@code io.frameshift.local.format}, which split their
 * work by the same rule ({@link #PARALLEL_ROWS}, {@link #forEach}, {@link #threadsHere}); the local
 * engine's internals, not API.
 */
public final class Parallelism implements AutoCloseable {
  /** The setting that sizes the pool. */
  static final String THREADS = "frameshift.local.threads";

  /** Below this many rows splitting work across cores costs more than it saves. */
  public static final int PARALLEL_ROWS = 200_000;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ForkJoinPool pool;

  Parallelism(int threads) {
    int id = POOLS.incrementAndGet();
    AtomicInteger worker = new AtomicInteger();
    this.pool =
        new ForkJoinPool(
            threads,
            p -> {
              ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
              t.setName("frameshift-local-" + id + "-" + worker.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            null,
            false);
  }

  /** The pool size {@code settings} ask for, or the number of cores. */
  static int threads(Map<String, String> settings) {
    String v = settings.get(THREADS);
    if (v == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        THREADS + "='" + v + "' is not a thread count: expected a whole number of at least 1");
  }

  /**
   * Runs {@code task} for {@code 0..tasks - 1}: independent pieces of work over {@code rows} rows,
   * spread over the pool's threads when the rows are enough to pay for it.
   */
  public static void forEach(int tasks, int rows, IntConsumer task) {
    IntStream all = IntStream.range(0, tasks);
    (rows >= PARALLEL_ROWS ? all.parallel() : all).forEach(task);
  }

  /** The threads work may spread over from here: the current pool's, else the cores. */
  public static int threadsHere() {
    ForkJoinPool here = ForkJoinTask.getPool();
    return here != null ? here.getParallelism() : Runtime.getRuntime().availableProcessors();
  }

  /** Runs {@code work} on the pool and returns its result; exceptions pass through unchanged. */
  <T> T run(Supplier<T> work) {
    if (ForkJoinTask.getPool() == pool) {
      return work.get();
    }
    try {
      return pool.submit(work::get).get();
    } catch (RejectedExecutionException e) {
      throw new EngineException("The local engine is closed", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new EngineException("Local engine work failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("Interrupted while the local engine was working", e);
    }
  }

  /** The number of threads of the pool. */
  int threads() {
    return pool.getParallelism();
  }

  /** Whether {@link #close()} ran. */
  boolean closed() {
    return pool.isShutdown();
  }

  /** Work stolen between the pool's threads so far: more than 0 once work was spread. */
  long steals() {
    return pool.getStealCount();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
