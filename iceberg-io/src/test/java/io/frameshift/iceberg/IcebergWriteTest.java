package io.frameshift.iceberg;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.error.CommitFailedException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import io.frameshift.table.PartitionField;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The write protocol an engine that writes data files follows (TableWrite), with Iceberg's generic
 * Parquet writer standing in for the engine; snapshots, history, rollback and expiry; scan planning
 * and time travel through the TableScan.
 */
class IcebergWriteTest {
  private static Frameshift fs;
  private static io.frameshift.spi.TableCatalog lake;

  @BeforeAll
  static void open() {
    fs = Lake.session("local");
    lake = new IcebergTableProvider().open("lake", fs.config());
  }

  @AfterAll
  static void close() {
    lake.close();
    fs.close();
  }

  private static TableHandle handle(String name) {
    return lake.load(name.substring("lake.".length()));
  }

  private static List<Object[]> products(long from, long to, String category) {
    return LongStream.range(from, to).mapToObj(i -> Lake.product(i, category, i * 1.5)).toList();
  }

  /** Appends one file per category with ids [from, to) each, committed as engine "test". */
  private static void append(
      TableHandle t,
      WriteMode mode,
      Map<String, String> options,
      List<String> categories,
      long from,
      long to) {
    TableWrite w = t.newWrite(mode, options);
    IcebergWrite iw = (IcebergWrite) w;
    List<TableWrite.WrittenFile> files = new ArrayList<>();
    for (String c : categories) {
      List<Object> partition = new ArrayList<>();
      for (TableWrite.PartitionColumn p : w.partitioning()) {
        Object source = Lake.product(from, c, 0)[w.schema().indexOf(p.sourceColumn())];
        partition.add(p.transform().apply(source));
      }
      files.add(DataFiles.write(w, iw.icebergSchema(), partition, products(from, to, c)));
    }
    w.commit(files, "test");
  }

  private static List<Row> read(TableScan scan, List<String> columns, io.frameshift.expr.Expr f) {
    List<Row> rows = new ArrayList<>();
    for (TableScan.DataFileTask task : scan.plan(columns, f)) {
      rows.addAll(ArrowRows.toRows(scan.readWithDeletes(task, columns)));
    }
    return rows;
  }

  @Test
  void writesCommitSnapshotsThatRecordTheEngineAndTag() {
    String name = "lake." + Lake.namespace("w") + ".products";
    fs.catalog("lake").createTable(name.substring(5), Lake.PRODUCTS);
    TableHandle t = handle(name);
    TableWrite w = t.newWrite(WriteMode.APPEND, Map.of("tag", "batch-1"));
    assertThat(w.table()).isEqualTo(name);
    assertThat(w.schema()).isEqualTo(Lake.PRODUCTS);
    assertThat(w.fieldIds()).containsOnlyKeys(Lake.PRODUCTS.names());
    assertThat(w.partitioning()).isEmpty();
    assertThat(w.fileOptions()).containsEntry("compression", "zstd").containsKey("rowGroupSize");
    assertThat(t.newWrite(WriteMode.APPEND, Map.of("compression", "snappy")).fileOptions())
        .containsEntry("compression", "snappy");
    String path = w.newDataFile(List.of());
    assertThat(path).startsWith(t.location()).endsWith(".parquet");
    assertThat(w.newDataFile(List.of())).isNotEqualTo(path);

    append(t, WriteMode.APPEND, Map.of("tag", "batch-1"), List.of("a"), 0, 10);
    append(t, WriteMode.APPEND, Map.of(), List.of("b"), 10, 15);
    List<Snapshot> snaps = t.snapshots();
    assertThat(snaps).hasSize(2);
    assertThat(snaps.get(0).engine()).isEqualTo("test");
    assertThat(snaps.get(0).summary()).containsEntry(Snapshot.TAG, "batch-1");
    assertThat(snaps.get(1).summary()).doesNotContainKey(Snapshot.TAG);
    assertThat(snaps.get(1).parentId()).isEqualTo(snaps.get(0).id());
    assertThat(snaps.get(0).operation()).isEqualTo("append");
    assertThat(t.currentSnapshot()).contains(snaps.get(1));

    TableScan scan = t.scan(Map.of());
    assertThat(scan.snapshotId()).hasValue(snaps.get(1).id());
    assertThat(scan.stats().rows()).isEqualTo(15);
    assertThat(scan.stats().exact()).isTrue();
    assertThat(scan.stats().bytes()).isGreaterThanOrEqualTo(15 * 8);
    assertThat(Lake.ids(read(scan, null, null))).hasSize(15);

    append(t, WriteMode.OVERWRITE, Map.of(), List.of("c"), 100, 103);
    assertThat(t.currentSnapshot().orElseThrow().operation()).isEqualTo("overwrite");
    assertThat(Lake.ids(read(t.scan(Map.of()), null, null))).containsExactly(100L, 101L, 102L);
    // the frame made before the overwrite keeps its snapshot
    assertThat(Lake.ids(read(scan, null, null))).hasSize(15);
  }

