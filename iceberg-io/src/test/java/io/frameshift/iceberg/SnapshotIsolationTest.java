package io.frameshift.iceberg;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.expr.Functions;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import io.frameshift.table.PartitionSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A reader that started before a commit keeps its snapshot: a frame made before another writer
 * (another catalog connection, as another program has) appends and then overwrites the table still
 * returns the rows it was made on, in every action; a new frame sees the new rows.
 */
class SnapshotIsolationTest {
  /** One session per engine for the class: Spark starts once. */
  private static final Map<String, Frameshift> SESSIONS = new HashMap<>();

  @AfterAll
  static void close() {
    SESSIONS.values().forEach(Frameshift::close);
  }

  /** A second writer: its own catalog connection, as another program would have. */
  private static TableCatalog otherWriter() {
    return new IcebergTableProvider()
        .open("lake", Map.of("frameshift.warehouse", Lake.WAREHOUSE.toString()));
  }

  private static void write(TableCatalog catalog, String table, WriteMode mode, String tag) {
    TableWrite w = catalog.load(table).newWrite(mode, Map.of("tag", tag));
    List<Object[]> rows =
        LongStream.range(0, AppendWriters.ROWS).mapToObj(i -> Lake.product(i, tag, i)).toList();
    w.commit(
        List.of(DataFiles.write(w, ((IcebergWrite) w).icebergSchema(), List.of(), rows)), "test");
  }

  /**
   * The scan a frame holds (what the local engine plans and reads when an action runs) stays on its
   * snapshot.
   */
  @Test
  void aTableScanKeepsItsSnapshot() {
    String table = Lake.namespace("iso") + ".t";
    try (TableCatalog writer = otherWriter();
        TableCatalog reader = otherWriter()) {
      writer.create(table, Lake.PRODUCTS, PartitionSpec.UNPARTITIONED, Map.of());
      write(writer, table, WriteMode.APPEND, "a");
      TableScan before = reader.load(table).scan(Map.of());
      write(writer, table, WriteMode.APPEND, "b");
      write(writer, table, WriteMode.OVERWRITE, "c");
      assertThat(categories(before)).containsOnly("a").hasSize(AppendWriters.ROWS);
      assertThat(categories(reader.load(table).scan(Map.of())))
          .containsOnly("c")
          .hasSize(AppendWriters.ROWS);
    }
  }

  private static List<String> categories(TableScan scan) {
    List<Row> rows = new ArrayList<>();
    for (TableScan.DataFileTask task : scan.plan(List.of("category"), null)) {
      rows.addAll(ArrowRows.toRows(scan.readWithDeletes(task, List.of("category"))));
    }
    return rows.stream().map(r -> (String) r.get("category")).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark", "auto"})
  void aFrameKeepsItsSnapshot(String engine) {
    String table = Lake.namespace("iso") + ".t";
    String name = "lake." + table;
    Frameshift fs = SESSIONS.computeIfAbsent(engine, Lake::session);
    try (TableCatalog writer = otherWriter()) {
      writer.create(table, Lake.PRODUCTS, PartitionSpec.UNPARTITIONED, Map.of());
      write(writer, table, WriteMode.APPEND, "a");
      DataFrame before = fs.read().table(name);
      assertThat(before.count()).isEqualTo(AppendWriters.ROWS);

      write(writer, table, WriteMode.APPEND, "b");
      write(writer, table, WriteMode.OVERWRITE, "c");

      assertThat(before.count()).isEqualTo(AppendWriters.ROWS);
      assertThat(before.collect()).extracting(r -> r.get("category")).containsOnly("a");
      assertThat(before.filter(col("category").eq(lit("c"))).count()).isZero();
      assertThat(before.groupBy("category").agg(Functions.count().as("n")).collect())
          .singleElement()
          .satisfies(r -> assertThat(r.get("category")).isEqualTo("a"));
      DataFrame after = fs.read().table(name);
      assertThat(after.collect()).extracting(r -> r.get("category")).containsOnly("c");
      assertThat(after.count()).isEqualTo(AppendWriters.ROWS);
    }
  }
}
