package io.frameshift.local;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A quick measurement, not a test: export + import of a mixed frame (int, long, double, string,
 * timestamp, 10% nulls) through {@link ArrowExport} and {@link ArrowImport}, against copying the
 * same number of bytes with {@code System.arraycopy} and a direct {@code ByteBuffer}. The benchmark
 * proper lives in benchmarks/. Run with the test classpath: {@code java ...
 * io.frameshift.local.ArrowThroughput [rows]}.
 */
final class ArrowThroughput {
  /** CPU time of this thread: wall time is meaningless on a machine shared with builds. */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private ArrowThroughput() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    LocalFrame frame = mixed(n, 42);
    long bytes = arrowBytes(frame);
    System.out.printf("rows %,d, Arrow bytes %,d%n", n, bytes);
    for (int round = 0; round < 8; round++) {
      long c0 = CPU.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      ArrowBatches batches = ArrowExport.export(frame);
      LocalFrame back = ArrowImport.importBatches(batches);
      long t1 = System.nanoTime();
      long cpu = CPU.getCurrentThreadCpuTime() - c0;
      if (back.rows() != n) {
        throw new AssertionError(back.rows());
      }
      long export = timeExportOnly(frame);
      double copy = memoryCopySeconds(bytes);
      double rt = (t1 - t0) / 1e9;
      System.out.printf(
          "round %d: export+import %.1f ms (%.2f GB/s; %.1f ms of CPU), export only %.1f ms, memory copy %.1f ms"
              + " (%.2f GB/s), ratio %.1fx%n",
          round,
          rt * 1e3,
          bytes / rt / 1e9,
          cpu / 1e6,
          export / 1e6,
          copy * 1e3,
          bytes / copy / 1e9,
          rt / copy);
    }
  }

  static LocalFrame mixed(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] ints = new int[n];
    long[] longs = new long[n];
    double[] doubles = new double[n];
    String[] strings = new String[n];
    long[] micros = new long[n];
    long[][] nulls = new long[5][];
    for (int c = 0; c < 5; c++) {
      for (int i = 0; i < n; i++) {
        if (r.nextInt(10) == 0) {
          nulls[c] = Bits.setting(nulls[c], n, i);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      ints[i] = r.nextInt();
      longs[i] = r.nextLong();
      doubles[i] = r.nextDouble() * 1e6;
      strings[i] = Bits.get(nulls[3], i) ? null : "customer-" + r.nextInt(100_000);
      micros[i] = 1_600_000_000_000_000L + r.nextLong(100_000_000_000_000L);
    }
    Schema schema =
        Schema.of(
            Field.of("i", DataType.INT32),
            Field.of("l", DataType.INT64),
            Field.of("d", DataType.FLOAT64),
            Field.of("s", DataType.STRING),
            Field.of("ts", DataType.TIMESTAMP));
    return new LocalFrame(
        schema,
        List.of(
            Vec.ofInts(DataType.INT32, ints, nulls[0]),
            Vec.ofLongs(DataType.INT64, longs, nulls[1]),
            Vec.ofDoubles(doubles, nulls[2]),
            Vec.ofStrings(strings),
            Vec.ofLongs(DataType.TIMESTAMP, micros, nulls[4])),
        n);
  }

  /** Bytes of the Arrow buffers the frame exports to (validity, offsets, values). */
  private static long arrowBytes(LocalFrame frame) {
    long total = 0;
    try (ArrowBatches batches = ArrowExport.export(frame)) {
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        try (VectorSchemaRoot root = b) {
          for (FieldVector v : root.getFieldVectors()) {
            total += v.getBufferSize();
          }
        }
      }
    }
    return total;
  }

  private static long timeExportOnly(LocalFrame frame) {
    long t0 = System.nanoTime();
    try (ArrowBatches batches = ArrowExport.export(frame)) {
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        b.close();
      }
    }
    return System.nanoTime() - t0;
  }

  /** One heap-to-direct and one direct-to-heap copy of {@code bytes}: the round trip's floor. */
  private static double memoryCopySeconds(long bytes) {
    byte[] heap = "x".repeat((int) bytes).getBytes(StandardCharsets.US_ASCII);
    byte[] back = new byte[heap.length];
    ByteBuffer direct = ByteBuffer.allocateDirect(heap.length).order(ByteOrder.LITTLE_ENDIAN);
    long t0 = System.nanoTime();
    direct.put(0, heap);
    direct.get(0, back);
    long t1 = System.nanoTime();
    if (back[back.length - 1] != 'x') {
      throw new AssertionError();
    }
    return (t1 - t0) / 1e9;
  }
}
