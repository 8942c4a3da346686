package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.CommitFailedException;
import io.frameshift.error.InputException;
import io.frameshift.expr.Functions;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code Table.upsert} on each engine, on real tables of the embedded catalog: the same rows
 * whichever engine merges, the engine recorded, the other engine reading the result, only the files
 * that may hold the keys rewritten, and commits made meanwhile kept or refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpsertTest {
  private Frameshift local;
  private Frameshift spark;
  private Frameshift auto;
  private IcebergCatalog iceberg;
  private String ns;
  private int tables;

  private static final Schema ITEMS =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("name", DataType.STRING)
          .column("price", DataType.FLOAT64)
          .build();

  @BeforeAll
  void open() {
    local = Lake.session("local");
    spark = Lake.session("spark");
    auto = Lake.session("auto");
    iceberg =
        (IcebergCatalog)
            new IcebergTableProvider()
                .open("lake", Map.of("frameshift.warehouse", Lake.WAREHOUSE.toString()));
    ns = Lake.namespace("upsert");
  }

  @AfterAll
  void close() {
    local.close();
    spark.close();
    auto.close();
    iceberg.close();
  }

  private String newTable(String what) {
    return "lake." + ns + "." + what + "_" + ++tables;
  }

  private static Object[][] items(long from, long to, double price) {
    Object[][] out = new Object[(int) (to - from)][];
    for (long i = from; i < to; i++) {
      out[(int) (i - from)] = new Object[] {i, "item" + i, price + i};
    }
    return out;
  }

  /** id to (name, price). */
  private static Map<Long, List<Object>> contents(DataFrame df) {
    Map<Long, List<Object>> out = new TreeMap<>();
    for (Row r : df.collect()) {
      List<Object> prior = out.put((Long) r.get("id"), List.of(r.get("name"), r.get("price")));
      assertThat(prior).as("id %s twice", r.get("id")).isNull();
    }
    return out;
  }

  private static Map<Long, List<Object>> expected() {
    Map<Long, List<Object>> out = new TreeMap<>();
    for (long i = 0; i < 10; i++) {
      out.put(i, List.of("item" + i, 1.0 + i));
    }
    for (long i = 5; i < 15; i++) {
      out.put(i, List.of("item" + i, 100.0 + i));
    }
    return out;
  }

  /** Upserts ids 5..14 into ids 0..9 with {@code engine}'s session; returns the table's name. */
  private String upsertWith(Frameshift fs, String what) {
    String name = newTable(what);
    local.createDataFrame(ITEMS, items(0, 5, 1.0)).write().table(name);
    local.createDataFrame(ITEMS, items(5, 10, 1.0)).write().mode(WriteMode.APPEND).table(name);
    fs.table(name).upsert(fs.createDataFrame(ITEMS, items(5, 15, 100.0)), "id");
    return name;
  }

  @Test
  void localUpsertUpdatesMatchedRowsAndInsertsTheRest() {
    String name = upsertWith(local, "local");
    assertThat(contents(local.read().table(name))).isEqualTo(expected());
    assertThat(contents(spark.read().table(name))).isEqualTo(expected());
    Snapshot s = local.table(name).currentSnapshot().orElseThrow();
    assertThat(s.operation()).isEqualTo("overwrite");
    assertThat(s.summary())
        .containsEntry(Snapshot.ENGINE, "local")
        .containsEntry("frameshift.operation", "upsert")
        // the file of ids 0..4 holds none of the keys: only the other one is rewritten
        .containsEntry("deleted-data-files", "1");
  }

  @Test
  void sparkUpsertMergesIntoAndLocalReadsIt() {
    String name = upsertWith(spark, "spark");
    assertThat(contents(spark.read().table(name))).isEqualTo(expected());
    assertThat(contents(local.read().table(name))).isEqualTo(expected());
    Snapshot s = local.table(name).currentSnapshot().orElseThrow();
    assertThat(s.operation()).isEqualTo("overwrite"); // copy-on-write: files replaced
    assertThat(s.summary())
        .containsEntry(Snapshot.ENGINE, "spark")
        .containsEntry("frameshift.operation", "upsert")
        .doesNotContainKey("added-delete-files");
  }

  @Test
  void autoUpsertGivesTheSameRows() {
    String name = upsertWith(auto, "auto");
    assertThat(contents(auto.read().table(name))).isEqualTo(expected());
    assertThat(local.table(name).currentSnapshot().orElseThrow().summary())
        .containsKey(Snapshot.ENGINE)
        .containsEntry("frameshift.operation", "upsert");
  }

  @Test
  void upsertsAlternatingEnginesOnOneTable() {
    String name = newTable("both");
    local.createDataFrame(ITEMS, items(0, 10, 1.0)).write().table(name);
    spark.table(name).upsert(spark.createDataFrame(ITEMS, items(8, 12, 50.0)), "id");
    local.table(name).upsert(local.createDataFrame(ITEMS, items(11, 13, 70.0)), "id");
    Map<Long, List<Object>> want = new TreeMap<>();
    for (long i = 0; i < 8; i++) {
      want.put(i, List.of("item" + i, 1.0 + i));
    }
    want.put(8L, List.of("item8", 58.0));
    want.put(9L, List.of("item9", 59.0));
    want.put(10L, List.of("item10", 60.0));
    want.put(11L, List.of("item11", 81.0));
    want.put(12L, List.of("item12", 82.0));
    assertThat(contents(local.read().table(name))).isEqualTo(want);
    assertThat(contents(spark.read().table(name))).isEqualTo(want);
  }

  @Test
  void upsertIntoAnEmptyTableInserts() {
    String name = newTable("empty");
    local.catalog("lake").createTable(name.substring(5), ITEMS);
    local.table(name).upsert(local.createDataFrame(ITEMS, items(0, 3, 1.0)), "id");
    assertThat(contents(local.read().table(name))).hasSize(3);
  }

  @Test
  void duplicateKeysAreRefusedNamingThemOnBothEngines() {
    String name = newTable("dup");
    local.createDataFrame(ITEMS, items(0, 3, 1.0)).write().table(name);
    for (Frameshift fs : List.of(local, spark)) {
      DataFrame dup =
          fs.createDataFrame(ITEMS, new Object[] {7L, "a", 1.0}, new Object[] {7L, "b", 2.0});
      assertThatThrownBy(() -> fs.table(name).upsert(dup, "id"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("id=7");
    }
    assertThat(local.table(name).snapshots()).hasSize(1);
  }

  @Test
  void aKeyThatIsNotAColumnListsTheColumns() {
    String name = newTable("nokey");
    local.createDataFrame(ITEMS, items(0, 3, 1.0)).write().table(name);
    assertThatThrownBy(
            () -> local.table(name).upsert(local.createDataFrame(ITEMS, items(0, 1, 1.0)), "sku"))
        .isInstanceOf(ColumnNotFoundException.class)
        .hasMessageContaining("sku")
        .hasMessageContaining("id")
        .hasMessageContaining("price");
  }

  @Test
  void tenThousandKeysIntoAHundredThousandClusteredRowsRewriteOnlyTheirFiles() {
    String name = newTable("big");
    local
        .createDataFrame(ITEMS, items(0, 100_000, 1.0))
        .write()
        .option("maxRecordsPerFile", "10000")
        .table(name);
    Map<String, String> before = local.table(name).currentSnapshot().orElseThrow().summary();
    int files = Integer.parseInt(before.get("total-data-files"));
    assertThat(files).isGreaterThanOrEqualTo(10);
    DataFrame updates = local.createDataFrame(ITEMS, items(20_000, 30_000, 0.5));
    local.table(name).upsert(updates, "id");
    Map<String, String> after = local.table(name).currentSnapshot().orElseThrow().summary();
    int rewritten = Integer.parseInt(after.get("deleted-data-files"));
    // the keys' range covers a tenth of the rows: the files holding them, not the table
    assertThat(rewritten).isBetween(1, files / 5 + 1);
    assertThat(Long.parseLong(after.get("deleted-records"))).isLessThanOrEqualTo(20_000);
    DataFrame table = local.read().table(name);
    assertThat(table.count()).isEqualTo(100_000);
    assertThat(table.filter(Functions.col("price").eq(20_000.5)).count()).isEqualTo(1);
    assertThat(table.filter(Functions.col("price").eq(20_001.0)).count()).isZero();
  }

  /** A rewrite planned before another commit, committed after it. */
  private TableWrite rewriteOfIds(String name, long... ids) {
    TableHandle handle = iceberg.load(name.substring(5));
    TableScan scan = handle.scan(Map.of());
    Object[] keys = new Object[ids.length];
    for (int i = 0; i < ids.length; i++) {
      keys[i] = ids[i];
    }
    var filter = Functions.col("id").isIn(keys);
    List<String> files = new ArrayList<>();
    scan.plan(null, filter).forEach(t -> files.add(t.path()));
    assertThat(files).hasSize(1);
    return handle.newRewrite(scan, files, filter, "upsert", Map.of());
  }

  @Test
  void anAppendBetweenPlanAndCommitIsKept() {
    String name = newTable("race");
    local.createDataFrame(ITEMS, items(0, 5, 1.0)).write().table(name);
    TableWrite rewrite = rewriteOfIds(name, 1, 2);
    local.createDataFrame(ITEMS, items(100, 105, 1.0)).write().mode(WriteMode.APPEND).table(name);
    rewrite.commit(List.of(), "local"); // the rewritten file replaced by nothing: ids 0..4 gone
    assertThat(contents(local.read().table(name)).keySet())
        .containsExactly(100L, 101L, 102L, 103L, 104L);
  }

  @Test
  void aConflictingAppendBetweenPlanAndCommitFailsTheRewrite() {
    String name = newTable("conflict");
    local.createDataFrame(ITEMS, items(0, 5, 1.0)).write().table(name);
    TableWrite rewrite = rewriteOfIds(name, 1, 2);
    local.createDataFrame(ITEMS, items(2, 3, 9.0)).write().mode(WriteMode.APPEND).table(name);
    assertThatThrownBy(() -> rewrite.commit(List.of(), "local"))
        .isInstanceOf(CommitFailedException.class)
        .hasMessageContaining(name);
    assertThat(local.read().table(name).count()).isEqualTo(6); // nothing of the rewrite
  }
}
