package io.frameshift.iceberg;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local engine's merge rewrites only the data files that may hold matched rows, for a merge
 * that is not an upsert (a full join and clauses, not an anti-join), and Spark's merge of the same
 * source into a copy of the table gives the same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MergeTest {
  private Frameshift local;
  private Frameshift spark;
  private String ns;
  private int tables;

  private static final Schema ITEMS =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("name", DataType.STRING)
          .column("price", DataType.FLOAT64)
          .build();

  private static final Schema CHANGES =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("delta", DataType.FLOAT64)
          .column("drop", DataType.BOOLEAN)
          .build();

  @BeforeAll
  void open() {
    local = Lake.session("local");
    spark = Lake.session("spark");
    ns = Lake.namespace("merge");
  }

  @AfterAll
  void close() {
    local.close();
    spark.close();
  }

  private String newTable(String what) {
    return "lake." + ns + "." + what + "_" + ++tables;
  }

  private static Object[][] items(long from, long to) {
    Object[][] out = new Object[(int) (to - from)][];
    for (long i = from; i < to; i++) {
      out[(int) (i - from)] = new Object[] {i, "item" + i, (double) i};
    }
    return out;
  }

  /** Keys 20,000 to 20,599 (a third dropped, the rest repriced) and 300 new ones. */
  private static Object[][] changes() {
    Object[][] out = new Object[900][];
    for (int i = 0; i < 600; i++) {
      out[i] = new Object[] {20_000L + i, 0.5, i % 3 == 0};
    }
    for (int i = 0; i < 300; i++) {
      out[600 + i] = new Object[] {200_000L + i, 1.0, false};
    }
    return out;
  }

  private void merge(Frameshift fs, String table) {
    fs.table(table)
        .merge(fs.createDataFrame(CHANGES, changes()))
        .onKeys("id")
        .whenMatchedDelete("source.drop")
        .whenMatchedUpdateExpr(Map.of("price", "target.price + source.delta"))
        .whenNotMatchedInsertExpr(Map.of("id", "id", "name", "'new'", "price", "delta"))
        .commit();
  }

  @Test
  void aMergeRewritesOnlyTheFilesOfItsKeysAndBothEnginesAgree() {
    String onLocal = newTable("local");
    String onSpark = newTable("spark");
    for (String t : new String[] {onLocal, onSpark}) {
      local
          .createDataFrame(ITEMS, items(0, 100_000))
          .write()
          .option("maxRecordsPerFile", "10000")
          .table(t);
    }
    int files =
        Integer.parseInt(
            local.table(onLocal).currentSnapshot().orElseThrow().summary().get("total-data-files"));
    assertThat(files).isGreaterThanOrEqualTo(10);

    merge(local, onLocal);
    Map<String, String> summary = local.table(onLocal).currentSnapshot().orElseThrow().summary();
    assertThat(summary).containsEntry("frameshift.engine", "local");
    // the matched keys lie in one tenth of the ids: their files, not the table
    assertThat(Integer.parseInt(summary.get("deleted-data-files"))).isBetween(1, files / 5 + 1);

    DataFrame after = local.read().table(onLocal);
    assertThat(after.count()).isEqualTo(100_000 - 200 + 300);
    assertThat(after.filter(col("id").eq(20_001L)).collect().get(0).get("price"))
        .isEqualTo(20_001.5);
    assertThat(after.filter(col("id").eq(20_000L)).count()).isZero();
    assertThat(after.filter(col("name").eq("new")).count()).isEqualTo(300);

    merge(spark, onSpark);
    assertThat(spark.table(onSpark).currentSnapshot().orElseThrow().summary())
        .containsEntry("frameshift.engine", "spark");
    assertThat(rows(local.read().table(onSpark))).isEqualTo(rows(after));
  }

  private static java.util.List<java.util.List<Object>> rows(DataFrame df) {
    return df.sort("id").collect().stream().map(r -> r.values()).toList();
  }
}
