package io.frameshift.iceberg;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Table;
import io.frameshift.WriteMode;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.table.PartitionField;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables written and read by the Spark engine through Iceberg's Spark catalog. */
class SparkTablesTest {
  private static Frameshift fs;

  @BeforeAll
  static void open() {
    fs = Lake.session("spark");
  }

  @AfterAll
  static void close() {
    fs.close();
  }

  private static DataFrame products(long from, long to, String category) {
    return fs.createDataFrame(
        Lake.PRODUCTS,
        LongStream.range(from, to)
            .mapToObj(i -> Lake.product(i, category, i * 1.5))
            .toArray(Object[][]::new));
  }

  @Test
  void everyWriteModeOnSpark() {
    String name = "lake." + Lake.namespace("spark") + ".products";
    products(0, 5, "a").write().table(name);
    Table t = fs.table(name);
    assertThat(t.schema()).isEqualTo(Lake.PRODUCTS);
    assertThat(Lake.ids(fs.read().table(name).collect())).containsExactly(0L, 1L, 2L, 3L, 4L);

    assertThatThrownBy(() -> products(5, 6, "a").write().table(name))
        .isInstanceOf(OutputExistsException.class)
        .hasMessageContaining(name);
    products(5, 6, "a").write().mode(WriteMode.IGNORE).table(name);
    assertThat(fs.read().table(name).count()).isEqualTo(5);

    products(5, 8, "b").write().mode(WriteMode.APPEND).option("tag", "more").table(name);
    assertThat(fs.read().table(name).count()).isEqualTo(8);
    DataFrame before = fs.read().table(name);

    products(100, 102, "c").write().mode(WriteMode.OVERWRITE).table(name);
    assertThat(Lake.ids(fs.read().table(name).collect())).containsExactly(100L, 101L);
    assertThat(before.count()).isEqualTo(8);

    List<Snapshot> snaps = t.snapshots();
    assertThat(snaps).hasSize(3);
    assertThat(snaps).allMatch(s -> s.engine().equals("spark"));
    assertThat(snaps.get(1).summary()).containsEntry(Snapshot.TAG, "more");
    assertThat(snaps.get(2).operation()).isEqualTo("overwrite");

    // a frame with fewer columns, in another order, of narrower types, is aligned to the table's
    fs.createDataFrame(
            Schema.builder()
                .column("category", DataType.STRING)
                .column("id", DataType.INT32)
                .build(),
            new Object[] {"d", 7})
        .write()
        .mode(WriteMode.APPEND)
        .table(name);
    assertThat(fs.read().table(name).filter(col("category").eq(lit("d"))).collect())
        .singleElement()
        .satisfies(r -> assertThat(r.get("id")).isEqualTo(7L))
        .satisfies(r -> assertThat(r.get("price")).isNull());
    assertThatThrownBy(
            () ->
                fs.createDataFrame(
                        Schema.builder().column("colour", DataType.STRING).build(),
                        new Object[] {"red"})
                    .write()
                    .mode(WriteMode.APPEND)
                    .table(name))
        .isInstanceOf(ColumnNotFoundException.class)
        .hasMessageContaining("colour");
  }

  @Test
  void timeTravelAndProjectionOnSpark() throws Exception {
    String name = "lake." + Lake.namespace("travel") + ".t";
    products(0, 3, "a").write().partitionBy("category").table(name);
    Table t = fs.table(name);
    assertThat(t.spec()).isEqualTo(PartitionSpec.of(PartitionField.identity("category")));
    Snapshot first = t.currentSnapshot().orElseThrow();
    Thread.sleep(5);
    products(3, 6, "b").write().mode(WriteMode.APPEND).table(name);

    DataFrame then = fs.read().option("versionAsOf", String.valueOf(first.id())).table(name);
    assertThat(Lake.ids(then.collect())).containsExactly(0L, 1L, 2L);
    DataFrame asOf = fs.read().option("timestampAsOf", first.committedAt().toString()).table(name);
    assertThat(asOf.count()).isEqualTo(3);
    assertThat(fs.read().table(name).count()).isEqualTo(6);

    DataFrame b = fs.read().table(name).filter(col("category").eq(lit("b"))).select("id", "price");
    assertThat(b.schema().names()).containsExactly("id", "price");
    assertThat(Lake.ids(b.collect())).containsExactly(3L, 4L, 5L);
    assertThat(fs.read().table(name).explain())
        .contains("snapshot " + t.currentSnapshot().orElseThrow().id());
  }

  @Test
  void deleteFilesWrittenBySparkAreApplied() {
    String ns = Lake.namespace("deletes");
    String name = "lake." + ns + ".t";
    products(0, 10, "a").write().table(name);
    org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.active();
    spark.sql("ALTER TABLE " + name + " SET TBLPROPERTIES ('write.delete.mode'='merge-on-read')");
    spark.sql("DELETE FROM " + name + " WHERE id < 3");
    // Spark SQL on the session sees the same table, and Frameshift on Spark sees the deletes
    assertThat(
            ((org.apache.spark.sql.Row) spark.sql("SELECT count(*) FROM " + name).first())
                .getLong(0))
        .isEqualTo(7);
    assertThat(fs.read().table(name).count()).isEqualTo(7);
    assertThat(fs.table(name).currentSnapshot().orElseThrow().engine()).isEqualTo("unknown");

    try (io.frameshift.spi.TableCatalog lake =
        new IcebergTableProvider().open("lake", fs.config())) {
      io.frameshift.spi.TableScan scan = lake.load(ns + ".t").scan(Map.of());
      List<io.frameshift.spi.TableScan.DataFileTask> tasks = scan.plan(null, null);
      assertThat(tasks).anyMatch(io.frameshift.spi.TableScan.DataFileTask::hasDeletes);
      List<io.frameshift.Row> rows = new java.util.ArrayList<>();
      for (io.frameshift.spi.TableScan.DataFileTask task : tasks) {
        rows.addAll(
            io.frameshift.arrow.ArrowRows.toRows(scan.readWithDeletes(task, List.of("id"))));
      }
      assertThat(Lake.ids(rows)).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }
  }

  @Test
  void anEmptyTableReadsNoRows() {
    String name = Lake.namespace("empty") + ".t";
    fs.catalog("lake").createTable(name, Lake.PRODUCTS);
    DataFrame df = fs.read().table("lake." + name);
    assertThat(df.schema()).isEqualTo(Lake.PRODUCTS);
    assertThat(df.collect()).isEmpty();
    products(0, 2, "a").write().mode(WriteMode.APPEND).table("lake." + name);
    assertThat(df.count()).isZero();
    assertThat(fs.read().table("lake." + name).count()).isEqualTo(2);
  }

  @Test
  void aHadoopCatalogOnSpark(@TempDir Path dir) {
    try (Frameshift hadoop =
        Frameshift.builder()
            .engine("spark")
            .config("frameshift.catalog.hdp.type", "hadoop")
            .config("frameshift.catalog.hdp.warehouse", dir.toString())
            .build()) {
      DataFrame df =
          hadoop.createDataFrame(
              Lake.PRODUCTS, Lake.product(1, "a", 1.0), Lake.product(2, "b", 2.0));
      df.write().table("hdp.shop.products");
      df.write().mode(WriteMode.APPEND).table("hdp.shop.products");
      assertThat(hadoop.read().table("hdp.shop.products").count()).isEqualTo(4);
      assertThat(hadoop.table("hdp.shop.products").snapshots()).hasSize(2);
    }
  }
}
