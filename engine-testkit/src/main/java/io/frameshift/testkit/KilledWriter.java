package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.concat;
import static io.frameshift.expr.Functions.lit;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import io.frameshift.io.Format;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child JVM of {@link KilledWriteSuite}: writes a frame large enough to take seconds to each
 * target it is given, all at once, and is killed by the parent while the data is being staged.
 *
 * <p>Arguments: {@code engine rowsPerSide computeFirst dir (key=value)* -- (FORMAT:MODE:path)+}.
 * The child writes {@link KilledWriteSuite#PREVIOUS} to every path (with {@code computeFirst} it
 * then computes and caches the large frame), makes {@code dir/ready} and waits for {@code dir/go}
 * to write the large frame to every path at once, in the path's mode. The frame is a self-join of
 * {@code rowsPerSide} rows on one key value, so it has the square of that many rows of {@link
 * KilledWriteSuite#SCHEMA}, made by the engine and not in this JVM's memory first.
 */
public final class KilledWriter {
  /** What the child prints when every write finished: the parent was too late. */
  static final String FINISHED = "all writes finished";

  /** The file the child makes when the previous output is written and it is ready to write. */
  static final String READY = "ready";

  /** The file the parent makes to start the writes. */
  static final String GO = "go";

  private static final long GO_TIMEOUT_MILLIS = 120_000;

  private KilledWriter() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    int rowsPerSide = Integer.parseInt(args[1]);
    boolean computeFirst = Boolean.parseBoolean(args[2]);
    Frameshift.Builder builder = Frameshift.builder().engine(engine);
    Path dir = Path.of(args[3]);
    int i = 4;
    for (; !args[i].equals("--"); i++) {
      int eq = args[i].indexOf('=');
      builder.config(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    List<String[]> jobs = new ArrayList<>();
    for (i++; i < args.length; i++) {
      jobs.add(args[i].split(":", 3));
    }
    try (Frameshift fs = builder.build()) {
      Object[][] previous =
          KilledWriteSuite.PREVIOUS.stream().map(List::toArray).toArray(Object[][]::new);
      for (String[] job : jobs) {
        fs.createDataFrame(KilledWriteSuite.SCHEMA, previous)
            .write()
            .save(Format.valueOf(job[0]), job[2]);
      }
      DataFrame big = big(fs, rowsPerSide);
      if (computeFirst) {
        big = big.persist();
        System.out.println("computed " + big.count() + " rows");
      }
      DataFrame frame = big;
      Files.createFile(dir.resolve(READY));
      Path go = dir.resolve(GO);
      long deadline = System.currentTimeMillis() + GO_TIMEOUT_MILLIS;
      while (!Files.exists(go)) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("no " + go + " within " + GO_TIMEOUT_MILLIS + " ms");
        }
        Thread.sleep(2);
      }
      AtomicReference<Throwable> failed = new AtomicReference<>();
      List<Thread> writers = new ArrayList<>();
      for (String[] job : jobs) {
        Format format = Format.valueOf(job[0]);
        WriteMode mode = WriteMode.valueOf(job[1]);
        Thread t =
            new Thread(
                () -> {
                  try {
                    frame.write().mode(mode).save(format, job[2]);
                  } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                  }
                },
                "write-" + job[0] + "-" + job[1]);
        t.start();
        writers.add(t);
      }
      System.out.println("writing " + jobs.size() + " targets");
      System.out.flush();
      for (Thread t : writers) {
        t.join();
      }
      if (failed.get() != null) {
        throw new IllegalStateException("a write failed", failed.get());
      }
      // reaching this means the parent did not kill the writes in time: it fails on this line
      System.out.println(FINISHED);
    }
  }

  /** {@code rowsPerSide}² rows of {@link KilledWriteSuite#SCHEMA}, made by the engine. */
  static DataFrame big(Frameshift fs, int rowsPerSide) {
    Object[][] side = new Object[rowsPerSide][];
    for (int r = 0; r < rowsPerSide; r++) {
      side[r] = new Object[] {0, (long) r};
    }
    // k is 0 on every row: each row of the left side meets every row of the right
    DataFrame left =
        fs.createDataFrame(
            Schema.builder().column("k", DataType.INT32).column("i", DataType.INT64).build(), side);
    DataFrame right = left.rename("i", "j");
    return left.join(right, "k")
        .withColumn(
            "s",
            concat(
                lit("row "),
                col("i").cast(DataType.STRING),
                lit(" x "),
                col("j").cast(DataType.STRING),
                lit(" of a frame written only to be killed midway")))
        .select(col("k"), col("i"), col("j"), col("s"));
  }
}
