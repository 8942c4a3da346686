package io.frameshift.local;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;

/**
 * A quick measurement, not a test: {@code fs.read().csv(path)} (schema inference) and a cached read
 * of it on the local engine, in this JVM. The benchmark proper lives in benchmarks/. Run with the
 * test classpath: {@code java ... io.frameshift.local.CsvThroughput path [rounds]}.
 */
final class CsvThroughput {
  private CsvThroughput() {}

  public static void main(String[] args) {
    String path = args[0];
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    try (Frameshift fs = Frameshift.builder().engine("local").build()) {
      for (int round = 0; round < rounds; round++) {
        long t0 = System.nanoTime();
        DataFrame df = fs.read().csv(path);
        long t1 = System.nanoTime();
        DataFrame cached = df.cache();
        long rows = cached.count();
        long t2 = System.nanoTime();
        System.out.printf(
            "round %d: %,d rows, infer %.2f s, read %.2f s, total %.2f s; schema %s%n",
            round, rows, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t2 - t0) / 1e9, df.schema());
        cached.unpersist();
      }
    }
  }
}
