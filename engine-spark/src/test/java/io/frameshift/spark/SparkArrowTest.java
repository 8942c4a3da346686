package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.OutputExistsException;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.Capability;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine's columnar Arrow hand-off and its Format.ARROW files. */
class SparkArrowTest {
  private static final Frameshift FS = Frameshift.builder().build();
  private static final Engine SPARK = SharedSpark.ENGINE;

  private static final Schema ALL =
      Schema.builder()
          .column("id", DataType.INT32, false)
          .column("s", DataType.STRING)
          .column("b", DataType.BOOLEAN)
          .column("l", DataType.INT64)
          .column("f", DataType.FLOAT32)
          .column("d", DataType.FLOAT64)
          .column("day", DataType.DATE)
          .column("ts", DataType.TIMESTAMP)
          .column("ntz", DataType.TIMESTAMP_NTZ)
          .column("dec", DataType.decimal(38, 10))
          .build();

  private static final List<Row> ROWS =
      List.of(
          Row.of(
              ALL,
              1,
              "héllo 😀",
              true,
              Long.MIN_VALUE,
              -0.0f,
              Double.NaN,
              LocalDate.of(1, 1, 1),
              Instant.parse("1969-12-31T23:59:59.999999Z"),
              LocalDateTime.parse("2200-01-01T00:00:00.000001"),
              new BigDecimal("-1234567890123456789012345678.0123456789")),
          Row.of(ALL, 2, "", false, null, null, Double.NEGATIVE_INFINITY, null, null, null, null),
          Row.of(
              ALL,
              Integer.MIN_VALUE,
              null,
              null,
              0L,
              Float.NaN,
              -0.0,
              null,
              null,
              null,
              new BigDecimal("0E-10")));

  @TempDir Path dir;

