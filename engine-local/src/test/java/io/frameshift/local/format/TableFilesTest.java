package io.frameshift.local.format;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.InputException;
import io.frameshift.error.OutputException;
import io.frameshift.expr.Expr;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.local.LocalEngine;
import io.frameshift.local.LocalFrame;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableScan.DataFileTask;
import io.frameshift.spi.TableWrite;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's data files as the local engine reads and writes them, with a table of no format behind
 * the SPI (files listed by hand): columns matched by field id, renamed, added and widened since a
 * file was written; writes split by partition and size, field ids in the files, commit and abort.
 */
class TableFilesTest {
  @TempDir Path dir;

  private final LocalEngine engine = new LocalEngine();

  @AfterEach
  void close() {
    engine.close();
  }

  // ---- a table without a format -----------------------------------------------------------------

  /** A scan of the files given, each its own task; what it was asked is recorded. */
  static final class FilesScan implements TableScan {
    final Schema schema;
    final Map<String, Integer> ids;
    final List<DataFileTask> tasks;
    final List<List<String>> planned = new ArrayList<>();
    final Function<DataFileTask, ArrowBatches> withDeletes;

    FilesScan(
        Schema schema,
        Map<String, Integer> ids,
        List<DataFileTask> tasks,
        Function<DataFileTask, ArrowBatches> withDeletes) {
      this.schema = schema;
      this.ids = ids;
      this.tasks = tasks;
      this.withDeletes = withDeletes;
    }

    @Override
    public String table() {
      return "test.db.t";
    }

    @Override
    public OptionalLong snapshotId() {
      return tasks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(1);
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public Map<String, Integer> fieldIds() {
      return ids;
    }

    @Override
    public FrameStats stats() {
      return FrameStats.UNKNOWN;
    }

    @Override
    public List<DataFileTask> plan(List<String> columns, Expr filter) {
      planned.add(columns);
      return tasks;
    }

    @Override
    public ArrowBatches readWithDeletes(DataFileTask task, List<String> columns) {
      return withDeletes.apply(task);
    }

    @Override
    public String describe() {
      return "test.db.t snapshot 1";
    }
  }

  static DataFileTask task(Path file) throws IOException {
    return new DataFileTask(file.toUri().toString(), Format.PARQUET, 0, Files.size(file), false);
  }

  /** A write into {@code root} that records its files, commit and abort. */
  static final class FilesWrite implements TableWrite {
    final Path root;
    final Schema schema;
    final Map<String, Integer> ids;
    final List<PartitionColumn> partitioning;
    final Map<String, String> options;
    final List<WrittenFile> committed = Collections.synchronizedList(new ArrayList<>());
    final List<WrittenFile> aborted = Collections.synchronizedList(new ArrayList<>());
    String engine;
    Function<List<Object>, String> location;

    FilesWrite(
        Path root,
        Schema schema,
        Map<String, Integer> ids,
        List<PartitionColumn> partitioning,
        Map<String, String> options) {
      this.root = root;
      this.schema = schema;
      this.ids = ids;
      this.partitioning = partitioning;
      this.options = options;
      this.location =
          values ->
              root.resolve("data")
                  .resolve(String.valueOf(values).replaceAll("[^A-Za-z0-9=,-]", "_"))
                  .resolve(UUID.randomUUID() + ".parquet")
                  .toUri()
                  .toString();
    }