  @Test
  void scansPruneFilesByPartitionAndByColumnStatistics() {
    String ns = Lake.namespace("prune");
    fs.catalog("lake")
        .createTable(
            ns + ".by_category",
            Lake.PRODUCTS,
            PartitionSpec.of(PartitionField.identity("category")),
            Map.of());
    TableHandle parts = handle("lake." + ns + ".by_category");
    append(parts, WriteMode.APPEND, Map.of(), List.of("a", "b", "c"), 0, 10);
    TableScan scan = parts.scan(Map.of());
    assertThat(scan.plan(null, null)).hasSize(3);
    assertThat(scan.plan(null, col("category").eq(lit("b")))).hasSize(1);
    assertThat(scan.describe()).contains("1 of 3 files");
    List<Row> b = read(scan, List.of("id", "category"), col("category").eq(lit("b")));
    assertThat(b).hasSize(10).allMatch(r -> r.get("category").equals("b"));
    assertThat(scan.plan(null, col("category").isIn("a", "c"))).hasSize(2);
    assertThat(scan.plan(null, col("category").eq(lit("z")))).isEmpty();
    // a condition that cannot be translated prunes nothing, and never wrongly
    assertThat(scan.plan(null, col("category").lower().eq(lit("b")))).hasSize(3);
    assertThat(scan.plan(null, col("category").eq(lit("b")).and(col("price").gt(lit(1.0)))))
        .hasSize(1);
    assertThat(scan.plan(null, col("category").eq(lit("b")).or(col("price").gt(lit(1.0)))))
        .hasSize(3);
    assertThat(scan.plan(null, col("category").ne(lit("b")).not())).hasSize(1);

    fs.catalog("lake").createTable(ns + ".flat", Lake.PRODUCTS);
    TableHandle flat = handle("lake." + ns + ".flat");
    append(flat, WriteMode.APPEND, Map.of(), List.of("x"), 0, 10);
    append(flat, WriteMode.APPEND, Map.of(), List.of("x"), 10, 20);
    append(flat, WriteMode.APPEND, Map.of(), List.of("x"), 20, 30);
    TableScan s = flat.scan(Map.of());
    assertThat(s.plan(null, col("id").ge(lit(25L)))).hasSize(1);
    assertThat(s.describe()).contains("1 of 3 files");
    assertThat(s.plan(null, lit(25L).gt(col("id")))).hasSize(3);
    assertThat(s.plan(null, lit(5L).gt(col("id")))).hasSize(1);
    assertThat(s.plan(null, col("id").between(lit(12L), lit(14L)))).hasSize(1);
    assertThat(s.plan(null, col("day").eq(lit(LocalDate.of(2030, 1, 1))))).isEmpty();
    assertThat(s.plan(null, col("ts").lt(lit(Instant.parse("2026-01-01T05:00:00Z"))))).hasSize(1);
    assertThat(s.plan(null, col("id").isNull())).isEmpty();
    assertThat(read(s, null, col("id").ge(lit(25L)))).hasSize(10);
  }

