package io.frameshift.testkit;

import static io.frameshift.expr.Functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.DataFrame;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.spi.Capability;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips through the other file formats: what an engine writes it reads back with every value
 * intact. A format the engines cannot write or read must fail with {@link
 * UnsupportedCapabilityException}.
 */
public interface FormatConformance extends ConformanceBase {

  /**
   * Writes every type in {@code format} and reads it back; self-describing formats are also read
   * without a schema and must give the schema written.
   */
  private void roundTrip(
      Format format, Capability write, Capability read, boolean selfDescribing, Path dir)
      throws IOException {
    DataFrame all = frame(Samples.EVERY_TYPE, Samples.everyTypeRows().toArray(new Object[0][]));
    String out = dir.resolve("every_type." + format.label()).toString();
    if (!supports(write)) {
      assertFailure(
          all,
          d -> d.write().save(format, out),
          UnsupportedCapabilityException.class,
          format.label());
      if (!supports(read)) {
        // something to point the reader at: it must refuse the format, not miss the file
        Files.createDirectories(Path.of(out));
        Files.writeString(Path.of(out, "part-00000." + format.label()), "");
        assertFailure(
            () -> rows(session().read().schema(Samples.EVERY_TYPE).format(format, out)),
            UnsupportedCapabilityException.class,
            format.label());
      }
      return;
    }
    all.write().save(format, out);
    if (!supports(read)) {
      assertFailure(
          () -> rows(session().read().schema(Samples.EVERY_TYPE).format(format, out)),
          UnsupportedCapabilityException.class,
          format.label());
      return;
    }
    Object[][] expected = Samples.everyTypeRows().toArray(new Object[0][]);
    assertRows(session().read().schema(Samples.EVERY_TYPE).format(format, out), expected);
    if (selfDescribing) {
      DataFrame inferred = session().read().format(format, out);
      assertSchema(inferred, Samples.EVERY_TYPE.fields().toArray(new Field[0]));
      assertRows(inferred, expected);
    }
  }

  @Test
  default void jsonLinesRoundTrip(@TempDir Path dir) throws IOException {
    roundTrip(Format.JSON, Capability.WRITE_JSON, Capability.READ_JSON, false, dir);
  }

  @Test
  default void parquetRoundTrip(@TempDir Path dir) throws IOException {
    roundTrip(Format.PARQUET, Capability.WRITE_PARQUET, Capability.READ_PARQUET, true, dir);
  }

  @Test
  default void arrowRoundTrip(@TempDir Path dir) throws IOException {
    roundTrip(Format.ARROW, Capability.WRITE_ARROW, Capability.READ_ARROW, true, dir);
  }

  // ==== datasets, projection, partitions ======================================================

  /** Whether the engines read and write {@code format}; if not, asserts a write fails so. */
  private boolean handles(Format format, Path dir) {
    Capability w = Capability.valueOf("WRITE_" + format.name());
    Capability r = Capability.valueOf("READ_" + format.name());
    if (supports(w) && supports(r)) {
      return true;
    }
    DataFrame one = column("x", DataType.INT32, 1);
    if (!supports(w)) {
      assertFailure(
          one,
          d -> d.write().save(format, dir.resolve("refused").toString()),
          UnsupportedCapabilityException.class,
          format.label());
    }
    return false;
  }

  /** Orders with the columns partition tests split by. */
  Schema ORDERS =
      Schema.of(
          Field.of("id", DataType.INT32),
          Field.of("country", DataType.STRING),
          Field.of("year", DataType.INT32),
          Field.of("amount", DataType.FLOAT64));

  private DataFrame orders() {
    return frame(
        ORDERS,
        row(1, "DE", 2024, 1.5),
        row(2, "FR", 2024, 2.5),
        row(3, "DE", 2023, 3.5),
        row(4, null, 2023, 4.5));
  }

  private void projectionReadsOnlyWhatThePlanNeeds(Format format, Path dir) {
    if (!handles(format, dir)) {
      return;
    }
    String out = dir.resolve("orders").toString();
    orders().write().save(format, out);
    DataFrame picked =
        session()
            .read()
            .schema(ORDERS)
            .format(format, out)
            .filter(col("amount").gt(2.0))
            .select("id");
    assertThat(picked.explain()).contains("columns [id, amount]").contains("pushed filter");
    assertRows(picked, row(2), row(3), row(4));
  }

