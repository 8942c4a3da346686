package io.frameshift.iceberg;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.spi.TableScan;
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
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The local engine on real Iceberg tables (the tests' embedded catalog, {@link Lake}): its own
 * Parquet files, written with field ids and read back by id after the table's schema changed,
 * partitioned by identity and by Iceberg's transforms, pruned by a partition filter, and the
 * snapshots it commits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTablesTest {
  private Frameshift fs;
  private IcebergCatalog iceberg;
  private String ns;

  private static final Map<String, String> CONFIG =
      Map.of("frameshift.warehouse", Lake.WAREHOUSE.toString());

  @BeforeAll
  void open() {
    fs = Lake.session("local");
    iceberg = (IcebergCatalog) new IcebergTableProvider().open("lake", CONFIG);
    ns = Lake.namespace("local");
  }

  @AfterAll
  void close() {
    fs.close();
    iceberg.close();
  }

  private int tables;

  /** A new table's name within the catalog: {@code namespace.what_n}. */
  private String newTable(String what) {
    return ns + "." + what + "_" + ++tables;
  }

  private static String lake(String table) {
    return "lake." + table;
  }

  private Table icebergTable(String table) {
    return iceberg.loadIceberg(table);
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
    out.sort(Comparator.comparing(List::toString));
    return out;
  }

  private static final Schema TYPES =
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

  private static List<Object[]> typeRows() {
    List<Object[]> rows = new ArrayList<>();
    rows.add(
        new Object[] {
          1,
          true,
          Long.MAX_VALUE,
          1.5f,
          -0.0,
          "ünïcode",
          LocalDate.of(1969, 12, 31),
          Instant.parse("2026-11-20T10:15:30.123456Z"),
          LocalDateTime.of(2026, 11, 20, 10, 15, 30, 123_456_000),
          new BigDecimal("-1234567.89"),
          new BigDecimal("123456789012345.678"),
          new BigDecimal("1234567890123456789012345678.0123456789")
        });
    rows.add(
        new Object[] {
          2,
          false,
          Long.MIN_VALUE,
          Float.NaN,
          Double.POSITIVE_INFINITY,
          "",
          LocalDate.of(2400, 1, 1),
          Instant.parse("1900-01-01T00:00:00Z"),
          LocalDateTime.of(1, 1, 1, 0, 0),
          BigDecimal.ZERO.setScale(2),
          new BigDecimal("-0.001"),
          new BigDecimal("0E-10")
        });
    rows.add(new Object[] {3, null, null, null, null, null, null, null, null, null, null, null});
    return rows;
  }

  @Test
  void everyTypeRoundTripsThroughALocalWriteAndACommitNamedLocal() {
    String t = newTable("types");
    DataFrame df = fs.createDataFrame(TYPES, typeRows().toArray(new Object[0][]));
    df.write().table(lake(t));
    assertThat(sorted(fs.read().table(lake(t)).collect())).isEqualTo(sorted(df.collect()));
    List<Snapshot> snapshots = fs.table(lake(t)).snapshots();
    assertThat(snapshots).hasSize(1);
    assertThat(snapshots.get(0).engine()).isEqualTo("local");
    // the files carry the table's field ids: Iceberg's own reader reads them
    assertThat(icebergTable(t).currentSnapshot().summary()).containsEntry("added-records", "3");
  }

  @Test
  void appendThenOverwriteThenTimeTravelBackToTheFirstSnapshot() {
    String t = newTable("modes");
    Schema schema = Schema.of(Field.of("k", DataType.STRING), Field.of("v", DataType.INT64));
    fs.createDataFrame(schema, new Object[][] {{"a", 1L}, {"b", 2L}}).write().table(lake(t));
    fs.createDataFrame(schema, new Object[][] {{"c", 3L}})
        .write()
        .mode(WriteMode.APPEND)
        .table(lake(t));
    assertThat(fs.read().table(lake(t)).count()).isEqualTo(3);
    fs.createDataFrame(schema, new Object[][] {{"z", 26L}})
        .write()
        .mode(WriteMode.OVERWRITE)
        .table(lake(t));
    assertThat(sorted(fs.read().table(lake(t)).collect())).containsExactly(List.of("z", 26L));
    List<Snapshot> snapshots = fs.table(lake(t)).snapshots();
    assertThat(snapshots).hasSize(3).allMatch(s -> s.engine().equals("local"));
    DataFrame first =
        fs.read().option("versionAsOf", String.valueOf(snapshots.get(0).id())).table(lake(t));
    assertThat(sorted(first.collect())).containsExactly(List.of("a", 1L), List.of("b", 2L));
  }

  @Test
  void renamedAddedAndWidenedColumnsReadByFieldId() {
    String t = newTable("evolved");
    Schema before =
        Schema.of(
            Field.of("n", DataType.INT32),
            Field.of("f", DataType.FLOAT32),
            Field.of("price", DataType.decimal(9, 2)),
            Field.of("gone", DataType.STRING));
    fs.createDataFrame(
            before, new Object[][] {{1, 0.5f, new BigDecimal("1.25"), "x"}, {2, null, null, "y"}})
        .write()
        .table(lake(t));
    icebergTable(t)
        .updateSchema()
        .renameColumn("n", "id")
        .updateColumn("n", Types.LongType.get())
        .updateColumn("f", Types.DoubleType.get())
        .updateColumn("price", Types.DecimalType.of(20, 2))
        .deleteColumn("gone")
        .commit();
    // a new column of a dropped one's name: a new id, so the old files' values do not come back
    icebergTable(t)
        .updateSchema()
        .addColumn("gone", Types.StringType.get())
        .addColumn("added", Types.DateType.get())
        .commit();
    fs.createDataFrame(
            fs.table(lake(t)).schema(),
            new Object[][] {
              {3L, 2.0, new BigDecimal("123456789012345678.00"), "new", LocalDate.of(2026, 1, 1)}
            })
        .write()
        .mode(WriteMode.APPEND)
        .table(lake(t));
    DataFrame now = fs.read().table(lake(t));
    assertThat(now.schema().names()).containsExactly("id", "f", "price", "gone", "added");
    assertThat(sorted(now.collect()))
        .containsExactly(
            java.util.Arrays.asList(1L, 0.5, new BigDecimal("1.25"), null, null),
            java.util.Arrays.asList(2L, null, null, null, null),
            java.util.Arrays.asList(
                3L, 2.0, new BigDecimal("123456789012345678.00"), "new", LocalDate.of(2026, 1, 1)));
    // a filter on the renamed column, pushed down to the old files by id
    assertThat(sorted(now.filter(col("id").eq(lit(2L))).select("id").collect()))
        .containsExactly(List.of(2L));
    // the first snapshot keeps its own schema
    long first = fs.table(lake(t)).snapshots().get(0).id();
    DataFrame then = fs.read().option("versionAsOf", String.valueOf(first)).table(lake(t));
    assertThat(then.schema().names()).containsExactly("n", "f", "price", "gone");
    assertThat(sorted(then.collect()))
        .containsExactly(
            java.util.Arrays.asList(1, 0.5f, new BigDecimal("1.25"), "x"),
            java.util.Arrays.asList(2, null, null, "y"));
  }

  private static final Schema EVENTS =
      Schema.of(
          Field.of("id", DataType.INT64),
          Field.of("country", DataType.STRING),
          Field.of("ts", DataType.TIMESTAMP),
          Field.of("name", DataType.STRING));

  private Object[][] events(int n) {
    Object[][] rows = new Object[n][];
    String[] countries = {"fr", "de", null, "jp"};
    for (int i = 0; i < n; i++) {
      rows[i] =
          new Object[] {
            (long) i,
            countries[i % 4],
            i % 7 == 0 ? null : Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * 5 * i),
            "name-" + (i % 13)
          };
    }
    return rows;
  }

  @Test
  void identityDayBucketAndTruncatePartitionsRoundTripAndAPartitionFilterPlansFewerFiles() {
    String t = newTable("partitioned");
    fs.catalog("lake")
        .createTable(
            t,
            EVENTS,
            PartitionSpec.of(
                PartitionField.identity("country"),
                PartitionField.day("ts"),
                PartitionField.bucket("id", 4),
                PartitionField.truncate("name", 5)),
            Map.of());
    DataFrame df = fs.createDataFrame(EVENTS, events(200));
    df.write().mode(WriteMode.APPEND).table(lake(t));
    assertThat(sorted(fs.read().table(lake(t)).collect())).isEqualTo(sorted(df.collect()));

    // Iceberg agrees with the partition values the local engine computed: its own scan of one
    // partition finds exactly the rows of that partition in the files
    Table table = icebergTable(t);
    int files = 0;
    for (var task : table.newScan().planFiles()) {
      files++;
      var partition = task.file().partition();
      assertThat(partition.size()).isEqualTo(4);
    }
    assertThat(files).isGreaterThan(8);

    DataFrame fr = fs.read().table(lake(t)).filter(col("country").eq(lit("fr")));
    assertThat(fr.count()).isEqualTo(50);
    assertThat(fs.read().table(lake(t)).filter(col("country").isNull()).count()).isEqualTo(50);
    assertThat(fs.read().table(lake(t)).filter(col("ts").isNull()).count())
        .isEqualTo(df.filter(col("ts").isNull()).count());

    TableScan scan = iceberg.load(t).scan(Map.of());
    int all = scan.plan(null, null).size();
    int some = scan.plan(null, col("country").eq(lit("fr"))).size();
    assertThat(some).isGreaterThan(0).isLessThan(all);
    assertThat(fr.explain()).contains("Scan table");
  }

  @Test
  void aLargeWriteSplitsFilesByMaxRecordsPerFile() {
    String t = newTable("split");
    DataFrame df = fs.createDataFrame(EVENTS, events(1000));
    df.write().option("maxRecordsPerFile", "300").table(lake(t));
    Table table = icebergTable(t);
    assertThat(table.currentSnapshot().summary()).containsEntry("added-data-files", "4");
    assertThat(fs.read().table(lake(t)).count()).isEqualTo(1000);
  }
}
