package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.table.PartitionSpec;
import io.frameshift.testkit.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes, four writer threads each, append to and upsert into one table through the user API
 * and the embedded JDBC catalog, each thread in a partition of its own: the changes never conflict
 * logically (an upsert rewrites only its own partition's files), so every one must return, and
 * afterwards the table holds each returned change exactly once: every appended id once, every
 * upserted key once with the price of its writer's last upsert, every inserted id once.
 */
class ConcurrentUpsertProcessesTest {
  static final int THREADS = 4;
  static final int ROUNDS = Integer.getInteger("frameshift.test.rounds", 4);

  @Test
  void everyAppendAndUpsertOfTwoProcessesLandsExactlyOnce(@TempDir Path dir) throws Exception {
    String table = "lake.conc.u";
    try (Frameshift fs = UpsertWriters.session(dir.toString())) {
      fs.catalog("lake").createNamespace("conc");
      fs.catalog("lake")
          .createTable(
              "conc.u", UpsertWriters.SCHEMA, PartitionSpec.identity(List.of("writer")), Map.of());
      List<String> lines = writeFromTwoProcesses(fs, dir, table);
      System.out.println(
          "JDBC (SQLite) catalog, two processes, appends and upserts: "
              + lines.stream().filter(l -> l.startsWith("OK ")).count()
              + " returned, failed "
              + lines.stream().filter(l -> l.startsWith("FAIL ")).toList());
      assertThat(lines).as("changes that threw").allMatch(l -> l.startsWith("OK "));
      assertThat(lines).hasSize(2 * THREADS * ROUNDS * 2);

      Map<Long, List<Double>> prices = new HashMap<>();
      for (Row r : fs.read().table(table).collect()) {
        prices
            .computeIfAbsent(((Number) r.get("id")).longValue(), k -> new ArrayList<>())
            .add(((Number) r.get("price")).doubleValue());
      }
      TreeSet<Long> repeated = new TreeSet<>();
      prices.forEach(
          (id, p) -> {
            if (p.size() > 1) {
              repeated.add(id);
            }
          });
      assertThat(repeated).as("ids present more than once").isEmpty();
      Map<Long, Double> expected = new HashMap<>();
      for (int w = 0; w < 2 * THREADS; w++) {
        for (int r = 0; r < ROUNDS; r++) {
          for (int i = 0; i < 3; i++) {
            expected.put(UpsertWriters.appended(w, r, i), 0.0);
          }
          expected.put(UpsertWriters.inserted(w, r), (double) r);
        }
        for (int i = 0; i < UpsertWriters.KEYS; i++) {
          expected.put(UpsertWriters.key(w, i), (double) (ROUNDS - 1));
        }
      }
      Map<Long, Double> actual = new HashMap<>();
      prices.forEach((id, p) -> actual.put(id, p.get(0)));
      assertThat(actual).isEqualTo(expected);
      assertThat(fs.table(table).snapshots()).hasSize(2 * THREADS * ROUNDS * 2);
    }
  }

  private static List<String> writeFromTwoProcesses(Frameshift fs, Path dir, String table)
      throws Exception {
    Process child =
        ChildJvm.start(
            UpsertWriters.class,
            true,
            List.of(
                dir.toString(),
                table,
                String.valueOf(THREADS),
                String.valueOf(THREADS),
                String.valueOf(ROUNDS)));
    return ChildJvm.writeBeside(
        child,
        () -> UpsertWriters.run(fs, table, 0, THREADS, ROUNDS),
        120 + 10L * THREADS * ROUNDS);
  }
}
