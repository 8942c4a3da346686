package io.frameshift.spark;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.spark.SparkTestSupport.list;
import static io.frameshift.spark.SparkTestSupport.row;
import static io.frameshift.spark.SparkTestSupport.run;
import static io.frameshift.spark.SparkTestSupport.spark;
import static io.frameshift.spark.SparkTestSupport.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.WriteMode;
import io.frameshift.error.EvaluationException;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.SortKey;
import io.frameshift.internal.Analyzer;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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

/** CSV reading and writing through Spark, in the directory format both engines share. */
class CsvTest {
  private static final Schema ALL =
      Schema.builder()
          .column("id", DataType.INT32)
          .column("s", DataType.STRING)
          .column("b", DataType.BOOLEAN)
          .column("l", DataType.INT64)
          .column("f", DataType.FLOAT32)
          .column("d", DataType.FLOAT64)
          .column("day", DataType.DATE)
          .column("ts", DataType.TIMESTAMP)
          .column("ntz", DataType.TIMESTAMP_NTZ)
          .column("dec", DataType.decimal(10, 3))
          .build();

  @TempDir Path dir;

  private static LogicalPlan sample() {
    return table(
        ALL,
        row(
            1,
            "plain",
            true,
            10_000_000_000L,
            1.5f,
            1.0e10,
            LocalDate.of(2024, 1, 2),
            Instant.parse("2024-01-02T03:04:05.120Z"),
            LocalDateTime.of(2024, 1, 2, 3, 4, 5),
            new BigDecimal("1.500")),
        row(
            2,
            " a, \"quoted\"\nline ",
            false,
            -1L,
            Float.NaN,
            Double.NEGATIVE_INFINITY,
            null,
            null,
            null,
            null),
        row(3, "", null, null, null, null, null, null, null, new BigDecimal("-0.001")),
        row(4, null, null, null, null, null, null, null, null, null));
  }

  private static Sink sink(Path p, WriteMode mode) {
    return new Sink(Format.CSV, p.toString(), mode, Map.of());
  }

  private static Source source(Path p, Schema schema) {
    return new Source(Format.CSV, List.of(p.toString()), Map.of(), schema);
  }

  private static void write(LogicalPlan plan, Path p, WriteMode mode) {
    spark().save(PlanRunner.frame(spark(), plan), sink(p, mode));
  }

  private static List<List<Object>> read(Path p, Schema schema) {
    return run(
        Analyzer.sort(
            Analyzer.scan(source(p, schema)), List.of(SortKey.asc(col(schema.field(0).name())))));
  }

