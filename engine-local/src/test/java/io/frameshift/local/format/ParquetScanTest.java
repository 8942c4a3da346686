package io.frameshift.local.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.error.InputException;
import io.frameshift.expr.Expr;
import io.frameshift.io.Format;
import io.frameshift.io.Source;
import io.frameshift.local.LocalEngine;
import io.frameshift.local.LocalFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Files written by parquet-java's own example writer (every physical and logical type variant), and
 * what the reader's plan skips: row groups by statistics and dictionaries, columns by projection.
 */
class ParquetScanTest {
  @TempDir Path dir;

  private final LocalEngine engine = new LocalEngine();

  @AfterEach
  void close() {
    engine.close();
  }

  private static Source source(Path path, Schema schema) {
    return new Source(Format.PARQUET, List.of(path.toString()), Map.of(), schema);
  }

  private static Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> opt(
      PrimitiveTypeName t) {
    return Types.primitive(t, Type.Repetition.OPTIONAL);
  }

  private static final MessageType VARIANTS =
      Types.buildMessage()
          .addField(opt(PrimitiveTypeName.BOOLEAN).named("b"))
          .addField(
              opt(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named("i8"))
          .addField(
              opt(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named("i16"))
          .addField(opt(PrimitiveTypeName.INT32).named("i32"))
          .addField(
              opt(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, false)).named("u8"))
          .addField(
              opt(PrimitiveTypeName.INT32)
                  .as(LogicalTypeAnnotation.intType(32, false))
                  .named("u32"))
          .addField(opt(PrimitiveTypeName.INT64).named("i64"))
          .addField(
              opt(PrimitiveTypeName.INT64)
                  .as(LogicalTypeAnnotation.intType(64, false))
                  .named("u64"))
          .addField(opt(PrimitiveTypeName.FLOAT).named("f"))
          .addField(opt(PrimitiveTypeName.DOUBLE).named("d"))
          .addField(opt(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("s"))
          .addField(opt(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.enumType()).named("e"))
          .addField(
              opt(PrimitiveTypeName.INT32)
                  .as(LogicalTypeAnnotation.decimalType(2, 9))
                  .named("dec32"))
          .addField(
              opt(PrimitiveTypeName.INT64)
                  .as(LogicalTypeAnnotation.decimalType(3, 18))
                  .named("dec64"))
          .addField(
              opt(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                  .length(16)
                  .as(LogicalTypeAnnotation.decimalType(5, 38))
                  .named("decfixed"))
          .addField(
              opt(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                  .length(8)
                  .as(LogicalTypeAnnotation.decimalType(2, 12))
                  .named("decfixedsmall"))
          .addField(
              opt(PrimitiveTypeName.BINARY)
                  .as(LogicalTypeAnnotation.decimalType(2, 20))
                  .named("decbin"))
          .addField(opt(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("date"))
          .addField(ts("tsms", true, TimeUnit.MILLIS))
          .addField(ts("tsus", true, TimeUnit.MICROS))
          .addField(ts("tsns", true, TimeUnit.NANOS))
          .addField(ts("ntzms", false, TimeUnit.MILLIS))
          .addField(ts("ntzus", false, TimeUnit.MICROS))
          .addField(ts("ntzns", false, TimeUnit.NANOS))
          .addField(opt(PrimitiveTypeName.INT96).named("i96"))
          .addField(Types.required(PrimitiveTypeName.INT64).named("req"))
          .named("variants");

  private static Type ts(String name, boolean utc, TimeUnit unit) {
    return opt(PrimitiveTypeName.INT64)
        .as(LogicalTypeAnnotation.timestampType(utc, unit))
        .named(name);
  }

  private static final Schema VARIANTS_READ =
      Schema.of(
          Field.of("b", DataType.BOOLEAN),
          Field.of("i8", DataType.INT32),
          Field.of("i16", DataType.INT32),
          Field.of("i32", DataType.INT32),
          Field.of("u8", DataType.INT32),
          Field.of("u32", DataType.INT64),
          Field.of("i64", DataType.INT64),
          Field.of("u64", DataType.decimal(20, 0)),
          Field.of("f", DataType.FLOAT32),
          Field.of("d", DataType.FLOAT64),
          Field.of("s", DataType.STRING),
          Field.of("e", DataType.STRING),
          Field.of("dec32", DataType.decimal(9, 2)),
          Field.of("dec64", DataType.decimal(18, 3)),
          Field.of("decfixed", DataType.decimal(38, 5)),
          Field.of("decfixedsmall", DataType.decimal(12, 2)),
          Field.of("decbin", DataType.decimal(20, 2)),
          Field.of("date", DataType.DATE),
          Field.of("tsms", DataType.TIMESTAMP),
          Field.of("tsus", DataType.TIMESTAMP),
          Field.of("tsns", DataType.TIMESTAMP),
          Field.of("ntzms", DataType.TIMESTAMP_NTZ),
          Field.of("ntzus", DataType.TIMESTAMP_NTZ),
          Field.of("ntzns", DataType.TIMESTAMP_NTZ),
          Field.of("i96", DataType.TIMESTAMP),
          new Field("req", DataType.INT64, false));

  private static byte[] twosComplement(BigInteger v, int bytes) {
    byte[] minimal = v.toByteArray();
    if (bytes < 0) {
      return minimal;
    }
    byte[] out = new byte[bytes];
    Arrays.fill(out, 0, bytes - minimal.length, (byte) (v.signum() < 0 ? -1 : 0));
    System.arraycopy(minimal, 0, out, bytes - minimal.length, minimal.length);
    return out;
  }

  /**
   * Row {@code i}'s values as Frameshift reads them; column c of row i is null when (i+c)%11==0.
   */
  private static Object[] expected(int i) {
    long micros = (i - 1500) * 86_400_000_123L + i * 1000L; // whole millis for the MILLIS columns
    long millis = Math.floorDiv(micros, 1000);
    long microsOfMillis = millis * 1000;
    Object[] v = {
      i % 2 == 0,
      (i % 256) - 128,
      (i * 37 % 65536) - 32768,
      i * 1_000_003 * (i % 2 == 0 ? 1 : -1),
      i % 256,
      4_000_000_000L + i,
      (long) i * 9_000_000_000_000L,
      new BigDecimal(new BigInteger(Long.toUnsignedString(-1L - i))),
      i / 3f,
      i / 7.0,
      "s" + (i % 40) + (i % 3 == 0 ? "ünï" : ""),
      "E" + (i % 4),
      BigDecimal.valueOf(i * 12345L - 99999, 2),
      BigDecimal.valueOf(i * 123456789012L, 3),
      new BigDecimal(BigInteger.TEN.pow(32).multiply(BigInteger.valueOf(i - 1500)), 5),
      BigDecimal.valueOf(i * 1_000_000_007L, 2),
      new BigDecimal(BigInteger.valueOf(i - 1500).multiply(BigInteger.TEN.pow(15)), 2),
      LocalDate.ofEpochDay(i * 17L - 20_000),
      instant(microsOfMillis),
      instant(micros),
      instant(micros),
      LocalDateTime.ofInstant(instant(microsOfMillis), ZoneOffset.UTC),
      LocalDateTime.ofInstant(instant(micros), ZoneOffset.UTC),
      LocalDateTime.ofInstant(instant(micros), ZoneOffset.UTC),
      instant(micros),
      (long) i
    };
    for (int c = 0; c < v.length - 1; c++) {
      if ((i + c) % 11 == 0) {
        v[c] = null;
      }
    }
    return v;
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }

  private static void writeVariants(Path file, int rows) throws IOException {
    writeVariants(file, rows, WriterVersion.PARQUET_1_0);
  }

  private static void writeVariants(Path file, int rows, WriterVersion version) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(VARIANTS);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withConf(new PlainParquetConfiguration())
            .withType(VARIANTS)
            .withWriterVersion(version)
            .withDictionaryEncoding(true)
            // small pages and dictionaries: chunks switch from dictionary to plain pages
            .withPageSize(4096)
            .withDictionaryPageSize(512)
            .withRowGroupSize(256 * 1024L)
            .build()) {
      for (int i = 0; i < rows; i++) {
        Object[] v = expected(i);
        Group g = groups.newGroup();
        long micros = (i - 1500) * 86_400_000_123L + i * 1000L;
        for (int c = 0; c < v.length; c++) {
          if (v[c] == null) {
            continue;
          }
          String name = VARIANTS.getFieldName(c);
          switch (name) {
            case "b" -> g.add(name, (Boolean) v[c]);
            case "i8", "i16", "i32", "u8" -> g.add(name, (Integer) v[c]);
            case "u32" -> g.add(name, (int) (long) (Long) v[c]);
            case "i64", "req" -> g.add(name, (Long) v[c]);
            case "u64" -> g.add(name, -1L - i);
            case "f" -> g.add(name, (Float) v[c]);
            case "d" -> g.add(name, (Double) v[c]);
            case "s", "e" -> g.add(name, (String) v[c]);
            case "dec32" -> g.add(name, ((BigDecimal) v[c]).unscaledValue().intValueExact());
            case "dec64" -> g.add(name, ((BigDecimal) v[c]).unscaledValue().longValueExact());
            case "decfixed" ->
                g.add(
                    name,
                    Binary.fromConstantByteArray(
                        twosComplement(((BigDecimal) v[c]).unscaledValue(), 16)));
            case "decfixedsmall" ->
                g.add(
                    name,
                    Binary.fromConstantByteArray(
                        twosComplement(((BigDecimal) v[c]).unscaledValue(), 8)));
            case "decbin" ->
                g.add(
                    name,
                    Binary.fromConstantByteArray(
                        twosComplement(((BigDecimal) v[c]).unscaledValue(), -1)));
            case "date" -> g.add(name, (int) ((LocalDate) v[c]).toEpochDay());
            case "tsms", "ntzms" -> g.add(name, Math.floorDiv(micros, 1000));
            case "tsus", "ntzus" -> g.add(name, micros);
            case "tsns", "ntzns" -> g.add(name, micros * 1000 + 999);
            case "i96" -> {
              long day = Math.floorDiv(micros, 86_400_000_000L);
              long nanos = Math.floorMod(micros, 86_400_000_000L) * 1000 + 999;
              g.add(name, new NanoTime((int) (day + 2_440_588), nanos));
            }
            default -> throw new IllegalStateException(name);
          }
        }
        w.write(g);
      }
    }
  }

  /**
   * V1 pages take plain and dictionary encodings (decoded in bulk); V2 pages also RLE booleans and
   * the delta encodings (decoded through parquet-java's column reader).
   */
  @ParameterizedTest
  @EnumSource(WriterVersion.class)
  void everyPhysicalAndLogicalVariantReadsAsItsFrameshiftType(WriterVersion version)
      throws IOException {
    Path file = dir.resolve("variants.parquet");
    int rows = 3000;
    writeVariants(file, rows, version);
    Schema inferred = engine.inferSchema(source(file, null));
    assertThat(inferred).isEqualTo(VARIANTS_READ);
    List<Row> got = engine.collect(engine.load(source(file, inferred)));
    assertThat(got).hasSize(rows);
    for (int i = 0; i < rows; i++) {
      assertThat(got.get(i).values()).as("row %d", i).containsExactly(expected(i));
    }
  }

  @Test
  void nestedAndTypelessBinaryColumnsAreRefusedNamingFileAndColumn() throws IOException {
    MessageType nested =
        Types.buildMessage()
            .addField(opt(PrimitiveTypeName.INT32).named("id"))
            .addField(Types.optionalList().optionalElement(PrimitiveTypeName.INT32).named("scores"))
            .named("nested");
    Path file = dir.resolve("nested.parquet");
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withConf(new PlainParquetConfiguration())
            .withType(nested)
            .build()) {
      Group g = new SimpleGroupFactory(nested).newGroup().append("id", 1);
      w.write(g);
    }
    assertThatThrownBy(() -> engine.inferSchema(source(file, null)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("'scores'")
        .hasMessageContaining("nested");

    MessageType raw =
        Types.buildMessage().addField(opt(PrimitiveTypeName.BINARY).named("blob")).named("raw");
    Path blob = dir.resolve("blob.parquet");
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(blob))
            .withConf(new PlainParquetConfiguration())
            .withType(raw)
            .build()) {
      w.write(new SimpleGroupFactory(raw).newGroup().append("blob", Binary.fromString("x")));
    }
    assertThatThrownBy(() -> engine.inferSchema(source(blob, null)))
        .isInstanceOf(InputException.class)
        .hasMessageContaining(blob.toString())
        .hasMessageContaining("'blob'")
        .hasMessageContaining("binary");
  }

  // ---- pushdown and projection ------------------------------------------------------------------

  private static final MessageType EVENTS =
      Types.buildMessage()
          .addField(Types.required(PrimitiveTypeName.INT64).named("id"))
          .addField(
              opt(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("grp"))
          .addField(opt(PrimitiveTypeName.DOUBLE).named("v"))
          .addField(opt(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("dt"))
          .named("events");

  private static final Schema EVENTS_READ =
      Schema.of(
          new Field("id", DataType.INT64, false),
          Field.of("grp", DataType.STRING),
          Field.of("v", DataType.FLOAT64),
          Field.of("dt", DataType.DATE));

  private static final int GROUPS = 200;
  private static final int GROUP_ROWS = 500;

  /** Ids ascending; each row group has its own {@code grp} values; v is null in group 7 only. */
  private Path events() throws IOException {
    Path file = dir.resolve("events.parquet");
    SimpleGroupFactory f = new SimpleGroupFactory(EVENTS);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withConf(new PlainParquetConfiguration())
            .withType(EVENTS)
            .withRowGroupRowCountLimit(GROUP_ROWS)
            .withPageRowCountLimit(GROUP_ROWS)
            .build()) {
      for (int i = 0; i < GROUPS * GROUP_ROWS; i++) {
        int group = i / GROUP_ROWS;
        Group g = f.newGroup().append("id", (long) i).append("grp", "g" + group + "-" + (i % 3));
        if (group != 7) {
          g.append("v", i * 0.5);
        }
        g.append("dt", 19_000 + group);
        w.write(g);
      }
    }
    return file;
  }

  private static ParquetScan.Plan plan(Path file, String filter, List<String> columns) {
    Source s = source(file, EVENTS_READ).withColumns(columns);
    return ParquetScan.plan(filter == null ? s : s.withFilter(Expr.parse(filter)));
  }

  @Test
  void aSelectiveFilterReadsOnlyTheRowGroupsParquetCannotRuleOut() throws IOException {
    Path file = events();
    assertThat(plan(file, null, null).rowGroupsRead()).isEqualTo(GROUPS);
    assertThat(plan(file, null, null).rowGroupsTotal()).isEqualTo(GROUPS);
    // statistics: ids are sorted, so one row group holds 54321
    ParquetScan.Plan one = plan(file, "id = 54321", null);
    assertThat(one.rowGroupsRead()).isEqualTo(1);
    LocalFrame read = ParquetScan.read(one, true);
    assertThat(read.rows()).isEqualTo(GROUP_ROWS);
    assertThat(one.chunksDecoded().sum()).isEqualTo(4);
    assertThat(plan(file, "id >= 99500 AND v > 0", null).rowGroupsRead()).isEqualTo(1);
    assertThat(plan(file, "54321 > id AND id > 53999", null).rowGroupsRead()).isEqualTo(1);
    // parquet-java rules a row group out for IN when every value is outside its min/max ...
    assertThat(plan(file, "id IN (3, 7, 400)", null).rowGroupsRead()).isEqualTo(1);
    // ... or, for dictionary-encoded chunks, when none is in the dictionary
    assertThat(plan(file, "grp IN ('g42-1', 'g43-2', 'nope')", null).rowGroupsRead()).isEqualTo(2);
    assertThat(plan(file, "id < 10 OR id > 99990", null).rowGroupsRead()).isEqualTo(2);
    assertThat(plan(file, "dt = DATE '2022-01-30'", null).rowGroupsRead()).isEqualTo(1);
    // dictionary: min/max of grp straddle the value in many groups, but only one holds it
    assertThat(plan(file, "grp = 'g42-1'", null).rowGroupsRead()).isEqualTo(1);
    // null counts
    assertThat(plan(file, "v IS NULL", null).rowGroupsRead()).isEqualTo(1);
    // what Parquet cannot evaluate keeps everything; an OR with it too
    assertThat(plan(file, "id % 2 = 0", null).rowGroupsRead()).isEqualTo(GROUPS);
    assertThat(plan(file, "id = 5 OR id % 2 = 0", null).rowGroupsRead()).isEqualTo(GROUPS);
    // float ranges are not pushed (NaN orders above every number here, not in Parquet)
    assertThat(plan(file, "v > 1e300", null).rowGroupsRead()).isEqualTo(GROUPS);
  }

  @Test
  void projectionDecodesOnlyTheColumnsAsked() throws IOException {
    Path file = events();
    ParquetScan.Plan p = plan(file, null, List.of("grp"));
    LocalFrame f = ParquetScan.read(p, true);
    assertThat(f.schema()).isEqualTo(Schema.of(Field.of("grp", DataType.STRING)));
    assertThat(f.rows()).isEqualTo(GROUPS * GROUP_ROWS);
    assertThat(p.chunksDecoded().sum()).isEqualTo(GROUPS);
    assertThat(f.column(0).str(12_345)).isEqualTo("g24-0");
  }

  @Test
  void aParallelReadGivesTheRowsOfASingleThreadedOne() throws Exception {
    Path file = events();
    ParquetScan.Plan p = plan(file, null, null);
    LocalFrame single = ParquetScan.read(p, false);
    ForkJoinPool pool = new ForkJoinPool(4);
    try {
      LocalFrame parallel = pool.submit(() -> ParquetScan.read(plan(file, null, null), true)).get();
      assertThat(engine.collect(parallel)).isEqualTo(engine.collect(single));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFooterIsReadOncePerVersionOfItsFile() throws IOException {
    Path file = dir.resolve("variants.parquet");
    writeVariants(file, 100);
    var footer = ParquetFooters.of(file);
    assertThat(ParquetFooters.of(file)).isSameAs(footer);
    // the same path rewritten: another version, read again
    Files.delete(file);
    writeVariants(file, 150);
    var rewritten = ParquetFooters.of(file);
    assertThat(rewritten).isNotSameAs(footer);
    assertThat(rewritten.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum()).isEqualTo(150);
    // touched in place: its modification time makes it another version too
    Files.setLastModifiedTime(
        file,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(file).toMillis() + 5_000));
    assertThat(ParquetFooters.of(file)).isNotSameAs(rewritten);
  }
}
