package io.frameshift.local;

import io.frameshift.WriteMode;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A quick measurement, not a test: the local engine writing and reading back db-benchmark's groupby
 * table (id1..id3 strings, id4..id6 and v1, v2 ints, v3 double: 9 columns) as Parquet. Run with the
 * test classpath: {@code java ... io.frameshift.local.ParquetThroughput [rows] [threads] [codec]};
 * it prints wall times of each round (a shared machine makes them rough).
 */
final class ParquetThroughput {
  private ParquetThroughput() {}

  static final Schema G1 =
      Schema.of(
          Field.of("id1", DataType.STRING),
          Field.of("id2", DataType.STRING),
          Field.of("id3", DataType.STRING),
          Field.of("id4", DataType.INT32),
          Field.of("id5", DataType.INT32),
          Field.of("id6", DataType.INT32),
          Field.of("v1", DataType.INT32),
          Field.of("v2", DataType.INT32),
          Field.of("v3", DataType.FLOAT64));

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    String threads = args.length > 1 ? args[1] : "" + Runtime.getRuntime().availableProcessors();
    String codec = args.length > 2 ? args[2] : "snappy";
    LocalFrame frame = g1(n, 100, 42);
    Path dir = Files.createTempDirectory("parquet-throughput");
    Path out = dir.resolve("g1");
    try (LocalEngine engine = new LocalEngine(Map.of(Parallelism.THREADS, threads))) {
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        engine.save(
            frame,
            new Sink(
                Format.PARQUET, out.toString(), WriteMode.OVERWRITE, Map.of("compression", codec)));
        long t1 = System.nanoTime();
        Source source = new Source(Format.PARQUET, List.of(out.toString()), Map.of(), G1);
        LocalFrame back = (LocalFrame) engine.load(source);
        long t2 = System.nanoTime();
        if (back.rows() != n) {
          throw new AssertionError(back.rows());
        }
        long bytes;
        try (Stream<Path> files = Files.list(out)) {
          bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf(
            "round %d (%s threads, %s): write %.2f s, read %.2f s, %,d bytes on disk%n",
            round, threads, codec, (t1 - t0) / 1e9, (t2 - t1) / 1e9, bytes);
      }
    }
  }

  /** db-benchmark's groupby data: K groups per id column, ids as its R generator spells them. */
  static LocalFrame g1(int n, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] id1 = new String[n];
    String[] id2 = new String[n];
    String[] id3 = new String[n];
    int[] id4 = new int[n];
    int[] id5 = new int[n];
    int[] id6 = new int[n];
    int[] v1 = new int[n];
    int[] v2 = new int[n];
    double[] v3 = new double[n];
    String[] small = new String[k];
    for (int i = 0; i < k; i++) {
      small[i] = String.format("id%03d", i + 1);
    }
    int big = Math.max(1, n / k);
    for (int i = 0; i < n; i++) {
      id1[i] = small[r.nextInt(k)];
      id2[i] = small[r.nextInt(k)];
      id3[i] = String.format("id%010d", r.nextInt(big) + 1);
      id4[i] = r.nextInt(k) + 1;
      id5[i] = r.nextInt(k) + 1;
      id6[i] = r.nextInt(big) + 1;
      v1[i] = r.nextInt(5) + 1;
      v2[i] = r.nextInt(15) + 1;
      v3[i] = Math.round(r.nextDouble() * 100 * 1e6) / 1e6;
    }
    return new LocalFrame(
        G1,
        List.of(
            Vec.ofStrings(id1),
            Vec.ofStrings(id2),
            Vec.ofStrings(id3),
            Vec.ofInts(DataType.INT32, id4, null),
            Vec.ofInts(DataType.INT32, id5, null),
            Vec.ofInts(DataType.INT32, id6, null),
            Vec.ofInts(DataType.INT32, v1, null),
            Vec.ofInts(DataType.INT32, v2, null),
            Vec.ofDoubles(v3, null)),
        n);
  }
}