    @Override
    public String table() {
      return "test.db.t";
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public Map<String, Integer> fieldIds() {
      return ids;
    }

    @Override
    public List<PartitionColumn> partitioning() {
      return partitioning;
    }

    @Override
    public Map<String, String> fileOptions() {
      return options;
    }

    @Override
    public synchronized String newDataFile(List<Object> partitionValues) {
      return location.apply(partitionValues);
    }

    @Override
    public void commit(List<WrittenFile> files, String engine) {
      this.engine = engine;
      committed.addAll(files);
    }

    @Override
    public void abort(List<WrittenFile> files) {
      aborted.addAll(files);
      for (WrittenFile f : files) {
        try {
          Files.deleteIfExists(Path.of(java.net.URI.create(f.path())));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }

    /** A scan of what was committed. */
    FilesScan scan() throws IOException {
      List<TableScan.DataFileTask> tasks = new ArrayList<>();
      for (WrittenFile f : committed) {
        tasks.add(task(Path.of(java.net.URI.create(f.path()))));
      }
      return new FilesScan(schema, ids, tasks, t -> null);
    }
  }

  private List<Row> read(FilesScan scan) {
    return engine.collect(engine.load(Source.table(scan, Map.of())));
  }

  private List<Row> read(Source source) {
    return engine.collect(engine.load(source));
  }

  private static List<Object> values(Row r) {
    List<Object> out = new ArrayList<>();
    for (int c = 0; c < r.schema().size(); c++) {
      out.add(r.get(c));
    }
    return out;
  }

  private static List<List<Object>> sorted(List<Row> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(values(r));
    }
    out.sort(Comparator.comparing(List::toString));
    return out;
  }

  // ---- reading by field id ----------------------------------------------------------------------

  private static Type opt(PrimitiveTypeName t, LogicalTypeAnnotation a, int id, String name) {
    return Types.primitive(t, Type.Repetition.OPTIONAL).as(a).id(id).named(name);
  }

  /** Writes rows of values given in the schema's column order (null for null). */
  private static Path parquet(Path file, MessageType schema, List<Object[]> rows)
      throws IOException {
    Files.createDirectories(file.getParent());
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withConf(new PlainParquetConfiguration())
            .withType(schema)
            .build()) {
      for (Object[] row : rows) {
        Group g = groups.newGroup();
        for (int c = 0; c < row.length; c++) {
          Object v = row[c];
          if (v instanceof Integer i) {
            g.add(c, i);
          } else if (v instanceof Long l) {
            g.add(c, l);
          } else if (v instanceof Float f) {
            g.add(c, f);
          } else if (v instanceof Double d) {
            g.add(c, d);
          } else if (v instanceof String s) {
            g.add(c, s);
          } else if (v != null) {
            throw new IllegalArgumentException(v.toString());
          }
        }
        w.write(g);
      }
    }
    return file;
  }

  /** The file of an older schema: id 1 "n" int, 2 "f" float, 3 "price" decimal(9, 2), 5 "s". */
  private Path oldFile() throws IOException {
    MessageType old =
        Types.buildMessage()
            .addField(opt(PrimitiveTypeName.INT32, null, 1, "n"))
            .addField(opt(PrimitiveTypeName.FLOAT, null, 2, "f"))
            .addField(
                opt(PrimitiveTypeName.INT32, LogicalTypeAnnotation.decimalType(2, 9), 3, "price"))
            .addField(opt(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType(), 5, "s"))
            .named("table");
    return parquet(
        dir.resolve("old.parquet"),
        old,
        List.of(
            new Object[] {1, 1.5f, 12345, "a"},
            new Object[] {2, null, -1, null},
            new Object[] {null, 0.1f, null, "c"}));
  }

  /** Today's schema: "n" renamed "id" and widened to long, f to double, price to 20 digits. */
  private static final Schema NOW =
      Schema.of(
          Field.of("id", DataType.INT64),
          Field.of("f", DataType.FLOAT64),
          Field.of("price", DataType.decimal(20, 2)),
          Field.of("s", DataType.STRING),
          Field.of("added", DataType.DATE));

  private static final Map<String, Integer> NOW_IDS =
      Map.of("id", 1, "f", 2, "price", 3, "s", 5, "added", 6);

  @Test
  void columnsAreFoundByFieldIdRenamedAddedAndWidened() throws IOException {
    FilesScan scan = new FilesScan(NOW, NOW_IDS, List.of(task(oldFile())), t -> null);
    assertThat(sorted(read(scan)))
        .containsExactly(
            java.util.Arrays.asList(1L, (double) 1.5f, new BigDecimal("123.45"), "a", null),
            java.util.Arrays.asList(2L, null, new BigDecimal("-0.01"), null, null),
            java.util.Arrays.asList(null, (double) 0.1f, null, "c", null));
  }

