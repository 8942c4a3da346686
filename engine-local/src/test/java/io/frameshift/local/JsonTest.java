package io.frameshift.local;

import static io.frameshift.local.Plans.list;
import static io.frameshift.local.Plans.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.math.BigDecimal;
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

class JsonTest {
  private static final LocalEngine ENGINE = Plans.ENGINE;

  @TempDir Path dir;

  private static Source source(Path path, Schema schema, Map<String, String> options) {
    return new Source(Format.JSON, List.of(path.toString()), options, schema);
  }

  private static Sink sink(Path path, WriteMode mode) {
    return new Sink(Format.JSON, path.toString(), mode, Map.of());
  }

  private static List<List<Object>> values(EngineFrame f) {
    return ENGINE.collect(f).stream().map(Row::values).toList();
  }

  private List<List<Object>> read(Path path, Schema s, Map<String, String> options) {
    return values(ENGINE.load(source(path, s, options)));
  }

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  // ---- writing and reading back -----------------------------------------------------------------

  @Test
  void roundTripsEveryType() {
    EngineFrame f = AllTypes.frame(AllTypes.SCHEMA, AllTypes.rows());
    Path out = dir.resolve("out");
    ENGINE.save(f, sink(out, WriteMode.ERROR_IF_EXISTS));
    assertThat(out.resolve("_SUCCESS")).exists().isEmptyFile();
    assertThat(out.resolve("part-00000.json")).exists();
    EngineFrame back = ENGINE.load(source(out, AllTypes.SCHEMA, Map.of()));
    assertThat(back.schema()).isEqualTo(AllTypes.SCHEMA);
    assertThat(values(back)).isEqualTo(values(f));
  }

  @Test
  void writesAsSparkDoesNullsOmitted() throws IOException {
    EngineFrame f = AllTypes.frame(AllTypes.SCHEMA, AllTypes.rows());
    Path out = dir.resolve("spark");
    ENGINE.save(f, sink(out, WriteMode.ERROR_IF_EXISTS));
    List<String> lines = Files.readAllLines(out.resolve("part-00000.json"));
    assertThat(lines)
        .containsExactly(
            "{\"b\":true,\"i\":-2147483648,\"l\":-9223372036854775808,\"f\":1.5,\"d\":1.0E-300,"
                + "\"s\":\"plain\",\"day\":\"2024-02-29\",\"ts\":\"2024-01-02T03:04:05.123456Z\","
                + "\"ntz\":\"1999-12-31T23:59:59.000000\",\"dec\":-1234567.891,"
                + "\"wide\":12345678901234567890123456.7891}",
            "{\"b\":false,\"i\":2147483647,\"l\":9223372036854775807,\"f\":\"NaN\","
                + "\"d\":\"-Infinity\",\"s\":\"comma, \\\"quote\\\"\\nnew line\",\"day\":\"0001-01-01\","
                + "\"ts\":\"1960-06-01T00:00:00.000000Z\",\"ntz\":\"2024-01-01T00:00:00.000001\","
                + "\"dec\":0.000,\"wide\":-0.0001}",
            "{\"s\":\"\"}",
            "{}",
            "{\"b\":true,\"i\":0,\"l\":0,\"f\":-0.0,\"d\":\"NaN\",\"s\":\" padded \"}");
  }

  @Test
  void readsWhatSparkWrites() throws IOException {
    Path p =
        file(
            "spark.json",
            "{\"ts\":\"2024-01-31T10:00:00.000Z\",\"ntz\":\"2024-01-31T10:00:00.000\","
                + "\"day\":\"2024-01-31\",\"dec\":1.50,\"d\":\"Infinity\"}\n");
    Schema s =
        Schema.builder()
            .column("d", DataType.FLOAT64)
            .column("day", DataType.DATE)
            .column("dec", DataType.decimal(5, 2))
            .column("ntz", DataType.TIMESTAMP_NTZ)
            .column("ts", DataType.TIMESTAMP)
            .build();
    assertThat(read(p, s, Map.of()))
        .containsExactly(
            list(
                Double.POSITIVE_INFINITY,
                LocalDate.of(2024, 1, 31),
                new BigDecimal("1.50"),
                LocalDateTime.of(2024, 1, 31, 10, 0),
                Instant.parse("2024-01-31T10:00:00Z")));
  }

