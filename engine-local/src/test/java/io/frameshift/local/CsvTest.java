package io.frameshift.local;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.local.Plans.list;
import static io.frameshift.local.Plans.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.internal.Analyzer;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  private static final LocalEngine ENGINE = Plans.ENGINE;

  @TempDir Path dir;

  private static Source source(Path path, Schema schema, Map<String, String> options) {
    return new Source(Format.CSV, List.of(path.toString()), options, schema);
  }

  private static Sink sink(Path path, WriteMode mode) {
    return new Sink(Format.CSV, path.toString(), mode, Map.of());
  }

  private static List<List<Object>> values(List<Row> rows) {
    return rows.stream().map(Row::values).toList();
  }

  @Test
  void roundTripsEveryType() {
    EngineFrame f = AllTypes.frame(AllTypes.SCHEMA, AllTypes.rows());
    Path out = dir.resolve("out");
    ENGINE.save(f, sink(out, WriteMode.ERROR_IF_EXISTS));
    assertThat(out.resolve("_SUCCESS")).exists().isEmptyFile();
    assertThat(out.resolve("part-00000.csv")).exists();
    EngineFrame back = ENGINE.load(source(out, AllTypes.SCHEMA, Map.of()));
    assertThat(back.schema()).isEqualTo(AllTypes.SCHEMA);
    assertThat(values(ENGINE.collect(back))).isEqualTo(values(ENGINE.collect(f)));
  }

  @Test
  void roundTripsWithoutHeaderAndWithOtherDelimiterAndNullValue() {
    EngineFrame f = AllTypes.frame(AllTypes.SCHEMA, AllTypes.rows());
    Path out = dir.resolve("semi");
    Map<String, String> opts = Map.of("header", "false", "delimiter", ";", "nullValue", "NA");
    ENGINE.save(f, new Sink(Format.CSV, out.toString(), WriteMode.ERROR_IF_EXISTS, opts));
    EngineFrame back = ENGINE.load(source(out, AllTypes.SCHEMA, opts));
    assertThat(values(ENGINE.collect(back))).isEqualTo(values(ENGINE.collect(f)));
  }

  @Test
  void roundTripsWithABackslashEscape() {
    Schema s = Schema.of(Field.of("s", DataType.STRING));
    EngineFrame f =
        AllTypes.frame(
            s,
            List.of(row("say \"hi\""), row("back\\slash"), row("end\\"), row("\\\""), row("'q'")));
    Path out = dir.resolve("escaped");
    Map<String, String> opts = Map.of("escape", "\\", "quote", "'");
    ENGINE.save(f, new Sink(Format.CSV, out.toString(), WriteMode.ERROR_IF_EXISTS, opts));
    assertThat(values(ENGINE.collect(ENGINE.load(source(out, s, opts)))))
        .isEqualTo(values(ENGINE.collect(f)));
  }

  @Test
  void writesValuesAsTheirStringCast() throws IOException {
    Schema s =
        Schema.builder()
            .column("d", DataType.FLOAT64)
            .column("t", DataType.TIMESTAMP)
            .column("s", DataType.STRING)
            .build();
    EngineFrame f =
        AllTypes.frame(
            s,
            List.of(
                row(1e10, Instant.parse("2024-01-02T03:04:05Z"), ""),
                row(null, null, null),
                row(2.0, null, "a,b")));
    Path out = dir.resolve("text");
    ENGINE.save(f, sink(out, WriteMode.ERROR_IF_EXISTS));
    assertThat(Files.readAllLines(out.resolve("part-00000.csv")))
        .containsExactly("d,t,s", "1.0E10,2024-01-02 03:04:05,\"\"", ",,", "2.0,,\"a,b\"");
  }

  @Test
  void infersTheNarrowestTypes() throws IOException {
    Path file = dir.resolve("typed.csv");
    Files.writeString(
        file,
        String.join(
            "\n",
            "i,l,d,b,day,ntz,ts,s,empty,mixed,dt,n",
            "1,3000000000,1.5,true,2024-01-01,2024-01-01 10:00:00,2024-01-01T10:00:00Z,x,,1,2024-01-01,1",
            "-2,4,2,FALSE,2024-12-31,2024-01-01T10:00:00.5,2024-01-01 10:00:00+01:00,2,,a,2024-01-01 10:00:00,1e400",
            ",,,,,,,,,,,"));
    Schema s = ENGINE.inferSchema(source(file, null, Map.of()));
    assertThat(s.fields())
        .containsExactly(
            Field.of("i", DataType.INT32),
            Field.of("l", DataType.INT64),
            Field.of("d", DataType.FLOAT64),
            Field.of("b", DataType.BOOLEAN),
            Field.of("day", DataType.DATE),
            Field.of("ntz", DataType.TIMESTAMP_NTZ),
            Field.of("ts", DataType.TIMESTAMP),
            Field.of("s", DataType.STRING),
            Field.of("empty", DataType.STRING),
            Field.of("mixed", DataType.STRING),
            Field.of("dt", DataType.TIMESTAMP_NTZ),
            Field.of("n", DataType.FLOAT64));
    List<List<Object>> rows = values(ENGINE.collect(ENGINE.load(source(file, s, Map.of()))));
    assertThat(rows.get(1))
        .containsExactly(
            -2,
            4L,
            2.0,
            false,
            LocalDate.of(2024, 12, 31),
            LocalDateTime.of(2024, 1, 1, 10, 0, 0, 500_000_000),
            Instant.parse("2024-01-01T09:00:00Z"),
            "2",
            null,
            "a",
            LocalDateTime.of(2024, 1, 1, 10, 0),
            Double.POSITIVE_INFINITY);
    assertThat(rows.get(2)).containsOnlyNulls();
  }

  @Test
  void namesColumnsLikeSpark() throws IOException {
    Path file = dir.resolve("names.csv");
    Files.writeString(file, "a,,a,b\n1,2,3,4\n");
    assertThat(ENGINE.inferSchema(source(file, null, Map.of())).names())
        .containsExactly("a0", "_c1", "a2", "b");
    assertThat(ENGINE.inferSchema(source(file, null, Map.of("header", "false"))).names())
        .containsExactly("_c0", "_c1", "_c2", "_c3");
    Schema strings = ENGINE.inferSchema(source(file, null, Map.of("inferSchema", "false")));
    assertThat(strings.types()).containsOnly(DataType.STRING);
  }

  @Test
  void badCellsNameFileLineColumnAndType() throws IOException {
    Path file = dir.resolve("orders.csv");
    Files.writeString(file, "id,amount\n1,10\n2,\"multi\nline\"\n3,abc\n");
    Schema s =
        Schema.builder().column("id", DataType.INT32).column("amount", DataType.STRING).build();
    assertThat(ENGINE.count(ENGINE.load(source(file, s, Map.of())))).isEqualTo(3);
    Schema typed =
        Schema.builder().column("id", DataType.INT32).column("amount", DataType.INT64).build();
    assertThatThrownBy(() -> ENGINE.load(source(file, typed, Map.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(file + " line 3, column 'amount': expected int64, found 'multi\nline'");
    Files.writeString(file, "id,amount\n1,10\n\n3,abc\n");
    assertThatThrownBy(() -> ENGINE.load(source(file, typed, Map.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(file + " line 4, column 'amount': expected int64, found 'abc'");
    Files.writeString(file, "id,amount\n1,10,7\n");
    assertThatThrownBy(() -> ENGINE.load(source(file, typed, Map.of())))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("expected 2 fields");
  }

  @Test
  void missingPathsAndUnsupportedFormatsAndOptions() {
    Path missing = dir.resolve("nope.csv");
    Schema s = Schema.of(Field.of("a", DataType.STRING));
    assertThatThrownBy(() -> ENGINE.load(source(missing, s, Map.of())))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> ENGINE.inferSchema(source(missing, null, Map.of())))
        .isInstanceOf(SourceNotFoundException.class);
    // tables are read and written through the table SPI, never as files at a path
    Source table = new Source(Format.ICEBERG, List.of(missing.toString()), Map.of(), s);
    assertThatThrownBy(() -> ENGINE.load(table))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("read().table(");
    EngineFrame f = AllTypes.frame(s, List.<Object[]>of(row("x")));
    assertThatThrownBy(
            () ->
                ENGINE.save(
                    f,
                    new Sink(
                        Format.ICEBERG,
                        dir.resolve("j").toString(),
                        WriteMode.OVERWRITE,
                        Map.of())))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("write().table(");
    assertThatThrownBy(() -> ENGINE.load(source(missing, s, Map.of("colour", "red"))))
        .isInstanceOf(InvalidOptionException.class);
  }

  @Test
  void readsDirectoriesOfPartFilesInNameOrder() throws IOException {
    Path ds = Files.createDirectory(dir.resolve("ds"));
    Files.writeString(ds.resolve("part-2.csv"), "n\n3\n");
    Files.writeString(ds.resolve("part-1.csv"), "n\n1\n2\n");
    Files.writeString(ds.resolve("_SUCCESS"), "");
    Files.writeString(ds.resolve(".part-1.csv.crc"), "garbage");
    Files.createDirectory(ds.resolve("sub"));
    Schema s = ENGINE.inferSchema(source(ds, null, Map.of()));
    assertThat(s).isEqualTo(Schema.of(Field.of("n", DataType.INT32)));
    assertThat(values(ENGINE.collect(ENGINE.load(source(ds, s, Map.of())))))
        .containsExactly(list(1), list(2), list(3));
  }

  @Test
  void writeModes() throws IOException {
    Schema s = Schema.of(Field.of("n", DataType.INT32));
    EngineFrame one = AllTypes.frame(s, List.<Object[]>of(row(1)));
    EngineFrame two = AllTypes.frame(s, List.<Object[]>of(row(2)));
    Path out = dir.resolve("modes");
    ENGINE.save(one, sink(out, WriteMode.ERROR_IF_EXISTS));
    assertThatThrownBy(() -> ENGINE.save(two, sink(out, WriteMode.ERROR_IF_EXISTS)))
        .isInstanceOf(OutputExistsException.class)
        .hasMessageContaining(out.toString());
    ENGINE.save(two, sink(out, WriteMode.IGNORE));
    assertThat(read(out, s)).containsExactly(list(1));
    ENGINE.save(two, sink(out, WriteMode.APPEND));
    assertThat(read(out, s)).containsExactlyInAnyOrder(list(1), list(2));
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")))
          .hasSize(2);
    }
    ENGINE.save(two, sink(out, WriteMode.OVERWRITE));
    assertThat(read(out, s)).containsExactly(list(2));
    Path fresh = dir.resolve("fresh");
    ENGINE.save(one, sink(fresh, WriteMode.APPEND));
    assertThat(read(fresh, s)).containsExactly(list(1));
    try (Stream<Path> leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).containsOnly("modes", "fresh");
    }
  }

  @Test
  void failedOverwriteLeavesThePreviousDataIntact() throws IOException {
    Schema s = Schema.of(Field.of("n", DataType.INT32));
    Path out = dir.resolve("atomic");
    ENGINE.save(AllTypes.frame(s, List.<Object[]>of(row(1))), sink(out, WriteMode.ERROR_IF_EXISTS));
    LocalEngine failing =
        new LocalEngine(
            staged -> {
              assertThat(staged).exists(); // the staged directory (or appended part file)
              throw new IllegalStateException("disk pulled out");
            });
    EngineFrame replacement = failing.create(s, List.of(Row.of(s, 2)));
    assertThatThrownBy(() -> failing.save(replacement, sink(out, WriteMode.OVERWRITE)))
        .hasMessageContaining("disk pulled out");
    assertThat(read(out, s)).containsExactly(list(1));
    assertThatThrownBy(() -> failing.save(replacement, sink(out, WriteMode.APPEND)))
        .hasMessageContaining("disk pulled out");
    assertThat(read(out, s)).containsExactly(list(1));
    try (Stream<Path> leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).containsOnly("atomic");
    }
    try (Stream<Path> inside = Files.list(out)) {
      assertThat(inside.map(p -> p.getFileName().toString()))
          .containsOnly("part-00000.csv", "_SUCCESS");
    }
  }

  @Test
  void singleColumnNullsSurviveARoundTrip() {
    Schema s = Schema.of(Field.of("s", DataType.STRING));
    EngineFrame f = AllTypes.frame(s, List.of(row("a"), row((Object) null), row(""), row("b")));
    Path out = dir.resolve("single");
    ENGINE.save(f, sink(out, WriteMode.ERROR_IF_EXISTS));
    assertThat(values(ENGINE.collect(ENGINE.load(source(out, s, Map.of())))))
        .containsExactly(list("a"), list((Object) null), list(""), list("b"));
  }

  @Test
  void loadedFramesFeedTheOtherOperations() throws IOException {
    Path file = dir.resolve("orders.csv");
    Files.writeString(file, "id,amount\n1,10.5\n2,\n3,4\n");
    Schema s = ENGINE.inferSchema(source(file, null, Map.of()));
    var scan = Analyzer.scan(source(file, s, Map.of()));
    var filtered = Analyzer.filter(scan, col("amount").gt(5));
    assertThat(Plans.rows(filtered)).containsExactly(list(1, 10.5));
  }

  private List<List<Object>> read(Path path, Schema s) {
    return values(ENGINE.collect(ENGINE.load(source(path, s, Map.of()))));
  }
}
