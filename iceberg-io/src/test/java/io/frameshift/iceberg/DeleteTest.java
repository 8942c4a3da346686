package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.expr.Functions;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code Table.delete} on each engine: the same rows left whichever engine deletes, the engine
 * recorded, the other engine reading the result, rows whose condition is unknown kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeleteTest {
  private Frameshift local;
  private Frameshift spark;
  private Frameshift auto;
  private String ns;
  private int tables;

  private static final Schema ITEMS =
      Schema.builder().column("id", DataType.INT64).column("price", DataType.FLOAT64).build();

  @BeforeAll
  void open() {
    local = Lake.session("local");
    spark = Lake.session("spark");
    auto = Lake.session("auto");
    ns = Lake.namespace("delete");
  }

  @AfterAll
  void close() {
    local.close();
    spark.close();
    auto.close();
  }

  /** Ids 0..4 and 5..9 in two files; id 3 has a null price. */
  private String table(String what) {
    String name = "lake." + ns + "." + what + "_" + ++tables;
    Object[][] first = new Object[5][];
    Object[][] second = new Object[5][];
    for (int i = 0; i < 5; i++) {
      first[i] = new Object[] {(long) i, i == 3 ? null : (double) i};
      second[i] = new Object[] {(long) i + 5, (double) i + 5};
    }
    local.createDataFrame(ITEMS, first).write().table(name);
    local.createDataFrame(ITEMS, second).write().mode(WriteMode.APPEND).table(name);
    return name;
  }

  private static TreeSet<Long> ids(List<Row> rows) {
    TreeSet<Long> out = new TreeSet<>();
    rows.forEach(r -> out.add((Long) r.get("id")));
    return out;
  }

  private String deleteWith(Frameshift fs, String what) {
    String name = table(what);
    // id 3's price is null: the condition is unknown there and the row stays
    fs.table(name).delete("id >= 5 OR id = 1 OR price < 1");
    assertThat(ids(local.read().table(name).collect())).containsExactly(2L, 3L, 4L);
    assertThat(ids(spark.read().table(name).collect())).containsExactly(2L, 3L, 4L);
    Map<String, String> summary = local.table(name).currentSnapshot().orElseThrow().summary();
    assertThat(summary).containsEntry("frameshift.operation", "delete");
    return name;
  }

  @Test
  void localDeleteRewritesTheFilesHoldingMatchingRows() {
    String name = deleteWith(local, "local");
    Snapshot s = local.table(name).currentSnapshot().orElseThrow();
    assertThat(s.summary())
        .containsEntry(Snapshot.ENGINE, "local")
        .containsEntry("deleted-data-files", "2")
        .containsEntry("added-data-files", "1"); // the file of 5..9 leaves no rows
  }

  @Test
  void sparkDeleteFrom() {
    String name = deleteWith(spark, "spark");
    assertThat(local.table(name).currentSnapshot().orElseThrow().summary())
        .containsEntry(Snapshot.ENGINE, "spark")
        .doesNotContainKey("added-delete-files");
  }

  @Test
  void autoDelete() {
    deleteWith(auto, "auto");
  }

  @Test
  void aDeleteMatchingNoFileCommitsNothingToRead() {
    String name = table("none");
    local.table(name).delete(Functions.col("id").gt(100));
    assertThat(local.read().table(name).count()).isEqualTo(10);
  }

  @Test
  void anUnknownColumnIsRefused() {
    String name = table("nocol");
    assertThatThrownBy(() -> local.table(name).delete("sku = 1"))
        .isInstanceOf(ColumnNotFoundException.class)
        .hasMessageContaining("sku");
    assertThat(local.table(name).snapshots()).hasSize(2);
  }
}