  @Test
  void filesOfDifferentSchemasReadTogether() throws IOException {
    MessageType newer =
        Types.buildMessage()
            .addField(opt(PrimitiveTypeName.INT64, null, 1, "id"))
            .addField(opt(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType(), 5, "s"))
            .addField(opt(PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType(), 6, "added"))
            .named("table");
    Path file =
        parquet(dir.resolve("new.parquet"), newer, List.<Object[]>of(new Object[] {9L, "n", 3}));
    FilesScan scan = new FilesScan(NOW, NOW_IDS, List.of(task(oldFile()), task(file)), t -> null);
    Source source = Source.table(scan, Map.of()).withColumns(List.of("id", "f", "added"));
    assertThat(TableFiles.plan(source, scan, scan.tasks)).hasSize(2);
    assertThat(sorted(read(source)))
        .containsExactly(
            java.util.Arrays.asList(1L, (double) 1.5f, null),
            java.util.Arrays.asList(2L, null, null),
            java.util.Arrays.asList(9L, null, LocalDate.ofEpochDay(3)),
            java.util.Arrays.asList(null, (double) 0.1f, null));
  }

  @Test
  void aProjectionReadsOnlyItsColumnsAndAnAbsentOneIsNull() throws IOException {
    FilesScan scan = new FilesScan(NOW, NOW_IDS, List.of(task(oldFile())), t -> null);
    Source source = Source.table(scan, Map.of()).withColumns(List.of("added", "s"));
    List<Row> rows = read(source);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).schema().names()).containsExactly("s", "added");
    assertThat(rows).extracting(r -> r.get(1)).containsOnlyNulls();
    assertThat(rows).extracting(r -> r.get(0)).containsExactly("a", null, "c");
    assertThat(scan.planned).containsExactly(List.of("s", "added"));
  }

  @Test
  void swappedNamesReadByIdAndTheFilterHintPrunesNothingItShouldNot() throws IOException {
    // the file has a (id 1) and b (id 2); the table renamed a to b and b to a since
    MessageType swapped =
        Types.buildMessage()
            .addField(opt(PrimitiveTypeName.INT32, null, 1, "a"))
            .addField(opt(PrimitiveTypeName.INT32, null, 2, "b"))
            .named("table");
    Path file =
        parquet(
            dir.resolve("swap.parquet"),
            swapped,
            List.of(new Object[] {1, 100}, new Object[] {2, 200}));
    Schema now = Schema.of(Field.of("b", DataType.INT32), Field.of("a", DataType.INT32));
    FilesScan scan = new FilesScan(now, Map.of("b", 1, "a", 2), List.of(task(file)), t -> null);
    // a = 100 holds on the first row, though the file's own "a" never is 100
    Source filtered = Source.table(scan, Map.of()).withFilter(col("a").eq(lit(100)));
    assertThat(sorted(read(filtered)))
        .containsExactly(List.of(1, 100), List.of(2, 200)); // the filter stays above the scan
  }

  @Test
  void aFilterOnAColumnOfTheSameNameAndIdPrunesRowGroups() throws IOException {
    MessageType plain =
        Types.buildMessage().addField(opt(PrimitiveTypeName.INT32, null, 1, "x")).named("t");
    Path file = parquet(dir.resolve("x.parquet"), plain, List.<Object[]>of(new Object[] {1}));
    FilesScan scan =
        new FilesScan(
            Schema.of(Field.of("x", DataType.INT32)),
            Map.of("x", 1),
            List.of(task(file)),
            t -> null);
    Source source = Source.table(scan, Map.of()).withFilter(col("x").eq(lit(5)));
    ParquetScan.Plan plan = TableFiles.plan(source, scan, scan.tasks).get(0).plan();
    assertThat(plan.rowGroupsTotal()).isEqualTo(1);
    assertThat(plan.rowGroupsRead()).isZero();
    assertThat(read(source)).isEmpty();
  }

  @Test
  void aFileWithoutFieldIdsIsMatchedByName() throws IOException {
    MessageType noIds =
        Types.buildMessage()
            .addField(Types.optional(PrimitiveTypeName.INT32).named("id"))
            .addField(
                Types.optional(PrimitiveTypeName.BINARY)
                    .as(LogicalTypeAnnotation.stringType())
                    .named("s"))
            .named("t");
    Path file =
        parquet(dir.resolve("noids.parquet"), noIds, List.<Object[]>of(new Object[] {7, "x"}));
    FilesScan scan = new FilesScan(NOW, NOW_IDS, List.of(task(file)), t -> null);
    assertThat(sorted(read(scan)))
        .containsExactly(java.util.Arrays.asList(7L, null, null, "x", null));
  }