  @Test
  void exportsSparkTypesAsTheFrameshiftArrowSchema() {
    EngineFrame f = SPARK.create(ALL, ROWS);
    try (ArrowBatches batches = SPARK.exportArrow(f)) {
      assertThat(batches.schema()).isEqualTo(ALL);
      List<Row> rows = new ArrayList<>();
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        try (VectorSchemaRoot batch = b) {
          assertThat(batch.getSchema()).isEqualTo(ArrowTypes.toArrow(ALL));
          for (int r = 0; r < batch.getRowCount(); r++) {
            Object[] v = new Object[ALL.size()];
            for (int c = 0; c < v.length; c++) {
              v[c] = ArrowRows.value(batch.getVector(c), ALL.field(c).type(), r);
            }
            rows.add(Row.of(ALL, v));
          }
        }
      }
      assertThat(values(rows)).containsExactlyInAnyOrderElementsOf(values(ROWS));
    }
  }

  @Test
  void importedDataLivesInSparkAndCanBeUsedAgain() {
    EngineFrame f = SPARK.importArrow(ArrowRows.toBatches(ALL, ROWS));
    assertThat(f).isInstanceOf(SparkFrame.class);
    assertThat(SPARK.count(f)).isEqualTo(3);
    assertThat(values(SPARK.collect(f))).isEqualTo(values(ROWS));
    // The Dataset is re-planned each time it runs; its data must still be there.
    SparkFrame s = (SparkFrame) f;
    assertThat(s.dataset().filter("id > 1").count()).isEqualTo(1);
    assertThat(values(ArrowRows.toRows(SPARK.exportArrow(f)))).isEqualTo(values(ROWS));
  }

  @Test
  void manyBatchesBecomeSeveralPartitions() {
    Schema s = Schema.builder().column("i", DataType.INT64).column("t", DataType.STRING).build();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 300_000; i++) {
      rows.add(Row.of(s, i, "value number " + i + " with some padding to make it long"));
    }
    SparkFrame f = (SparkFrame) SPARK.importArrow(ArrowRows.toBatches(s, rows));
    assertThat(f.dataset().rdd().getNumPartitions()).isGreaterThan(1);
    assertThat(f.dataset().selectExpr("sum(i)").first().getLong(0))
        .isEqualTo(299_999L * 300_000L / 2);
  }

  /**
   * A frame whose plan ends in a columnar scan (Arrow batches handed to Spark, a Parquet file) goes
   * out from Spark's column vectors, every type exactly as Spark's row writer gives it; a frame
   * that computes rows (a filter) still goes through the row writer.
   */
  @Test
  void columnarPlanOutputIsExportedWithoutRows() {
    Engine local = FS.engine("local");
    SparkFrame handedOver =
        (SparkFrame) SPARK.importArrow(local.exportArrow(local.create(ALL, ROWS)));
    String parquet = dir.resolve("all.parquet").toString();
    SPARK.save(
        SPARK.create(ALL, ROWS),
        new Sink(Format.PARQUET, parquet, WriteMode.ERROR_IF_EXISTS, Map.of()));
    Source source = new Source(Format.PARQUET, List.of(parquet), Map.of(), null);
    SparkFrame scanned = (SparkFrame) SPARK.load(source.withSchema(ALL));
    SparkFrame filtered =
        (SparkFrame) SPARK.filter(handedOver, io.frameshift.expr.Functions.col("id").gt(1));

    assertThat(ColumnarExport.columnarInput(handedOver))
        .as("Arrow batches handed over")
        .isNotNull();
    assertThat(ColumnarExport.columnarInput(scanned)).as("a Parquet scan").isNotNull();
    assertThat(ColumnarExport.columnarInput(filtered)).as("rows computed").isNull();
    // a cached frame: read from Spark's in-memory cache, columnar where its reader is
    SparkFrame cached =
        (SparkFrame) SPARK.persist(SPARK.create(ALL, ROWS), io.frameshift.StorageLevel.MEMORY_ONLY);
    assertThat(SPARK.count(cached)).isEqualTo(3);
    for (SparkFrame f : List.of(handedOver, scanned, cached)) {
      long before = ArrowMemory.allocatedBytes();
      assertThat(values(ArrowRows.toRows(SPARK.exportArrow(f))))
          .containsExactlyInAnyOrderElementsOf(values(ROWS));
      assertThat(ArrowMemory.allocatedBytes()).as("released").isEqualTo(before);
    }
    assertThat(values(ArrowRows.toRows(SPARK.exportArrow(filtered))))
        .containsExactlyInAnyOrderElementsOf(values(ROWS.subList(1, 2)));
    SPARK.unpersist(cached);
  }

  /** A job that fails while its batches are fetched ahead reports the failure as Frameshift's. */
  @Test
  void aFailingExportReportsTheEnginesError() {
    EngineFrame f = SPARK.create(ALL, ROWS);
    EngineFrame overflow =
        SPARK.project(
            f,
            List.of(
                io.frameshift.expr.Functions.cast(
                        io.frameshift.expr.Functions.col("l"), DataType.INT32)
                    .as("narrow")),
            Schema.builder().column("narrow", DataType.INT32).build());
    long before = ArrowMemory.allocatedBytes();
    assertThatThrownBy(() -> ArrowRows.toRows(SPARK.exportArrow(overflow)))
        .isInstanceOf(io.frameshift.error.EvaluationException.class)
        .hasMessageContaining("int32");
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void exportAndImportLeaveNoArrowMemoryBehind() {
    EngineFrame local = FS.engine("local").create(ALL, ROWS);
    long before = ArrowMemory.allocatedBytes();
    EngineFrame inSpark = SPARK.importArrow(FS.engine("local").exportArrow(local));
    List<Row> back = ArrowRows.toRows(SPARK.exportArrow(inSpark));
    assertThat(back).hasSize(3);
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void closingAnExportEarlyReleasesItsMemory() {
    Schema s = Schema.builder().column("i", DataType.INT64).build();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 50_000; i++) {
      rows.add(Row.of(s, i));
    }
    EngineFrame f = SPARK.importArrow(ArrowRows.toBatches(s, rows));
    long before = ArrowMemory.allocatedBytes();
    try (ArrowBatches batches = SPARK.exportArrow(f)) {
      batches.next().close();
    }
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  /**
   * Both routes of a hand-off, the one of a master in the driver's JVM and the serialized one of a
   * cluster (which also runs on a local master), carry every type both ways, through Spark's column
   * vectors (data handed over) and through its row writer (a filter), and release their memory.
   */
  @Test
  void bothRoutesCarryEveryTypeBothWays() {
    Engine local = FS.engine("local");
    SparkSession session = SharedSpark.ENGINE.session();
    for (boolean inJvm : List.of(true, false)) {
      long before = ArrowMemory.allocatedBytes();
      SparkFrame handedOver =
          SparkArrow.importArrow(session, local.exportArrow(local.create(ALL, ROWS)), inJvm);
      SparkFrame filtered =
          (SparkFrame) SPARK.filter(handedOver, io.frameshift.expr.Functions.col("id").gt(1));
      assertThat(values(ArrowRows.toRows(SparkArrow.exportArrow(handedOver, inJvm))))
          .as("columnar, in JVM: %s", inJvm)
          .containsExactlyInAnyOrderElementsOf(values(ROWS));
      assertThat(values(ArrowRows.toRows(SparkArrow.exportArrow(filtered, inJvm))))
          .as("rows, in JVM: %s", inJvm)
          .containsExactlyInAnyOrderElementsOf(values(ROWS.subList(1, 2)));
      assertThat(ArrowMemory.allocatedBytes()).as("released, in JVM: %s", inJvm).isEqualTo(before);
    }
  }

  /**
   * With a local master, the data of an import stays in the driver's JVM: Spark serializes every
   * task, so each partition's serialized form must carry a key, not its megabytes of IPC bytes.
   */
  @Test
  void inProcessPartitionsCarryAKeyNotTheirData() throws Exception {
    Schema s = Schema.builder().column("i", DataType.INT64).column("t", DataType.STRING).build();
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < 300_000; i++) {
      rows.add(Row.of(s, i, "value number " + i + " with some padding to make it long"));
    }
    SparkFrame f = (SparkFrame) SPARK.importArrow(ArrowRows.toBatches(s, rows));
    org.apache.spark.Partition[] parts = f.dataset().rdd().partitions();
    assertThat(parts).hasSizeGreaterThan(1);
    for (org.apache.spark.Partition p : parts) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(p);
      }
      assertThat(bytes.size()).as("serialized partition").isLessThan(4096);
    }
    assertThat(f.dataset().selectExpr("sum(i)").first().getLong(0))
        .isEqualTo(299_999L * 300_000L / 2);
    assertThat(ArrowRows.toRows(SPARK.exportArrow(f))).hasSize(300_000);
  }

  /**
   * An export closed after its first batch, while the executors compute the next group of
   * partitions, releases every batch they deposit: closing waits for the group ahead.
   */
  @Test
  void closingAnExportWhileTheNextGroupIsComputedReleasesItsMemory() {
    Schema s = Schema.builder().column("id", DataType.INT64).column("t", DataType.STRING).build();
    SparkSession session = SharedSpark.ENGINE.session();
    for (String route : List.of("rows", "columnar")) {
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> ds =
          session
              .range(0, 400_000, 1, 8)
              .selectExpr("id", "concat('value ', cast(id as string)) as t");
      EngineFrame f = new SparkFrame(ds, s);
      if (route.equals("columnar")) {
        f = SPARK.importArrow(SPARK.exportArrow(f));
        assertThat(ColumnarExport.columnarInput((SparkFrame) f)).isNotNull();
      }
      long before = ArrowMemory.allocatedBytes();
      try (ArrowBatches batches = SPARK.exportArrow(f)) {
        batches.next().close();
      }
      assertThat(ArrowMemory.allocatedBytes()).as(route).isEqualTo(before);
    }
  }

  @Test
  void arrowFilesRoundTripThroughSpark() {
    assertThat(SPARK.capabilities()).contains(Capability.READ_ARROW, Capability.WRITE_ARROW);
    String out = dir.resolve("out").toString();
    SPARK.save(
        SPARK.create(ALL, ROWS), new Sink(Format.ARROW, out, WriteMode.ERROR_IF_EXISTS, Map.of()));
    assertThat(Path.of(out, "_SUCCESS")).exists();
    assertThat(partFiles(out))
        .isNotEmpty()
        .allMatch(p -> p.getFileName().toString().endsWith(".arrow"));
    Source source = new Source(Format.ARROW, List.of(out), Map.of(), null);
    Schema inferred = SPARK.inferSchema(source);
    assertThat(inferred.names()).isEqualTo(ALL.names());
    assertThat(inferred.types()).isEqualTo(ALL.types());
    EngineFrame read = SPARK.load(source.withSchema(inferred));
    assertThat(values(SPARK.collect(read))).containsExactlyInAnyOrderElementsOf(values(ROWS));

    Sink again = new Sink(Format.ARROW, out, WriteMode.ERROR_IF_EXISTS, Map.of());
    assertThatThrownBy(() -> SPARK.save(SPARK.create(ALL, ROWS), again))
        .isInstanceOf(OutputExistsException.class);
    SPARK.save(SPARK.create(ALL, ROWS), new Sink(Format.ARROW, out, WriteMode.APPEND, Map.of()));
    assertThat(SPARK.count(SPARK.load(source.withSchema(inferred)))).isEqualTo(6);
    SPARK.save(
        SPARK.create(ALL, ROWS.subList(0, 1)),
        new Sink(Format.ARROW, out, WriteMode.OVERWRITE, Map.of()));
    assertThat(SPARK.count(SPARK.load(source.withSchema(inferred)))).isEqualTo(1);
  }

  @Test
  void sparkReadsTheLocalEnginesArrowFilesAndTheLocalEngineReadsSparks() {
    Engine local = FS.engine("local");
    String fromLocal = dir.resolve("local").toString();
    local.save(
        local.create(ALL, ROWS),
        new Sink(Format.ARROW, fromLocal, WriteMode.ERROR_IF_EXISTS, Map.of()));
    Source ls = new Source(Format.ARROW, List.of(fromLocal), Map.of(), null);
    EngineFrame bySpark = SPARK.load(ls.withSchema(SPARK.inferSchema(ls)));
    assertThat(values(SPARK.collect(bySpark))).containsExactlyInAnyOrderElementsOf(values(ROWS));

    String fromSpark = dir.resolve("spark").toString();
    SPARK.save(
        SPARK.create(ALL, ROWS),
        new Sink(Format.ARROW, fromSpark, WriteMode.ERROR_IF_EXISTS, Map.of()));
    Source ss = new Source(Format.ARROW, List.of(fromSpark), Map.of(), null);
    EngineFrame byLocal = local.load(ss.withSchema(local.inferSchema(ss)));
    assertThat(values(local.collect(byLocal))).containsExactlyInAnyOrderElementsOf(values(ROWS));
  }

  private static List<Path> partFiles(String out) {
    try (Stream<Path> s = Files.list(Path.of(out))) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<List<Object>> values(List<Row> rows) {
    return rows.stream().map(Row::values).toList();
  }
}