  @Test
  default void parquetProjection(@TempDir Path dir) {
    projectionReadsOnlyWhatThePlanNeeds(Format.PARQUET, dir);
  }

  @Test
  default void jsonProjection(@TempDir Path dir) {
    projectionReadsOnlyWhatThePlanNeeds(Format.JSON, dir);
  }

  @Test
  default void csvAndArrowProjection(@TempDir Path dir) {
    projectionReadsOnlyWhatThePlanNeeds(Format.CSV, dir.resolve("csv"));
    projectionReadsOnlyWhatThePlanNeeds(Format.ARROW, dir.resolve("arrow"));
  }

  private void partitionedRoundTrip(Format format, Path dir) throws IOException {
    String out = dir.resolve("by_country").toString();
    if (!handles(format, dir)) {
      return;
    }
    orders().write().partitionBy("country", "year").save(format, out);
    assertThat(Path.of(out, "country=DE", "year=2024")).isDirectory();
    assertThat(Path.of(out, "country=" + Datasets.DEFAULT_PARTITION, "year=2023")).isDirectory();
    java.util.function.Function<String, DataFrame> read =
        path ->
            format == Format.JSON
                ? session()
                    .read()
                    .schema(schema(field("id", DataType.INT32), field("amount", DataType.FLOAT64)))
                    .json(path)
                : session().read().format(format, path);
    DataFrame back = read.apply(out);
    // file columns, then the partition columns, typed from the folder names
    assertSchema(
        back,
        field("id", DataType.INT32),
        field("amount", DataType.FLOAT64),
        field("country", DataType.STRING),
        field("year", DataType.INT32));
    assertRows(
        back,
        row(1, 1.5, "DE", 2024),
        row(2, 2.5, "FR", 2024),
        row(3, 3.5, "DE", 2023),
        row(4, 4.5, null, 2023));
    DataFrame pruned = back.filter(col("country").eq("DE")).select("id", "year");
    assertThat(pruned.explain()).contains("pushed filter");
    assertRows(pruned, row(1, 2024), row(3, 2023));
    // one partition folder read directly is a plain dataset
    assertRows(
        read.apply(Path.of(out, "country=FR").toString()).select("id", "year"), row(2, 2024));
  }

  @Test
  default void parquetPartitionByAndReadBack(@TempDir Path dir) throws IOException {
    partitionedRoundTrip(Format.PARQUET, dir);
  }

  @Test
  default void jsonPartitionByAndReadBack(@TempDir Path dir) throws IOException {
    partitionedRoundTrip(Format.JSON, dir);
  }

  @Test
  default void globsAndDirectoriesOfEveryFormat(@TempDir Path dir) throws IOException {
    for (Format format : new Format[] {Format.CSV, Format.ARROW, Format.PARQUET, Format.JSON}) {
      Path base = dir.resolve(format.label());
      if (!handles(format, base)) {
        continue;
      }
      DataFrame df = frame(ORDERS, row(1, "DE", 2024, 1.5));
      df.write().save(format, base.resolve("a").toString());
      frame(ORDERS, row(2, "FR", 2024, 2.5)).write().save(format, base.resolve("b").toString());
      DataFrame globbed = session().read().schema(ORDERS).format(format, base + "/*");
      assertRows(globbed.select("id"), row(1), row(2));
      DataFrame braces = session().read().schema(ORDERS).format(format, base + "/{a,b}");
      assertRows(braces.select("id"), row(1), row(2));
      DataFrame one = session().read().schema(ORDERS).format(format, base.resolve("b").toString());
      assertRows(one.select("id"), row(2));
      assertFailure(
          () -> session().read().schema(ORDERS).format(format, base + "/zz*"),
          SourceNotFoundException.class,
          "zz*");
    }
  }

