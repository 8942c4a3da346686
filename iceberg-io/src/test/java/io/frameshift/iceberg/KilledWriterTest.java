package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Table;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.Snapshot;
import io.frameshift.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer JVM killed (SIGKILL) at a random moment while it writes: the table reads at its last
 * committed snapshot with every committed write whole, and the files the writer left that no
 * snapshot references are exactly what {@link Table#orphanFiles} lists, until {@link
 * Table#removeOrphanFiles} deletes them.
 */
class KilledWriterTest {
  @Test
  void aKilledWriterLeavesTheTableWholeAndItsOrphansListed(@TempDir Path dir) throws Exception {
    String name = "kill.t";
    Map<String, String> config = Map.of("frameshift.warehouse", dir.toString());
    try (TableCatalog catalog = new IcebergTableProvider().open("lake", config)) {
      catalog.create(name, Lake.PRODUCTS, PartitionSpec.UNPARTITIONED, Map.of());
    }

    Process child = ChildJvm.start(KilledWriterMain.class, false, List.of(dir.toString(), name));
    List<String> committed = new ArrayList<>();
    List<String> output = new ArrayList<>();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while (committed.size() < 3 && (line = out.readLine()) != null) {
        output.add(line);
        if (line.startsWith("COMMITTED ")) {
          committed.add(line.substring("COMMITTED ".length()));
        }
      }
      assertThat(committed).as(String.join("\n", output)).hasSize(3);
      // a moment within the next write or two: writing its files, or committing them
      Thread.sleep(ThreadLocalRandom.current().nextLong(0, 600));
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Instant afterKill = Instant.now().plusMillis(1);

    try (Frameshift fs =
            Frameshift.builder()
                .engine("local")
                .config("frameshift.warehouse", dir.toString())
                .build();
        TableCatalog catalog = new IcebergTableProvider().open("lake", config)) {
      TableHandle h = catalog.load(name);
      Table t = fs.table("lake." + name);

      // every write the table holds is whole, and they are the writer's first ones in order
      Map<String, Long> perWrite = ConcurrentProcessesTest.rowsPerWrite(h);
      List<Snapshot> snapshots = t.snapshots();
      assertThat(perWrite.values())
          .allMatch(n -> n == KilledWriterMain.FILES * KilledWriterMain.ROWS);
      assertThat(perWrite.keySet()).containsAll(committed);
      assertThat(new TreeSet<>(perWrite.keySet()))
          .isEqualTo(
              Stream.iterate(0, i -> i + 1)
                  .limit(perWrite.size())
                  .map(i -> "w" + i)
                  .collect(Collectors.toCollection(TreeSet::new)));
      assertThat(snapshots).hasSize(perWrite.size());
      assertThat(t.currentSnapshot().orElseThrow().summary())
          .containsEntry(Snapshot.TAG, "w" + (perWrite.size() - 1));

      // the data files on disk that no snapshot references (appends only: the current one holds
      // all)
      Set<String> referenced = new TreeSet<>();
      org.apache.iceberg.Table iceberg = ((IcebergCatalog) catalog).loadIceberg(name);
      try (CloseableIterable<FileScanTask> tasks = iceberg.newScan().planFiles()) {
        tasks.forEach(task -> referenced.add(OrphanFiles.key(task.file().location())));
      }
      Set<String> onDisk = dataFiles(Path.of(OrphanFiles.key(iceberg.location())));
      Set<String> leftBehind = new TreeSet<>(onDisk);
      leftBehind.removeAll(referenced);

      List<String> orphans = t.orphanFiles(afterKill);
      Set<String> orphanData =
          orphans.stream()
              .map(OrphanFiles::key)
              .filter(f -> f.endsWith(".parquet"))
              .collect(Collectors.toCollection(TreeSet::new));
      List<String> orphanMetadata = orphans.stream().filter(f -> !f.endsWith(".parquet")).toList();
      System.out.println(
          "killed writer: "
              + committed.size()
              + " commits seen, "
              + snapshots.size()
              + " in the table; orphans: "
              + orphanData.size()
              + " data files "
              + orphanData.stream().map(f -> Path.of(f).getFileName().toString()).toList()
              + ", "
              + orphanMetadata.size()
              + " metadata files "
              + orphanMetadata.stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList());
      assertThat(orphanData).isEqualTo(leftBehind);
      assertThat(orphanMetadata).allMatch(f -> f.contains("/metadata/"));
      assertThat(t.orphanFiles(Instant.EPOCH)).as("nothing is older than 1970").isEmpty();

      assertThat(t.removeOrphanFiles(afterKill)).isEqualTo(orphans);
      assertThat(orphans).noneMatch(f -> Files.exists(Path.of(OrphanFiles.key(f))));
      assertThat(t.orphanFiles(afterKill)).isEmpty();
      // every snapshot still plans (its manifests are there) and the current one reads whole
      for (Snapshot s : snapshots) {
        TableScan scan = h.scan(Map.of("versionAsOf", String.valueOf(s.id())));
        assertThat(scan.plan(null, null)).isNotEmpty();
      }
      assertThat(ConcurrentProcessesTest.rowsPerWrite(h)).isEqualTo(perWrite);
    }
  }

  private static Set<String> dataFiles(Path location) throws IOException {
    Path data = location.resolve("data");
    if (!Files.exists(data)) {
      return new TreeSet<>();
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .map(p -> p.toAbsolutePath().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