  @Test
  void aTypeThatDoesNotWidenToTheTablesNamesTheColumnAndTheFile() throws IOException {
    Schema strings = Schema.of(Field.of("id", DataType.STRING));
    FilesScan scan = new FilesScan(strings, Map.of("id", 1), List.of(task(oldFile())), t -> null);
    assertThatThrownBy(() -> read(scan))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'id' (field id 1)")
        .hasMessageContaining("old.parquet")
        .hasMessageContaining("'n' of type int32");
  }

  @Test
  void aTableWithNoSnapshotReadsAsAnEmptyFrameOfItsSchema() {
    FilesScan scan = new FilesScan(NOW, NOW_IDS, List.of(), t -> null);
    EngineFrame f = engine.load(Source.table(scan, Map.of()));
    assertThat(f.schema()).isEqualTo(NOW);
    assertThat(engine.count(f)).isZero();
  }

  @Test
  void aFileWithDeletesIsReadByTheTablesReaderAndJoinsTheOthers() throws IOException {
    Path file = oldFile();
    TableScan.DataFileTask withDeletes =
        new TableScan.DataFileTask("s3://bucket/t/f.parquet", Format.PARQUET, 1, 10, true);
    Schema projected = Schema.of(Field.of("id", DataType.INT64), Field.of("s", DataType.STRING));
    FilesScan scan =
        new FilesScan(
            NOW,
            NOW_IDS,
            List.of(task(file), withDeletes),
            t ->
                engine.exportArrow(
                    engine.create(
                        Schema.of(Field.of("s", DataType.STRING), Field.of("id", DataType.INT64)),
                        List.of(
                            Row.of(
                                Schema.of(
                                    Field.of("s", DataType.STRING), Field.of("id", DataType.INT64)),
                                "deleted-and-kept",
                                9L)))));
    List<Row> rows = read(Source.table(scan, Map.of()).withColumns(List.of("id", "s")));
    assertThat(rows.get(0).schema()).isEqualTo(projected);
    assertThat(sorted(rows))
        .containsExactly(
            java.util.Arrays.asList(1L, "a"),
            java.util.Arrays.asList(2L, null),
            java.util.Arrays.asList(9L, "deleted-and-kept"),
            java.util.Arrays.asList(null, "c"));
  }

  // ---- writing ----------------------------------------------------------------------------------

  private static final Schema ROWS =
      Schema.of(
          Field.of("k", DataType.STRING),
          Field.of("day", DataType.DATE),
          Field.of("v", DataType.INT64));

  private static final Map<String, Integer> ROW_IDS = Map.of("k", 11, "day", 12, "v", 13);