  @Test
  default void loadTellsTheFormat(@TempDir Path dir) throws IOException {
    Path jsonl = textFile(dir, "events.jsonl", "{\"a\": 1}\n{\"a\": 2}\n");
    Path noExtension = textFile(dir, "events", "{\"a\": 3}\n");
    if (supports(Capability.READ_JSON)) {
      assertRows(session().read().load(jsonl.toString()), row(1L), row(2L));
      assertRows(session().read().load(noExtension.toString()), row(3L));
    } else {
      assertFailure(
          () -> rows(session().read().load(jsonl.toString())),
          UnsupportedCapabilityException.class,
          "json");
    }
    for (Format format : new Format[] {Format.CSV, Format.ARROW, Format.PARQUET}) {
      Path out = dir.resolve("saved-" + format.label());
      if (!handles(format, out)) {
        continue;
      }
      frame(ORDERS, row(1, "DE", 2024, 1.5)).write().save(format, out.toString());
      assertRows(session().read().load(out.toString()).select("id"), row(1));
    }
    Path unknown = textFile(dir, "mystery.bin", "hello");
    assertFailure(
        () -> session().read().load(unknown.toString()),
        InputException.class,
        "mystery.bin",
        "parquet",
        "json");
  }

  @Test
  default void parquetWriteModesAndOptions(@TempDir Path dir) {
    if (!handles(Format.PARQUET, dir)) {
      return;
    }
    String out = dir.resolve("o").toString();
    DataFrame one = column("x", DataType.INT32, 1);
    one.write().option("compression", "zstd").parquet(out);
    assertFailure(one, d -> d.write().parquet(out), OutputExistsException.class, out);
    one.write().mode(WriteMode.APPEND).option("compression", "none").parquet(out);
    assertRows(session().read().parquet(out), row(1), row(1));
    column("x", DataType.INT32, 2).write().mode(WriteMode.OVERWRITE).parquet(out);
    assertRows(session().read().parquet(out), row(2));
    one.write().mode(WriteMode.IGNORE).parquet(out);
    assertRows(session().read().parquet(out), row(2));
    column("x", DataType.INT32, 3)
        .write()
        .mode(WriteMode.APPEND)
        .option("rowGroupSize", "1m")
        .option("compression", "gzip")
        .parquet(out);
    assertRows(session().read().parquet(out), row(2), row(3));
  }

  // ==== bad input ==============================================================================

  @Test
  default void unknownOptionsListTheAcceptedOnes(@TempDir Path dir) {
    Path f = textFile(dir, "a.jsonl", "{\"a\": 1}\n");
    assertFailure(
        () -> session().read().option("header", "true").json(f.toString()),
        InvalidOptionException.class,
        "header",
        "mode",
        "samplingRows");
    assertFailure(
        () -> session().read().option("mode", "LENIENT").json(f.toString()),
        InvalidOptionException.class,
        "LENIENT",
        "DROPMALFORMED");
    assertFailure(
        () -> session().read().option("mergeSchema", "true").parquet(f.toString()),
        InvalidOptionException.class,
        "mergeSchema",
        "no options");
    DataFrame one = column("x", DataType.INT32, 1);
    assertFailure(
        () -> one.write().option("compression", "lz5").parquet(dir.resolve("o").toString()),
        InvalidOptionException.class,
        "lz5",
        "snappy",
        "zstd");
    assertFailure(
        () -> one.write().option("codec", "gzip").parquet(dir.resolve("o").toString()),
        InvalidOptionException.class,
        "codec",
        "compression",
        "rowGroupSize");
    assertFailure(
        () -> one.write().partitionBy("nope").parquet(dir.resolve("o").toString()),
        ColumnNotFoundException.class,
        "nope");
  }