  @Test
  void writeModesAppendPartFiles() throws IOException {
    Schema s = Schema.of(Field.of("n", DataType.INT64));
    Path out = dir.resolve("modes");
    ENGINE.save(
        AllTypes.frame(s, List.<Object[]>of(row(1L))), sink(out, WriteMode.ERROR_IF_EXISTS));
    ENGINE.save(AllTypes.frame(s, List.<Object[]>of(row(2L))), sink(out, WriteMode.APPEND));
    assertThat(read(out, s, Map.of())).containsExactlyInAnyOrder(list(1L), list(2L));
    ENGINE.save(AllTypes.frame(s, List.<Object[]>of(row(3L))), sink(out, WriteMode.OVERWRITE));
    assertThat(read(out, s, Map.of())).containsExactly(list(3L));
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsOnly("part-00000.json", "_SUCCESS");
    }
  }

  @Test
  void partitionByWritesHiveFoldersAtomically() throws IOException {
    Schema s =
        Schema.of(
            Field.of("id", DataType.INT64),
            Field.of("country", DataType.STRING),
            Field.of("day", DataType.DATE));
    EngineFrame f =
        AllTypes.frame(
            s,
            List.of(
                row(1L, "DE", LocalDate.of(2024, 1, 1)),
                row(2L, null, LocalDate.of(2024, 1, 1)),
                row(3L, "DE", LocalDate.of(2024, 1, 2))));
    Path out = dir.resolve("parted");
    Sink sink =
        new Sink(
            Format.JSON,
            out.toString(),
            WriteMode.ERROR_IF_EXISTS,
            Map.of(),
            List.of("country", "day"));
    ENGINE.save(f, sink);
    assertThat(out.resolve("country=DE/day=2024-01-01/part-00000.json")).hasContent("{\"id\":1}");
    assertThat(out.resolve("country=__HIVE_DEFAULT_PARTITION__/day=2024-01-01/part-00000.json"))
        .exists();
    assertThat(out.resolve("_SUCCESS")).exists();
    Schema inferred = ENGINE.inferSchema(source(out, null, Map.of()));
    assertThat(inferred)
        .isEqualTo(
            Schema.of(
                Field.of("id", DataType.INT64),
                Field.of("country", DataType.STRING),
                Field.of("day", DataType.DATE)));
    ENGINE.save(
        AllTypes.frame(s, List.<Object[]>of(row(4L, "FR", LocalDate.of(2024, 1, 1)))),
        new Sink(
            Format.JSON, out.toString(), WriteMode.APPEND, Map.of(), List.of("country", "day")));
    assertThat(read(out, inferred, Map.of()))
        .containsExactlyInAnyOrder(
            list(1L, "DE", LocalDate.of(2024, 1, 1)),
            list(3L, "DE", LocalDate.of(2024, 1, 2)),
            list(2L, null, LocalDate.of(2024, 1, 1)),
            list(4L, "FR", LocalDate.of(2024, 1, 1)));
    try (Stream<Path> all = Files.walk(out)) {
      assertThat(all.map(p -> out.relativize(p).toString()).filter(n -> n.contains("staging")))
          .isEmpty();
    }
  }

  // ---- inference --------------------------------------------------------------------------------

  @Test
  void infersAsSparkDoes() throws IOException {
    Path p =
        file(
            "infer.jsonl",
            String.join(
                "\n",
                "{\"long\":1,\"mixed\":1,\"num\":1,\"flag\":true,\"none\":null,\"empty\":\"\","
                    + "\"big\":12345678901234567890,\"obj\":{\"x\":1},\"B\":\"s\"}",
                "",
                "  ",
                "{\"long\":2,\"mixed\":\"x\",\"num\":2.5,\"flag\":false,\"empty\":3,"
                    + "\"big\":1,\"obj\":[1,2],\"late\":\"2024-01-01\"}",
                ""));
    Schema s = ENGINE.inferSchema(source(p, null, Map.of()));
    assertThat(s)
        .isEqualTo(
            Schema.builder()
                .column("B", DataType.STRING)
                .column("big", DataType.FLOAT64)
                .column("empty", DataType.INT64)
                .column("flag", DataType.BOOLEAN)
                .column("late", DataType.STRING)
                .column("long", DataType.INT64)
                .column("mixed", DataType.STRING)
                .column("none", DataType.STRING)
                .column("num", DataType.FLOAT64)
                .column("obj", DataType.STRING)
                .build());
    // an empty string is null to inference but, as in Spark, fits no INT64 when read
    assertThatThrownBy(() -> read(p, s, Map.of()))
        .isInstanceOf(InputException.class)
        .hasMessage(p + " line 1, column 'empty': expected int64, found \"\"");
    Schema withoutEmpty =
        Schema.of(s.fields().stream().filter(f -> !f.name().equals("empty")).toList());
    assertThat(read(p, withoutEmpty, Map.of()))
        .containsExactly(
            list("s", 1.2345678901234567e19, true, null, 1L, "1", null, 1.0, "{\"x\":1}"),
            list(null, 1.0, false, "2024-01-01", 2L, "x", null, 2.5, "[1,2]"));
  }

  @Test
  void inferenceSamplesTheFirstLinesOnly() throws IOException {
    Path p = file("sample.json", "{\"a\":1}\n{\"a\":2}\n{\"a\":\"x\",\"b\":1}\n");
    assertThat(ENGINE.inferSchema(source(p, null, Map.of("samplingRows", "2"))))
        .isEqualTo(Schema.of(Field.of("a", DataType.INT64)));
    assertThat(ENGINE.inferSchema(source(p, null, Map.of())))
        .isEqualTo(Schema.of(Field.of("a", DataType.STRING), Field.of("b", DataType.INT64)));
  }

  @Test
  void partFilesWithConflictingTypesUnify() throws IOException {
    Path ds = dir.resolve("parts");
    file("parts/part-0.json", "{\"n\":1,\"s\":1}\n");
    file("parts/part-1.json", "{\"n\":2.5,\"s\":\"x\"}\n");
    file("parts/_SUCCESS", "");
    Schema s = ENGINE.inferSchema(source(ds, null, Map.of()));
    assertThat(s)
        .isEqualTo(Schema.of(Field.of("n", DataType.FLOAT64), Field.of("s", DataType.STRING)));
    assertThat(read(ds, s, Map.of())).containsExactly(list(1.0, "1"), list(2.5, "x"));
  }

  @Test
  void hivePartitionsAreConstantColumnsAfterTheFileColumns() throws IOException {
    Path ds = dir.resolve("hive");
    file("hive/year=2024/part-0.json", "{\"v\":\"a\"}\n{\"v\":\"b\"}\n");
    file("hive/year=2025/part-0.json", "{\"v\":\"c\"}\n");
    Schema s = ENGINE.inferSchema(source(ds, null, Map.of()));
    assertThat(s)
        .isEqualTo(Schema.of(Field.of("v", DataType.STRING), Field.of("year", DataType.INT32)));
    assertThat(read(ds, s, Map.of()))
        .containsExactly(list("a", 2024), list("b", 2024), list("c", 2025));
    Source onlyYear = source(ds, s, Map.of()).withColumns(List.of("year"));
    assertThat(values(ENGINE.load(onlyYear))).containsExactly(list(2024), list(2024), list(2025));
  }

  @Test
  void projectionReadsOnlyTheColumnsNeeded() throws IOException {
    Path p =
        file("wide.json", "{\"a\":1,\"b\":{\"deep\":[1,{\"x\":2}]},\"c\":\"x\"}\n{\"c\":\"y\"}\n");
    Schema s = ENGINE.inferSchema(source(p, null, Map.of()));
    EngineFrame f = ENGINE.load(source(p, s, Map.of()).withColumns(List.of("c", "a")));
    assertThat(f.schema())
        .isEqualTo(Schema.of(Field.of("a", DataType.INT64), Field.of("c", DataType.STRING)));
    assertThat(values(f)).containsExactly(list(1L, "x"), list(null, "y"));
  }

  // ---- errors -----------------------------------------------------------------------------------

  @Test
  void missingPathAndEmptyFile() throws IOException {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> ENGINE.inferSchema(source(missing, null, Map.of())))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining(missing.toString());
    Path empty = file("empty.json", "\n  \n");
    assertThatThrownBy(() -> ENGINE.inferSchema(source(empty, null, Map.of())))
        .isInstanceOf(InputException.class)
        .hasMessage(
            "Cannot infer a schema from json "
                + empty
                + ": it holds no JSON line; give the schema");
    assertThat(read(empty, Schema.of(Field.of("a", DataType.INT64)), Map.of())).isEmpty();
  }

  @Test
  void aLineThatDoesNotParseNamesFileAndLine() throws IOException {
    Path p = file("bad.json", "{\"a\":1}\n\n{\"a\":2,}\n{\"a\":3}\n");
    Schema s = Schema.of(Field.of("a", DataType.INT64));
    assertThatThrownBy(() -> read(p, s, Map.of()))
        .isInstanceOf(InputException.class)
        .hasMessageStartingWith(p + " line 3: malformed JSON: Unexpected character ('}'");
    // inference leaves the bad line to the read, as the Spark engine does
    assertThat(ENGINE.inferSchema(source(p, null, Map.of()))).isEqualTo(s);
    Path notObject = file("array.json", "{\"a\":1}\n[1]\n");
    assertThatThrownBy(() -> read(notObject, s, Map.of()))
        .hasMessage(notObject + " line 2: not a JSON object but an array");
    Path trailing = file("trailing.json", "{\"a\":1} {\"a\":2}\n");
    assertThatThrownBy(() -> read(trailing, s, Map.of()))
        .hasMessage(trailing + " line 1: text after the JSON object: an object");
  }

  @Test
  void aValueThatDoesNotFitNamesFileLineColumnAndValue() throws IOException {
    Path p = file("types.json", "{\"n\":1}\n{\"n\":1.5}\n");
    Schema ints = Schema.of(Field.of("n", DataType.INT64));
    assertThatThrownBy(() -> read(p, ints, Map.of()))
        .isInstanceOf(InputException.class)
        .hasMessage(p + " line 2, column 'n': expected int64, found 1.5");
    Path big = file("big.json", "{\"n\":3000000000}\n");
    assertThatThrownBy(() -> read(big, Schema.of(Field.of("n", DataType.INT32)), Map.of()))
        .hasMessage(big + " line 1, column 'n': expected int32, found 3000000000");
    Path day = file("day.json", "{\"d\":\"2024-02-30\"}\n");
    assertThatThrownBy(() -> read(day, Schema.of(Field.of("d", DataType.DATE)), Map.of()))
        .hasMessage(day + " line 1, column 'd': expected date, found \"2024-02-30\"");
    Path text = file("text.json", "{\"n\":\"12\"}\n");
    assertThatThrownBy(() -> read(text, ints, Map.of()))
        .hasMessage(text + " line 1, column 'n': expected int64, found \"12\"");
  }

  @Test
  void nestedValuesAreRefusedOutsideStringColumns() throws IOException {
    Path p = file("nested.json", "{\"x\":{\"y\":1}}\n");
    assertThatThrownBy(() -> read(p, Schema.of(Field.of("x", DataType.INT64)), Map.of()))
        .isInstanceOf(InputException.class)
        .hasMessage(
            p
                + " line 1, column 'x': nested JSON is not supported yet: the value is an object"
                + " and the column is int64 (only a STRING column takes one, as its JSON text)");
    assertThat(read(p, Schema.of(Field.of("x", DataType.STRING)), Map.of()))
        .containsExactly(list("{\"y\":1}"));
  }

  @Test
  void unsupportedOptionsAreRefused() throws IOException {
    Path p = file("o.json", "{\"a\":1}\n");
    assertThatThrownBy(() -> ENGINE.inferSchema(source(p, null, Map.of("multiLine", "true"))))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("multiLine")
        .hasMessageContaining("mode");
    assertThatThrownBy(() -> read(p, Schema.of(Field.of("a", DataType.INT64)), Map.of("mode", "x")))
        .isInstanceOf(InvalidOptionException.class);
    Schema s = Schema.of(Field.of("a", DataType.INT64));
    EngineFrame f = AllTypes.frame(s, List.<Object[]>of(row(1L)));
    assertThatThrownBy(
            () ->
                ENGINE.save(
                    f,
                    new Sink(
                        Format.JSON,
                        dir.resolve("w").toString(),
                        WriteMode.OVERWRITE,
                        Map.of("compression", "gzip"))))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("compression");
  }

  // ---- read modes -------------------------------------------------------------------------------

  private static final String MIXED =
      "{\"a\":1,\"b\":\"x\"}\n{\"a\":\n{\"a\":\"two\",\"b\":\"y\"}\n";

  @Test
  void dropMalformedDropsBadLines() throws IOException {
    Path p = file("mixed.json", MIXED);
    Map<String, String> drop = Map.of("mode", "DROPMALFORMED");
    Schema s = ENGINE.inferSchema(source(p, null, drop));
    assertThat(s)
        .isEqualTo(Schema.of(Field.of("a", DataType.STRING), Field.of("b", DataType.STRING)));
    Schema typed = Schema.of(Field.of("a", DataType.INT64), Field.of("b", DataType.STRING));
    assertThat(read(p, typed, drop)).containsExactly(list(1L, "x"));
  }

  @Test
  void permissiveKeepsBadLinesAsNullsWithTheirText() throws IOException {
    Path p = file("mixed.json", MIXED);
    Map<String, String> permissive = Map.of("mode", "PERMISSIVE");
    Schema s = ENGINE.inferSchema(source(p, null, permissive));
    assertThat(s)
        .isEqualTo(
            Schema.of(
                Field.of("_corrupt_record", DataType.STRING),
                Field.of("a", DataType.STRING),
                Field.of("b", DataType.STRING)));
    Schema typed =
        Schema.of(
            Field.of("a", DataType.INT64),
            Field.of("b", DataType.STRING),
            Field.of("_corrupt_record", DataType.STRING));
    assertThat(read(p, typed, permissive))
        .containsExactly(
            list(1L, "x", null),
            list(null, null, "{\"a\":"),
            list(null, "y", "{\"a\":\"two\",\"b\":\"y\"}"));
    // without the column the lines are still kept, as nulls
    Schema plain = Schema.of(Field.of("a", DataType.INT64));
    assertThat(read(p, plain, permissive))
        .containsExactly(list(1L), list((Object) null), list((Object) null));
    // outside PERMISSIVE the column is never filled
    assertThatThrownBy(() -> read(p, typed, Map.of())).isInstanceOf(InputException.class);
    Map<String, String> named = Map.of("mode", "permissive", "columnNameOfCorruptRecord", "bad");
    assertThatThrownBy(() -> read(p, Schema.of(Field.of("bad", DataType.INT64)), named))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'bad'");
  }
}