  private static String text(Path out) throws IOException {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.list(out)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
        sb.append(Files.readString(f, StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  @Test
  void writesPartFilesThatReadBackIdentically() throws IOException {
    Path out = dir.resolve("out");
    write(sample(), out, WriteMode.ERROR_IF_EXISTS);
    try (Stream<Path> files = Files.list(out)) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      assertThat(names)
          .contains("_SUCCESS")
          .allMatch(n -> n.equals("_SUCCESS") || n.matches("part-.*\\.csv"));
    }
    String text = text(out);
    assertThat(text)
        .contains("id,s,b,l,f,d,day,ts,ntz,dec")
        .contains(
            "1,plain,true,10000000000,1.5,1.0E10,2024-01-02,2024-01-02 03:04:05.12,2024-01-02 03:04:05,1.500")
        .contains("2,\" a, \"\"quoted\"\"\nline \",false,-1,NaN,-Infinity,,,,")
        .contains("3,\"\",,,,,,,,-0.001")
        .contains("4,,,,,,,,,");
    assertThat(read(out, ALL))
        .isEqualTo(run(Analyzer.sort(sample(), List.of(SortKey.asc(col("id"))))));
  }

  @Test
  void writeModesDecideWhatHappensToAnExistingTarget() {
    Schema s = Schema.builder().column("x", DataType.INT32).build();
    Path out = dir.resolve("modes");
    write(table(s, row(1)), out, WriteMode.ERROR_IF_EXISTS);
    assertThatThrownBy(() -> write(table(s, row(2)), out, WriteMode.ERROR_IF_EXISTS))
        .isInstanceOf(OutputExistsException.class)
        .hasMessageContaining(out.toString())
        .hasMessageContaining("OVERWRITE");
    write(table(s, row(2)), out, WriteMode.IGNORE);
    assertThat(read(out, s)).containsExactly(list(1));
    write(table(s, row(3)), out, WriteMode.APPEND);
    assertThat(read(out, s)).containsExactly(list(1), list(3));
    write(table(s, row(4)), out, WriteMode.OVERWRITE);
    assertThat(read(out, s)).containsExactly(list(4));
    assertThat(dir.toFile().list()).containsExactly("modes");
  }

  @Test
  void aFailedOverwriteLeavesThePreviousDataIntact() throws IOException {
    Schema s = Schema.builder().column("x", DataType.INT32).build();
    Path out = dir.resolve("keep");
    write(table(s, row(1), row(2)), out, WriteMode.ERROR_IF_EXISTS);
    String before = text(out);
    LogicalPlan failing =
        Analyzer.select(table(s, row(1), row(0)), List.of(lit(10).div(col("x")).as("x")));
    assertThatThrownBy(() -> write(failing, out, WriteMode.OVERWRITE))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Division by zero");
    assertThat(text(out)).isEqualTo(before);
    assertThat(dir.toFile().list()).containsExactly("keep");
  }

  @Test
  void aBadCellNamesFileColumnValueAndType() throws IOException {
    Path in = dir.resolve("bad");
    Files.createDirectories(in);
    Files.writeString(in.resolve("part-0.csv"), "a,b\n1,x\nzz,y\n");
    Schema s = Schema.builder().column("a", DataType.INT32).column("b", DataType.STRING).build();
    assertThatThrownBy(() -> read(in, s))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'zz'")
        .hasMessageContaining("column 'a'")
        .hasMessageContaining("part-0.csv, line 3")
        .hasMessageContaining("int32");
  }

  @Test
  void aRecordWithTooManyFieldsIsMalformedInput() throws IOException {
    Path in = dir.resolve("wide.csv");
    Files.writeString(in, "a,b\n1,x\n2,y,extra\n");
    Schema s = Schema.builder().column("a", DataType.INT32).column("b", DataType.STRING).build();
    assertThatThrownBy(() -> read(in, s))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("wide.csv");
  }

  @Test
  void cellsAreReadWithTheContractsCasts() throws IOException {
    Path in = dir.resolve("casts.csv");
    Files.writeString(
        in, "b,n,t\nyes, 7 ,2024-01-02T03:04\nN,-1,2024-01-02 03:04:05.5Z\n\"\",,\"\"\n");
    Schema s =
        Schema.builder()
            .column("b", DataType.BOOLEAN)
            .column("n", DataType.INT64)
            .column("t", DataType.TIMESTAMP)
            .build();
    assertThat(read(in, s))
        .containsExactly(
            list(null, null, null),
            list(false, -1L, Instant.parse("2024-01-02T03:04:05.5Z")),
            list(true, 7L, Instant.parse("2024-01-02T03:04:00Z")));
  }

  @Test
  void optionsMapToSparksAndUnknownOnesAreRejected() throws IOException {
    Path in = dir.resolve("semi.csv");
    Files.writeString(in, "1;NA;'a;b'\n2;x;'c'\n");
    Schema s =
        Schema.builder()
            .column("i", DataType.INT32)
            .column("u", DataType.STRING)
            .column("q", DataType.STRING)
            .build();
    Source src =
        new Source(
            Format.CSV,
            List.of(in.toString()),
            Map.of("header", "false", "delimiter", ";", "nullValue", "NA", "quote", "'"),
            s);
    assertThat(run(Analyzer.sort(Analyzer.scan(src), List.of(SortKey.asc(col("i"))))))
        .containsExactly(list(1, null, "a;b"), list(2, "x", "c"));
    Source bad = new Source(Format.CSV, List.of(in.toString()), Map.of("colour", "red"), s);
    assertThatThrownBy(() -> spark().load(bad))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("colour");
  }

  @Test
  void aMissingPathIsNamed() {
    Path missing = dir.resolve("nope");
    Schema s = Schema.builder().column("x", DataType.INT32).build();
    assertThatThrownBy(() -> spark().load(source(missing, s)))
        .isInstanceOf(SourceNotFoundException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void tablesAreReadAndWrittenByNameNotAsFiles() {
    Schema s = Schema.builder().column("x", DataType.INT32).build();
    Source iceberg = new Source(Format.ICEBERG, List.of(dir.toString()), Map.of(), s);
    assertThatThrownBy(() -> spark().load(iceberg))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("iceberg")
        .hasMessageContaining("read().table");
    EngineFrame f = PlanRunner.frame(spark(), table(s, row(1)));
    Sink out = new Sink(Format.ICEBERG, dir.resolve("j").toString(), WriteMode.OVERWRITE, Map.of());
    assertThatThrownBy(() -> spark().save(f, out))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("write().table");
  }

  @Test
  void infersSchemasWithSparksInference() throws IOException {
    Path in = dir.resolve("infer.csv");
    Files.writeString(
        in,
        "i,big,x,s,day,flag,ntz,ts,huge\n"
            + "1,10000000000,1.5,a,2024-01-02,true,2024-01-02 03:04:05,2024-01-02T03:04:05Z,1\n"
            + "2,3,2,b,2024-01-03,FALSE,2024-01-02T03:04:05.5,2024-01-02 03:04:05+01:00,"
            + "123456789012345678901234\n");
    Source src = new Source(Format.CSV, List.of(in.toString()), Map.of(), null);
    assertThat(spark().inferSchema(src))
        .isEqualTo(
            Schema.builder()
                .column("i", DataType.INT32)
                .column("big", DataType.INT64)
                .column("x", DataType.FLOAT64)
                .column("s", DataType.STRING)
                .column("day", DataType.DATE)
                .column("flag", DataType.BOOLEAN)
                .column("ntz", DataType.TIMESTAMP_NTZ)
                .column("ts", DataType.TIMESTAMP)
                .column("huge", DataType.FLOAT64)
                .build());
    Source text =
        new Source(Format.CSV, List.of(in.toString()), Map.of("inferSchema", "false"), null);
    assertThat(spark().inferSchema(text).types()).containsOnly(DataType.STRING);
  }
}
