package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.expr.Expr;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.Capability;
import io.frameshift.spi.FrameStats;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parquet as the local engine's load/save format: types, layout, modes, partitions, errors. */
class ParquetTest {
  @TempDir Path dir;

  private final LocalEngine engine = new LocalEngine();

  @AfterEach
  void close() {
    engine.close();
  }

  private LocalFrame frame(List<Row> rows) {
    return (LocalFrame) engine.create(LocalArrowTest.ALL, rows);
  }

  private void save(LocalFrame f, Path out, WriteMode mode, Map<String, String> options) {
    engine.save(f, new Sink(Format.PARQUET, out.toString(), mode, options));
  }

  private Source source(Path path, Schema schema) {
    return new Source(Format.PARQUET, List.of(path.toString()), Map.of(), schema);
  }

  private List<Row> load(Source source) {
    return engine.collect(engine.load(source));
  }

  private Schema infer(Path path) {
    return engine.inferSchema(source(path, null));
  }

  @Test
  void everyTypeWithNullsRoundTripsWithItsSchema() throws IOException {
    List<Row> rows = LocalArrowTest.rows(41, 5000);
    Path out = dir.resolve("all");
    save(frame(rows), out, WriteMode.ERROR_IF_EXISTS, Map.of());
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("part-00000.parquet", "_SUCCESS");
    }
    assertThat(infer(out)).isEqualTo(LocalArrowTest.ALL);
    assertThat(load(source(out, LocalArrowTest.ALL))).isEqualTo(rows);
  }

  @ParameterizedTest
  @ValueSource(strings = {"snappy", "zstd", "gzip", "none", "uncompressed"})
  void everyCodecWritesWhatReadsBack(String codec) {
    List<Row> rows = LocalArrowTest.rows(43, 2000);
    Path out = dir.resolve(codec);
    save(frame(rows), out, WriteMode.ERROR_IF_EXISTS, Map.of("compression", codec));
    assertThat(load(source(out, LocalArrowTest.ALL))).isEqualTo(rows);
  }

  @Test
  void aSmallRowGroupSizeGivesManyRowGroupsThatReadBackInOrder() {
    List<Row> rows = LocalArrowTest.rows(47, 20_000);
    Path out = dir.resolve("groups");
    save(frame(rows), out, WriteMode.ERROR_IF_EXISTS, Map.of("rowGroupSize", "64k"));
    FrameStats stats = engine.sourceStats(source(out, null));
    assertThat(stats.rows()).isEqualTo(20_000);
    assertThat(stats.exact()).isTrue();
    assertThat(load(source(out, LocalArrowTest.ALL))).isEqualTo(rows);
  }

  @Test
  void emptyFrameRoundTrips() {
    Path out = dir.resolve("empty");
    save(frame(List.of()), out, WriteMode.ERROR_IF_EXISTS, Map.of());
    assertThat(infer(out)).isEqualTo(LocalArrowTest.ALL);
    assertThat(load(source(out, LocalArrowTest.ALL))).isEmpty();
  }

  @Test
  void writeModesFollowTheContract() {
    List<Row> first = LocalArrowTest.rows(53, 10);
    List<Row> second = LocalArrowTest.rows(59, 7);
    Path out = dir.resolve("modes");
    save(frame(first), out, WriteMode.ERROR_IF_EXISTS, Map.of());
    assertThatThrownBy(() -> save(frame(second), out, WriteMode.ERROR_IF_EXISTS, Map.of()))
        .isInstanceOf(OutputExistsException.class);
    save(frame(second), out, WriteMode.IGNORE, Map.of());
    assertThat(load(source(out, LocalArrowTest.ALL))).isEqualTo(first);
    save(frame(second), out, WriteMode.APPEND, Map.of());
    assertThat(load(source(out, LocalArrowTest.ALL)))
        .hasSize(17)
        .containsAll(first)
        .containsAll(second);
    save(frame(second), out, WriteMode.OVERWRITE, Map.of());
    assertThat(load(source(out, LocalArrowTest.ALL))).isEqualTo(second);
  }

  @Test
  void projectionGivesExactlyTheProjectedSchema() {
    List<Row> rows = LocalArrowTest.rows(61, 300);
    Path out = dir.resolve("proj");
    save(frame(rows), out, WriteMode.ERROR_IF_EXISTS, Map.of());
    Source s = source(out, LocalArrowTest.ALL).withColumns(List.of("wide", "s", "dt"));
    EngineFrameAssert.schemaOf(engine.load(s))
        .isEqualTo(
            Schema.of(
                Field.of("s", DataType.STRING),
                Field.of("dt", DataType.DATE),
                Field.of("wide", DataType.decimal(38, 10))));
    List<Row> got = load(s);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(got.get(i).get(0)).isEqualTo(rows.get(i).get("s"));
      assertThat(got.get(i).get(2)).isEqualTo(rows.get(i).get("wide"));
    }
    // no column at all: only the row count, from the footers
    assertThat(load(source(out, LocalArrowTest.ALL).withColumns(List.of()))).hasSize(300);
  }

  /** Tiny helper so the schema assertion reads as one line. */
  private static final class EngineFrameAssert {
    static org.assertj.core.api.ObjectAssert<Schema> schemaOf(io.frameshift.spi.EngineFrame f) {
      return assertThat(f.schema());
    }
  }

  // ---- partitions -------------------------------------------------------------------------------

  private static final Schema SALES =
      Schema.of(
          Field.of("id", DataType.INT64),
          Field.of("amount", DataType.FLOAT64),
          Field.of("country", DataType.STRING),
          Field.of("yr", DataType.INT32));

  private List<Row> sales() {
    List<Row> rows = new ArrayList<>();
    String[] countries = {"DE", "FR", "a/b=c", null};
    for (int i = 0; i < 400; i++) {
      rows.add(
          Row.of(
              SALES,
              (long) i,
              i * 1.5,
              countries[i % countries.length],
              i % 5 == 0 ? null : 2020 + i % 3));
    }
    return rows;
  }

  @Test
  void partitionByWritesHiveFoldersWithoutThoseColumnsAndReadsThemBack() throws IOException {
    Path out = dir.resolve("sales");
    engine.save(
        engine.create(SALES, sales()),
        new Sink(
            Format.PARQUET,
            out.toString(),
            WriteMode.ERROR_IF_EXISTS,
            Map.of(),
            List.of("country", "yr")));
    assertThat(out.resolve("country=DE").resolve("yr=2021")).isDirectory();
    assertThat(out.resolve("country=" + Datasets.DEFAULT_PARTITION).resolve("yr=2020"))
        .isDirectory();
    assertThat(out.resolve("country=a%2Fb%3Dc")).isDirectory();
    assertThat(out.resolve("country=DE").resolve("yr=" + Datasets.DEFAULT_PARTITION)).isDirectory();
    Path part;
    try (Stream<Path> all = Files.walk(out.resolve("country=DE").resolve("yr=2021"))) {
      part = all.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    assertThat(infer(part))
        .isEqualTo(Schema.of(Field.of("id", DataType.INT64), Field.of("amount", DataType.FLOAT64)));

    Schema inferred = infer(out);
    assertThat(inferred).isEqualTo(SALES);
    List<Row> back = new ArrayList<>(load(source(out, inferred)));
    back.sort(Comparator.comparingLong(r -> (Long) r.get(0)));
    assertThat(back).isEqualTo(sales());
  }

  @Test
  void partitionPruningReadsOnlyTheFilesWhoseFolderMaySatisfyTheFilter() {
    Path out = dir.resolve("pruned");
    engine.save(
        engine.create(SALES, sales()),
        new Sink(
            Format.PARQUET, out.toString(), WriteMode.ERROR_IF_EXISTS, Map.of(), List.of("yr")));
    Source all = source(out, infer(out));
    Expr filter = Expr.parse("yr = 2021 AND amount > 0");
    List<Row> got = load(all.withFilter(filter));
    // every row of the 2021 folder, and no other folder
    assertThat(got).isNotEmpty().allMatch(r -> Integer.valueOf(2021).equals(r.get("yr")));
    assertThat(got)
        .hasSize(
            (int) sales().stream().filter(r -> Integer.valueOf(2021).equals(r.get("yr"))).count());
    assertThat(load(all.withFilter(Expr.parse("yr IS NULL"))))
        .hasSize(80)
        .allMatch(r -> r.get("yr") == null);
    assertThat(load(all.withFilter(Expr.parse("yr = 1999")))).isEmpty();
  }

  private static final Schema KVS =
      Schema.of(
          Field.of("k", DataType.INT32),
          Field.of("v", DataType.INT64),
          Field.of("s", DataType.STRING));

  /** {@code n} rows: k = i % 100, v = i, s a string of its own per row. */
  private static List<Row> kvs(int n) {
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      rows.add(Row.of(KVS, i % 100, (long) i, "row-" + i + "-of-a-table-too-wide-for-the-heap"));
    }
    return rows;
  }

  @Test
  void statsAreOfWhatAScanOfTheNarrowedSourceHolds() {
    Path out = dir.resolve("kvs");
    engine.save(
        engine.create(KVS, kvs(20_000)),
        new Sink(
            Format.PARQUET, out.toString(), WriteMode.ERROR_IF_EXISTS, Map.of(), List.of("k")));
    Source all = source(out, infer(out));
    FrameStats whole = engine.sourceStats(all);
    assertThat(whole.rows()).isEqualTo(20_000);
    assertThat(whole.exact()).isTrue();

    // the column read: 8 bytes a long (and a null bit), not the strings beside it
    FrameStats v = engine.sourceStats(all.withColumns(List.of("v")));
    assertThat(v.rows()).isEqualTo(20_000);
    assertThat(v.bytes()).isBetween(8L * 20_000, 9L * 20_000);
    assertThat(whole.bytes()).isGreaterThan(10 * v.bytes());

    // a filter on the partition column keeps one folder of 100, exactly as the scan does
    FrameStats one = engine.sourceStats(all.withFilter(Expr.parse("k = 3")));
    assertThat(one.rows())
        .isEqualTo(200)
        .isEqualTo(load(all.withFilter(Expr.parse("k = 3"))).size());
    assertThat(one.exact()).isTrue();
    assertThat(one.bytes()).isLessThan(whole.bytes() / 50);
  }

  @Test
  void statsSkipTheRowGroupsTheStatisticsRuleOut() {
    Path out = dir.resolve("sorted");
    engine.save(
        engine.create(KVS, kvs(20_000)),
        new Sink(
            Format.PARQUET,
            out.toString(),
            WriteMode.ERROR_IF_EXISTS,
            Map.of("rowGroupSize", "64k"),
            List.of()));
    Source all = source(out, infer(out));
    FrameStats first = engine.sourceStats(all.withFilter(Expr.parse("v < 100")));
    // v rises with the rows: only the first row group may hold v < 100
    assertThat(first.rows()).isPositive().isLessThan(20_000);
    // parquet-java's dictionary and bloom-filter tests could skip more when the scan runs
    assertThat(first.exact()).isFalse();
  }

  // ---- errors -----------------------------------------------------------------------------------

  @Test
  void aMissingPathIsNamed() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> infer(missing))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void anEmptyFileIsNamed() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.parquet"));
    assertThatThrownBy(() -> infer(empty))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(empty.toString())
        .hasMessageContaining("empty");
  }

  @Test
  void aTruncatedOrCorruptFileIsNamed() throws IOException {
    Path out = dir.resolve("good");
    save(frame(LocalArrowTest.rows(67, 500)), out, WriteMode.ERROR_IF_EXISTS, Map.of());
    byte[] bytes = Files.readAllBytes(out.resolve("part-00000.parquet"));
    Path truncated = dir.resolve("truncated.parquet");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> infer(truncated))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(truncated.toString());
    Path notParquet = dir.resolve("text.parquet");
    Files.writeString(notParquet, "id,name\n1,a\n".repeat(20));
    assertThatThrownBy(() -> infer(notParquet))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(notParquet.toString());
    // a footer intact but data pages overwritten: the error comes while decoding
    byte[] corrupt = bytes.clone();
    for (int i = 4; i < corrupt.length / 2; i++) {
      corrupt[i] = (byte) 0x5A;
    }
    Path bad = dir.resolve("corrupt.parquet");
    Files.write(bad, corrupt);
    assertThatThrownBy(() -> load(source(bad, LocalArrowTest.ALL)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(bad.toString());
  }

  @Test
  void anUnsupportedOptionListsTheSupportedOnes() {
    Path out = dir.resolve("opts");
    assertThatThrownBy(
            () -> save(frame(List.of()), out, WriteMode.ERROR_IF_EXISTS, Map.of("codec", "lz4")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("compression")
        .hasMessageContaining("rowGroupSize");
    assertThatThrownBy(
            () ->
                save(
                    frame(List.of()), out, WriteMode.ERROR_IF_EXISTS, Map.of("compression", "lz4")))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("snappy, zstd, gzip, none");
  }

  @Test
  void aColumnOfAnotherTypeThanTheSchemaSaysIsNamedWithBothTypes() {
    Path out = dir.resolve("typed");
    save(frame(LocalArrowTest.rows(71, 20)), out, WriteMode.ERROR_IF_EXISTS, Map.of());
    Schema wrong = Schema.of(Field.of("i", DataType.INT64));
    assertThatThrownBy(() -> load(source(out, wrong)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("part-00000.parquet")
        .hasMessageContaining("'i'")
        .hasMessageContaining("int32")
        .hasMessageContaining("int64");
  }

  @Test
  void partFilesWithConflictingSchemasNameBothFilesAndTheColumn() {
    Path out = dir.resolve("conflict");
    save(frame(LocalArrowTest.rows(73, 20)), out, WriteMode.ERROR_IF_EXISTS, Map.of());
    Schema other = Schema.of(Field.of("b", DataType.STRING));
    engine.save(
        engine.create(other, List.of(Row.of(other, "x"))),
        new Sink(Format.PARQUET, out.toString(), WriteMode.APPEND, Map.of()));
    assertThatThrownBy(() -> infer(out))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("part-00000.parquet")
        .hasMessageContaining("'b'")
        .hasMessageMatching("(?s).*part-[0-9a-f-]{36}\\.parquet.*");
  }

  @Test
  void theEngineAdvertisesParquet() {
    assertThat(engine.capabilities()).contains(Capability.READ_PARQUET, Capability.WRITE_PARQUET);
    assertThat(LocalEngine.TRAITS.reads()).contains(Format.PARQUET);
  }

  @Test
  void largeFramesAreWrittenAsSeveralPartsInParallelAndReadBackInOrder() throws IOException {
    Schema s = Schema.of(Field.of("x", DataType.INT64), Field.of("t", DataType.STRING));
    int n = (1 << 20) * 2 + 17;
    long[] xs = new long[n];
    String[] ts = new String[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i;
      ts[i] = i % 7 == 0 ? null : "v" + (i % 1000);
    }
    LocalFrame big =
        new LocalFrame(s, List.of(Vec.ofLongs(DataType.INT64, xs, null), Vec.ofStrings(ts)), n);
    Path out = dir.resolve("big");
    try (LocalEngine four = new LocalEngine(Map.of("frameshift.local.threads", "4"))) {
      four.save(big, new Sink(Format.PARQUET, out.toString(), WriteMode.ERROR_IF_EXISTS, Map.of()));
      try (Stream<Path> files = Files.list(out)) {
        assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isEqualTo(2);
      }
      LocalFrame back = (LocalFrame) four.load(source(out, s));
      assertThat(back.rows()).isEqualTo(n);
      for (int i = 0; i < n; i += 9973) {
        assertThat(back.column(0).i64(i)).isEqualTo(i);
        assertThat(back.column(1).isNull(i)).isEqualTo(i % 7 == 0);
      }
    }
  }
}