  @Test
  default void missingAndEmptyInputs(@TempDir Path dir) throws IOException {
    assertFailure(
        () -> session().read().parquet(dir.resolve("absent").toString()),
        SourceNotFoundException.class,
        "absent");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("_SUCCESS"), "");
    assertFailure(
        () -> session().read().json(empty.toString()), InputException.class, "No json data files");
  }

  @Test
  default void corruptParquetNamesTheFile(@TempDir Path dir) throws IOException {
    if (!handles(Format.PARQUET, dir)) {
      return;
    }
    String out = dir.resolve("t").toString();
    frame(ORDERS, row(1, "DE", 2024, 1.5)).write().parquet(out);
    Path part;
    try (var files = Files.list(Path.of(out))) {
      part = files.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst().get();
    }
    byte[] bytes = Files.readAllBytes(part);
    Path truncated = Files.createDirectories(dir.resolve("truncated")).resolve("part-0.parquet");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertFailure(
        () -> rows(session().read().parquet(truncated.getParent().toString())),
        InputException.class,
        "part-0.parquet");
    assertFailure(
        () -> rows(session().read().schema(ORDERS).parquet(truncated.getParent().toString())),
        InputException.class,
        "part-0.parquet");
    Path emptyFile = Files.createDirectories(dir.resolve("emptyfile")).resolve("e.parquet");
    Files.write(emptyFile, new byte[0]);
    assertFailure(
        () -> rows(session().read().parquet(emptyFile.toString())),
        InputException.class,
        "e.parquet");
  }

  @Test
  default void parquetPartsWithConflictingSchemasNameBothFiles(@TempDir Path dir)
      throws IOException {
    if (!handles(Format.PARQUET, dir)) {
      return;
    }
    column("v", DataType.INT32, 1).write().parquet(dir.resolve("a").toString());
    column("v", DataType.STRING, "x").write().parquet(dir.resolve("b").toString());
    Path mixed = Files.createDirectories(dir.resolve("mixed"));
    Files.copy(onlyPart(dir.resolve("a")), mixed.resolve("part-a.parquet"));
    Files.copy(onlyPart(dir.resolve("b")), mixed.resolve("part-b.parquet"));
    assertFailure(
        () -> rows(session().read().parquet(mixed.toString())),
        InputException.class,
        "part-a.parquet",
        "part-b.parquet",
        "'v'");
  }

  private static Path onlyPart(Path dataset) throws IOException {
    try (var files = Files.list(dataset)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("part-"))
          .filter(p -> p.toFile().length() > 0)
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  default void jsonBadLinesAndReadModes(@TempDir Path dir) {
    Path f =
        textFile(
            dir,
            "events.jsonl",
            "{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\"\n\n{\"a\": 3000000000, \"b\": \"z\"}\n");
    Schema s = schema(field("a", DataType.INT32), field("b", DataType.STRING));
    if (!supports(Capability.READ_JSON)) {
      assertFailure(
          () -> rows(session().read().schema(s).json(f.toString())),
          UnsupportedCapabilityException.class,
          "json");
      return;
    }
    assertFailure(
        () -> rows(session().read().schema(s).json(f.toString())),
        InputException.class,
        "events.jsonl",
        "line 2");
    Path bad = textFile(dir, "big.jsonl", "{\"a\": 1}\n{\"a\": 3000000000}\n");
    assertFailure(
        () -> rows(session().read().schema(s).json(bad.toString())),
        InputException.class,
        "big.jsonl",
        "line 2",
        "'a'",
        "3000000000");
    assertRows(
        session().read().schema(s).option("mode", "DROPMALFORMED").json(f.toString()), row(1, "x"));
    Schema withCorrupt =
        schema(
            field("a", DataType.INT32),
            field("b", DataType.STRING),
            field("_corrupt_record", DataType.STRING));
    List<Row> permissive =
        rows(session().read().schema(withCorrupt).option("mode", "PERMISSIVE").json(f.toString()));
    assertThat(permissive).hasSize(3);
    assertThat(permissive.stream().filter(r -> r.get(2) != null).map(r -> (String) r.get(2)))
        .contains("{\"a\": 2, \"b\"");
  }

  @Test
  default void jsonInferenceSortsColumnsAndTypesThem(@TempDir Path dir) {
    Path f =
        textFile(
            dir,
            "e.json",
            "{\"z\": 1, \"a\": \"t\", \"m\": 1.5, \"n\": {\"x\": 1}, \"b\": true}\n"
                + "{\"z\": 2, \"a\": null, \"m\": 2, \"q\": null}\n");
    if (!supports(Capability.READ_JSON)) {
      return;
    }
    DataFrame df = session().read().json(f.toString());
    assertSchema(
        df,
        field("a", DataType.STRING),
        field("b", DataType.BOOLEAN),
        field("m", DataType.FLOAT64),
        field("n", DataType.STRING),
        field("q", DataType.STRING),
        field("z", DataType.INT64));
    assertRows(df.select("z", "m", "b"), row(1L, 1.5, true), row(2L, 2.0, null));
  }
}