  @Test
  void partitionTransformsComputeIcebergsValues() {
    String ns = Lake.namespace("transforms");
    fs.catalog("lake")
        .createTable(
            ns + ".t",
            Lake.PRODUCTS,
            PartitionSpec.of(
                PartitionField.day("ts"),
                PartitionField.bucket("id", 8),
                PartitionField.truncate("category", 2),
                PartitionField.month("day")),
            Map.of());
    TableHandle t = handle("lake." + ns + ".t");
    TableWrite w = t.newWrite(WriteMode.APPEND, Map.of());
    List<TableWrite.PartitionColumn> p = w.partitioning();
    assertThat(p)
        .extracting(TableWrite.PartitionColumn::sourceColumn)
        .containsExactly("ts", "id", "category", "day");
    assertThat(p)
        .extracting(TableWrite.PartitionColumn::type)
        .containsExactly(DataType.DATE, DataType.INT32, DataType.STRING, DataType.INT32);
    assertThat(p.get(0).transform().apply(Instant.parse("2026-03-04T23:59:59Z")))
        .isEqualTo(LocalDate.of(2026, 3, 4));
    assertThat((Integer) p.get(1).transform().apply(42L)).isBetween(0, 7);
    assertThat(p.get(2).transform().apply("electronics")).isEqualTo("el");
    assertThat(p.get(3).transform().apply(LocalDate.of(1971, 2, 1))).isEqualTo(13);
    assertThat(p).noneMatch(TableWrite.PartitionColumn::identity);

    append(t, WriteMode.APPEND, Map.of(), List.of("electronics", "books"), 0, 5);
    String file = t.scan(Map.of()).plan(null, null).get(0).path();
    assertThat(file).contains("ts_day=2026-01-01").contains("category_trunc=");
    assertThat(t.scan(Map.of()).plan(null, col("category").eq(lit("books")))).hasSize(1);
  }

  @Test
  void timeTravelReadsTheOldRowsWithTheOldSchema() throws Exception {
    String name = "lake." + Lake.namespace("travel") + ".t";
    fs.catalog("lake").createTable(name.substring(5), Lake.PRODUCTS);
    TableHandle t = handle(name);
    append(t, WriteMode.APPEND, Map.of(), List.of("a"), 0, 3);
    long first = t.currentSnapshot().orElseThrow().id();
    Instant between =
        Instant.ofEpochMilli(t.currentSnapshot().orElseThrow().committedAt().toEpochMilli());
    Thread.sleep(5);
    ((IcebergTable) t)
        .fresh()
        .updateSchema()
        .addColumn("stock", org.apache.iceberg.types.Types.IntegerType.get())
        .commit();
    assertThat(t.schema().names()).contains("stock");
    TableWrite w = t.newWrite(WriteMode.APPEND, Map.of());
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : products(3, 5, "b")) {
      Object[] wider = java.util.Arrays.copyOf(r, r.length + 1);
      wider[r.length] = 7;
      rows.add(wider);
    }
    w.commit(
        List.of(DataFiles.write(w, ((IcebergWrite) w).icebergSchema(), List.of(), rows)), "test");
    long second = t.currentSnapshot().orElseThrow().id();

    TableScan now = t.scan(Map.of());
    assertThat(now.schema().names()).contains("stock");
    assertThat(read(now, null, null)).hasSize(5);

    TableScan byId = t.scan(Map.of("versionAsOf", String.valueOf(first)));
    assertThat(byId.snapshotId()).hasValue(first);
    assertThat(byId.schema()).isEqualTo(Lake.PRODUCTS);
    assertThat(Lake.ids(read(byId, null, null))).containsExactly(0L, 1L, 2L);

    for (String at :
        List.of(
            between.toString(),
            String.valueOf(between.toEpochMilli()),
            java.time.LocalDateTime.ofInstant(between, java.time.ZoneOffset.UTC).toString())) {
      TableScan byTime = t.scan(Map.of("timestampAsOf", at));
      assertThat(byTime.snapshotId()).as(at).hasValue(first);
      assertThat(byTime.schema()).isEqualTo(Lake.PRODUCTS);
    }
    assertThat(t.scan(Map.of("timestampAsOf", Instant.now().toString())).snapshotId())
        .hasValue(second);

    ((IcebergTable) t).fresh().manageSnapshots().createTag("v1", first).commit();
    assertThat(t.scan(Map.of("tag", "v1")).snapshotId()).hasValue(first);
    assertThat(t.scan(Map.of("branch", "main")).snapshotId()).hasValue(second);

