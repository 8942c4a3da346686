package io.frameshift.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.InputException;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code Table.overwrite(rows, condition)} on each engine, with the same rows left. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverwriteTest {
  private Frameshift local;
  private Frameshift spark;
  private Frameshift auto;
  private String ns;
  private int tables;

  private static final Schema ITEMS =
      Schema.builder().column("id", DataType.INT64).column("cat", DataType.STRING).build();

  @BeforeAll
  void open() {
    local = Lake.session("local");
    spark = Lake.session("spark");
    auto = Lake.session("auto");
    ns = Lake.namespace("overwrite");
  }

  @AfterAll
  void close() {
    local.close();
    spark.close();
    auto.close();
  }

  /** Ids 0..4 in category a, 5..9 in b; partitioned by category when asked. */
  private String table(String what, boolean partitioned) {
    String name = "lake." + ns + "." + what + "_" + ++tables;
    Object[][] rows = new Object[10][];
    for (int i = 0; i < 10; i++) {
      rows[i] = new Object[] {(long) i, i < 5 ? "a" : "b"};
    }
    var w = local.createDataFrame(ITEMS, rows).write();
    (partitioned ? w.partitionBy("cat") : w).table(name);
    return name;
  }

  private static Map<Long, String> contents(List<Row> rows) {
    Map<Long, String> out = new TreeMap<>();
    rows.forEach(r -> assertThat(out.put((Long) r.get("id"), (String) r.get("cat"))).isNull());
    return out;
  }

  private static Map<Long, String> expected() {
    Map<Long, String> out = new TreeMap<>();
    for (long i = 0; i < 5; i++) {
      out.put(i, "a");
    }
    out.put(100L, "b");
    out.put(101L, "b");
    return out;
  }

  private String overwriteWith(Frameshift fs, String what) {
    String name = table(what, true);
    fs.table(name)
        .overwrite(
            fs.createDataFrame(ITEMS, new Object[] {100L, "b"}, new Object[] {101L, "b"}),
            "cat = 'b'");
    assertThat(contents(local.read().table(name).collect())).isEqualTo(expected());
    assertThat(contents(spark.read().table(name).collect())).isEqualTo(expected());
    return name;
  }

  @Test
  void localOverwriteReplacesTheMatchingRows() {
    String name = overwriteWith(local, "local");
    assertThat(local.table(name).currentSnapshot().orElseThrow().summary())
        .containsEntry(Snapshot.ENGINE, "local")
        .containsEntry("frameshift.operation", "overwrite")
        .containsEntry("deleted-data-files", "1");
  }

  @Test
  void sparkOverwriteByCondition() {
    String name = overwriteWith(spark, "spark");
    assertThat(local.table(name).currentSnapshot().orElseThrow().summary())
        .containsEntry(Snapshot.ENGINE, "spark")
        .containsEntry("frameshift.operation", "overwrite");
  }

  @Test
  void autoOverwrite() {
    overwriteWith(auto, "auto");
  }

  @Test
  void localOverwriteOfPartOfAFile() {
    overwriteOfPartOfAFile(local);
  }

  @Test
  void sparkOverwriteOfPartOfAFile() {
    String name = overwriteOfPartOfAFile(spark);
    assertThat(local.table(name).currentSnapshot().orElseThrow().summary())
        .containsEntry(Snapshot.ENGINE, "spark")
        .containsEntry("frameshift.operation", "overwrite");
  }

  @Test
  void autoOverwriteOfPartOfAFile() {
    overwriteOfPartOfAFile(auto);
  }

  /** A condition that matches part of the table's one file, on a non-partition column. */
  private String overwriteOfPartOfAFile(Frameshift fs) {
    String name = table("part", false);
    fs.table(name)
        .overwrite(fs.createDataFrame(ITEMS, new Object[] {3L, "z"}), "id >= 3 AND id < 6");
    Map<Long, String> want = new TreeMap<>();
    for (long i = 0; i < 10; i++) {
      if (i < 3 || i >= 6) {
        want.put(i, i < 5 ? "a" : "b");
      }
    }
    want.put(3L, "z");
    assertThat(contents(local.read().table(name).collect())).isEqualTo(want);
    assertThat(contents(spark.read().table(name).collect())).isEqualTo(want);
    return name;
  }

  @Test
  void rowsOutsideTheConditionAreRefused() {
    String name = table("outside", true);
    for (Frameshift fs : List.of(local, spark)) {
      assertThatThrownBy(
              () ->
                  fs.table(name)
                      .overwrite(fs.createDataFrame(ITEMS, new Object[] {7L, "a"}), "cat = 'b'"))
          .isInstanceOf(InputException.class)
          .hasMessageContaining(name)
          .hasMessageContaining("7");
    }
    assertThat(local.table(name).snapshots()).hasSize(1);
  }
}