  private LocalFrame frame(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          Row.of(
              ROWS,
              i % 3 == 0 ? null : "k" + i % 3,
              i % 5 == 0 ? null : LocalDate.of(2026, 11, 1 + i % 5),
              (long) i));
    }
    return (LocalFrame) engine.create(ROWS, rows);
  }

  private void save(LocalFrame f, FilesWrite write) {
    engine.save(
        f, new Sink(Format.ICEBERG, write.table(), WriteMode.APPEND, Map.of(), List.of(), write));
  }

  @Test
  void aWriteSplitsRowsByPartitionCarriesFieldIdsAndCommitsAsLocal() throws IOException {
    TableWrite.PartitionColumn byK =
        new TableWrite.PartitionColumn("k", "k", DataType.STRING, true, Function.identity());
    TableWrite.PartitionColumn evenV =
        new TableWrite.PartitionColumn(
            "v_bucket", "v", DataType.INT32, false, v -> (int) ((Long) v % 2));
    FilesWrite write =
        new FilesWrite(dir, ROWS, ROW_IDS, List.of(byK, evenV), Map.of("compression", "zstd"));
    LocalFrame f = frame(60);
    save(f, write);
    assertThat(write.engine).isEqualTo("local");
    assertThat(write.aborted).isEmpty();
    // k in {null, k1, k2} times v % 2 in {0, 1}
    assertThat(write.committed).hasSize(6);
    assertThat(write.committed).extracting(TableWrite.WrittenFile::rows).containsOnly(10L);
    Map<List<Object>, Long> rowsByPartition = new LinkedHashMap<>();
    for (TableWrite.WrittenFile w : write.committed) {
      rowsByPartition.merge(w.partitionValues(), w.rows(), Long::sum);
      Path p = Path.of(java.net.URI.create(w.path()));
      assertThat(w.bytes()).isEqualTo(Files.size(p));
      var footer = ParquetFooters.of(p);
      MessageType schema = footer.getFileMetaData().getSchema();
      assertThat(schema.getFields())
          .extracting(t -> t.getId().intValue())
          .containsExactly(11, 12, 13);
      assertThat(footer.getBlocks().get(0).getColumns().get(0).getCodec().name()).isEqualTo("ZSTD");
      // every row of the file is of its partition
      List<Row> rows = read(new FilesScan(ROWS, ROW_IDS, List.of(task(p)), t -> null));
      for (Row r : rows) {
        assertThat(r.get(0)).isEqualTo(w.partitionValues().get(0));
        assertThat((int) ((Long) r.get(2) % 2)).isEqualTo(w.partitionValues().get(1));
      }
    }
    assertThat(rowsByPartition)
        .containsKeys(java.util.Arrays.asList(null, 0), List.of("k1", 1), List.of("k2", 0));
    assertThat(sorted(read(write.scan()))).isEqualTo(sorted(engine.collect(f)));
  }

  @Test
  void maxRecordsPerFileSplitsAPartitionIntoSeveralFiles() throws IOException {
    FilesWrite write =
        new FilesWrite(dir, ROWS, ROW_IDS, List.of(), Map.of("maxRecordsPerFile", "7"));
    LocalFrame f = frame(50);
    save(f, write);
    assertThat(write.committed).hasSize(8);
    assertThat(write.committed.stream().mapToLong(TableWrite.WrittenFile::rows).sum())
        .isEqualTo(50);
    assertThat(write.committed).allMatch(w -> w.rows() <= 7);
    assertThat(sorted(read(write.scan()))).isEqualTo(sorted(engine.collect(f)));
  }

  @Test
  void anEmptyFrameCommitsNoFile() {
    FilesWrite write = new FilesWrite(dir, ROWS, ROW_IDS, List.of(), Map.of());
    save(frame(0), write);
    assertThat(write.engine).isEqualTo("local");
    assertThat(write.committed).isEmpty();
  }

  @Test
  void aFailedWriteAbortsTheFilesItWroteAndCommitsNothing() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
    FilesWrite write =
        new FilesWrite(dir, ROWS, ROW_IDS, List.of(), Map.of("maxRecordsPerFile", "10"));
    Function<List<Object>, String> good = write.location;
    int[] n = {0};
    write.location =
        values ->
            n[0]++ == 3 ? blocker.resolve("f.parquet").toUri().toString() : good.apply(values);
    assertThatThrownBy(() -> save(frame(50), write))
        .isInstanceOf(OutputException.class)
        .hasMessageContaining("test.db.t");
    assertThat(write.engine).isNull();
    assertThat(write.committed).isEmpty();
    try (var files = Files.walk(dir.resolve("data"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void tableWriteOptionsTakeTheTablesPropertyNames() {
    TableFiles.FileSettings s =
        TableFiles.FileSettings.of(
            Map.of(
                "write.parquet.compression-codec", "UNCOMPRESSED",
                "write.target-file-size-bytes", "1000",
                "write.metadata.delete-after-commit.enabled", "true"));
    assertThat(s.parquet().compression()).isEqualTo("none");
    assertThat(s.targetBytes()).isEqualTo(1000);
    assertThat(s.files(100, 50)).isEqualTo(5);
    assertThatThrownBy(() -> TableFiles.FileSettings.of(Map.of("compression", "lzo")))
        .hasMessageContaining("lzo");
    assertThatThrownBy(() -> TableFiles.FileSettings.of(Map.of("maxRecordsPerFile", "0")))
        .hasMessageContaining("maxRecordsPerFile");
  }
}