    assertThatThrownBy(() -> t.scan(Map.of("versionAsOf", "12345")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("12345")
        .hasMessageContaining(String.valueOf(first))
        .hasMessageContaining(String.valueOf(second));
    assertThatThrownBy(() -> t.scan(Map.of("timestampAsOf", "2000-01-01T00:00:00Z")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining(String.valueOf(first));
    assertThatThrownBy(() -> t.scan(Map.of("timestampAsOf", "yesterday")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> t.scan(Map.of("tag", "v2")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("v1");
    assertThatThrownBy(() -> t.scan(Map.of("snapshot-id", "1")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("snapshot-id")
        .hasMessageContaining("versionAsOf")
        .hasMessageContaining("timestampAsOf");
    assertThatThrownBy(() -> t.scan(Map.of("tag", "v1", "versionAsOf", "1")))
        .isInstanceOf(InvalidOptionException.class);
    assertThatThrownBy(() -> fs.read().option("versionAsOf", "42").table(name))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining(String.valueOf(first));
  }

  @Test
  void historyRollbackAndExpiry() {
    String name = "lake." + Lake.namespace("history") + ".t";
    fs.catalog("lake").createTable(name.substring(5), Lake.PRODUCTS);
    TableHandle t = handle(name);
    for (int i = 0; i < 3; i++) {
      append(t, WriteMode.APPEND, Map.of(), List.of("a"), i * 10, i * 10 + 2);
    }
    List<Snapshot> snaps = t.snapshots();
    assertThat(snaps).hasSize(3);
    t.rollbackTo(snaps.get(0).id());
    assertThat(t.currentSnapshot().orElseThrow().id()).isEqualTo(snaps.get(0).id());
    assertThat(read(t.scan(Map.of()), null, null)).hasSize(2);
    assertThat(t.history())
        .extracting(Snapshot::id)
        .containsExactly(
            snaps.get(0).id(), snaps.get(1).id(), snaps.get(2).id(), snaps.get(0).id());
    assertThatThrownBy(() -> t.rollbackTo(7))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("7")
        .hasMessageContaining(String.valueOf(snaps.get(2).id()));

    t.rollbackTo(snaps.get(2).id());
    assertThat(t.expireSnapshots(Instant.now().plusSeconds(1), 1)).isEqualTo(2);
    assertThat(t.snapshots()).extracting(Snapshot::id).containsExactly(snaps.get(2).id());
    assertThat(read(t.scan(Map.of()), null, null)).hasSize(6);
  }

  @Test
  void aFailedCommitLeavesNothingBehind() throws Exception {
    String name = "lake." + Lake.namespace("fail") + ".t";
    fs.catalog("lake").createTable(name.substring(5), Lake.PRODUCTS);
    TableHandle t = handle(name);
    TableWrite w = t.newWrite(WriteMode.APPEND, Map.of());
    TableWrite.WrittenFile good =
        DataFiles.write(w, ((IcebergWrite) w).icebergSchema(), List.of(), products(0, 3, "a"));
    TableWrite.WrittenFile missing =
        new TableWrite.WrittenFile(w.newDataFile(List.of()), 3, 100, List.of());
    assertThatThrownBy(() -> w.commit(List.of(good, missing), "test"))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining(name);
    assertThat(Files.exists(Path.of(good.path()))).isFalse();
    assertThat(t.snapshots()).isEmpty();

    TableWrite aborted = t.newWrite(WriteMode.APPEND, Map.of());
    TableWrite.WrittenFile f =
        DataFiles.write(
            aborted, ((IcebergWrite) aborted).icebergSchema(), List.of(), products(0, 3, "a"));
    aborted.abort(List.of(f));
    assertThat(Files.exists(Path.of(f.path()))).isFalse();

    assertThatThrownBy(() -> t.newWrite(WriteMode.APPEND, Map.of("colour", "red")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("colour")
        .hasMessageContaining("tag");
    assertThatThrownBy(() -> t.newWrite(WriteMode.IGNORE, Map.of()))
        .isInstanceOf(InvalidOptionException.class);
  }

  @Test
  void commitsAreRetriedUntilTheyWin() {
    int[] calls = {0};
    String out =
        Commits.run(
            "lake.x.t",
            "append",
            3,
            () -> {
              if (++calls[0] < 3) {
                throw new org.apache.iceberg.exceptions.CommitFailedException("lost the race");
              }
              return "done";
            });
    assertThat(out).isEqualTo("done");
    assertThat(calls[0]).isEqualTo(3);
    assertThatThrownBy(
            () ->
                Commits.run(
                    "lake.x.t",
                    "append",
                    2,
                    () -> {
                      throw new org.apache.iceberg.jdbc.UncheckedSQLException(
                          new java.sql.SQLException("[SQLITE_BUSY] The database file is locked"),
                          "Unknown failure");
                    }))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining("lake.x.t")
        .hasMessageContaining("3 attempts");
  }
}
