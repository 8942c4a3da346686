package io.frameshift.iceberg;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.table.PartitionField;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One table, two engines: what Spark's Iceberg writer commits the local engine reads (its own
 * Parquet reader, columns by field id; files with Spark's delete files through Iceberg's reader),
 * and what the local engine commits Spark reads, with the same answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossEngineTablesTest {
  private Frameshift local;
  private Frameshift spark;
  private String ns;
  private int tables;

  @BeforeAll
  void open() {
    local = Lake.session("local");
    spark = Lake.session("spark");
    ns = Lake.namespace("cross");
  }

  @AfterAll
  void close() {
    local.close();
    spark.close();
  }

  private String newTable(String what) {
    return "lake." + ns + "." + what + "_" + ++tables;
  }

  private static final Schema ALL =
      Schema.of(
          Field.of("id", DataType.INT32),
          Field.of("b", DataType.BOOLEAN),
          Field.of("l", DataType.INT64),
          Field.of("f", DataType.FLOAT32),
          Field.of("d", DataType.FLOAT64),
          Field.of("s", DataType.STRING),
          Field.of("dt", DataType.DATE),
          Field.of("ts", DataType.TIMESTAMP),
          Field.of("ntz", DataType.TIMESTAMP_NTZ),
          Field.of("dec9", DataType.decimal(9, 2)),
          Field.of("dec18", DataType.decimal(18, 3)),
          Field.of("dec38", DataType.decimal(38, 10)));

  private static Object[][] rows(int n) {
    Object[][] out = new Object[n][];
    for (int i = 0; i < n; i++) {
      boolean nulls = i % 9 == 4;
      out[i] =
          nulls
              ? new Object[] {i, null, null, null, null, null, null, null, null, null, null, null}
              : new Object[] {
                i,
                i % 2 == 0,
                (long) i * 1_000_000_007L,
                i / 4f,
                i % 5 == 0 ? -0.0 : i / 3.0,
                "s" + (i % 7) + (i % 3 == 0 ? "é" : ""),
                LocalDate.of(2026, 1, 1).plusDays(i % 40),
                Instant.parse("2026-01-01T00:00:00.000001Z").plusSeconds(i * 7919L),
                LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(i * 13L),
                BigDecimal.valueOf(i * 101L - 5000, 2),
                BigDecimal.valueOf(i * 123456789L, 3),
                new BigDecimal("123456789012345678901234567." + (1000000000L + i))
              };
    }
    return out;
  }

  private static List<List<Object>> sorted(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Object> values = new ArrayList<>();
      for (int c = 0; c < r.schema().size(); c++) {
        values.add(r.get(c));
      }
      out.add(values);
    }
    out.sort(Comparator.comparing(l -> (Integer) l.get(0)));
    return out;
  }

  private void create(Frameshift fs, String table) {
    fs.catalog("lake")
        .createTable(
            table.substring("lake.".length()),
            ALL,
            PartitionSpec.of(PartitionField.day("ts"), PartitionField.bucket("id", 3)),
            Map.of());
  }

  /** The answers both engines must agree on, for a table: all rows, a filter, an aggregate. */
  private static List<List<Object>> answers(Frameshift fs, String table) {
    List<List<Object>> out = new ArrayList<>();
    out.addAll(sorted(fs.read().table(table).collect()));
    out.addAll(
        sorted(
            fs.read().table(table).filter(col("dt").eq(lit(LocalDate.of(2026, 1, 5)))).collect()));
    out.addAll(
        sorted(
            fs.read()
                .table(table)
                .filter(col("s").isNotNull())
                .groupBy("b")
                .agg(sum("l").as("l"), sum("dec9").as("dec9"))
                .withColumn("id", col("b").cast(DataType.INT32))
                .select("id", "l", "dec9")
                .collect()));
    return out;
  }

  @Test
  void aTableSparkWroteReadsTheSameOnTheLocalEngine() {
    String t = newTable("by_spark");
    create(spark, t);
    spark.createDataFrame(ALL, rows(300)).write().mode(WriteMode.APPEND).table(t);
    spark.createDataFrame(ALL, rows(30)).write().mode(WriteMode.APPEND).table(t);
    assertThat(spark.table(t).snapshots()).extracting(Snapshot::engine).containsOnly("spark");
    assertThat(answers(local, t)).isEqualTo(answers(spark, t));
    assertThat(local.read().table(t).count()).isEqualTo(330);
  }

  @Test
  void aTableTheLocalEngineWroteReadsTheSameOnSpark() {
    String t = newTable("by_local");
    create(local, t);
    local.createDataFrame(ALL, rows(300)).write().mode(WriteMode.APPEND).table(t);
    local.createDataFrame(ALL, rows(30)).write().mode(WriteMode.APPEND).table(t);
    assertThat(local.table(t).snapshots()).extracting(Snapshot::engine).containsOnly("local");
    assertThat(answers(spark, t)).isEqualTo(answers(local, t));
    // and Spark SQL, Iceberg's own reader there, sees the local engine's files
    assertThat(SparkSession.active().sql("SELECT count(*) FROM " + t).first().getLong(0))
        .isEqualTo(330L);
  }

  @Test
  void spark_sDeleteFilesAreAppliedWhenTheLocalEngineReads() {
    String t = newTable("deletes");
    DataFrame df = local.createDataFrame(ALL, rows(100));
    df.write().mode(WriteMode.APPEND).table(t);
    assertThat(spark.read().table(t).count()).isEqualTo(100); // Spark's session is up
    SparkSession.active()
        .sql(
            "ALTER TABLE "
                + t
                + " SET TBLPROPERTIES ('format-version'='2', 'write.delete.mode'='merge-on-read')");
    SparkSession.active().sql("DELETE FROM " + t + " WHERE id % 10 = 3");
    // Spark wrote delete files rather than rewriting the data files
    IcebergCatalog catalog =
        (IcebergCatalog)
            new IcebergTableProvider()
                .open("lake", Map.of("frameshift.warehouse", Lake.WAREHOUSE.toString()));
    try {
      assertThat(
              catalog
                  .loadIceberg(t.substring("lake.".length()))
                  .currentSnapshot()
                  .summary()
                  .get("added-delete-files"))
          .isNotNull()
          .isNotEqualTo("0");
    } finally {
      catalog.close();
    }
    List<List<Object>> expected = sorted(df.filter(col("id").mod(lit(10)).ne(lit(3))).collect());
    assertThat(sorted(local.read().table(t).collect())).isEqualTo(expected);
    assertThat(sorted(spark.read().table(t).collect())).isEqualTo(expected);
  }

  @Test
  void anEvolvedTableReadsTheSameOnBothEnginesAtEverySnapshot() {
    String t = newTable("evolved");
    local.createDataFrame(ALL, rows(120)).write().mode(WriteMode.APPEND).table(t);
    local
        .table(t)
        .updateSchema()
        .renameColumn("s", "label")
        .dropColumn("b")
        .widen("id", DataType.INT64)
        .widen("f", DataType.FLOAT64)
        .widen("dec9", DataType.decimal(12, 2))
        .addColumn("note", DataType.STRING)
        .commit();
    // the current snapshot was written before the change: both read it under the new schema
    assertThat(sorted64(spark.read().table(t).collect()))
        .isEqualTo(sorted64(local.read().table(t).collect()));
    // Spark appends with a column the table lacks, the local engine merges by key
    DataFrame more =
        spark
            .createDataFrame(ALL, rows(10))
            .drop("b")
            .rename("s", "label")
            .withColumn("extra", col("id").times(lit(2)))
            .withColumn("id", col("id").plus(lit(1000)));
    more.write().mode(WriteMode.APPEND).option("mergeSchema", "true").table(t);
    local
        .table(t)
        .merge(local.read().table(t).filter(col("id").lt(lit(5L))).select("id"))
        .onKeys("id")
        .whenMatchedUpdateExpr(Map.of("note", "'merged'"))
        .commit();
    assertThat(local.table(t).schema().names())
        .containsExactly(
            "id", "l", "f", "d", "label", "dt", "ts", "ntz", "dec9", "dec18", "dec38", "note",
            "extra");
    assertThat(local.read().table(t).filter(col("note").eq(lit("merged"))).count()).isEqualTo(5);
    for (Snapshot snap : local.table(t).snapshots()) {
      String id = String.valueOf(snap.id());
      assertThat(sorted64(spark.read().option("versionAsOf", id).table(t).collect()))
          .as("snapshot %s", snap)
          .isEqualTo(sorted64(local.read().option("versionAsOf", id).table(t).collect()));
    }
    assertThat(sorted64(spark.read().table(t).collect()))
        .isEqualTo(sorted64(local.read().table(t).collect()));
  }

  /** Rows sorted by their first column, of either integer type. */
  private static List<List<Object>> sorted64(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      List<Object> values = new ArrayList<>();
      for (int c = 0; c < r.schema().size(); c++) {
        values.add(r.get(c));
      }
      out.add(values);
    }
    out.sort(Comparator.comparing(l -> ((Number) l.get(0)).longValue()));
    return out;
  }
}
