package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local engine's Parquet writer, which encodes pages itself, against parquet-java: its files
 * read back value for value through parquet-java's own record reader, and their statistics are
 * those parquet-java's record writer keeps for the same values (minimum, maximum and null count of
 * every column chunk, NaN, signed zeros and UTF-8 order included).
 */
class ParquetOutputTest {
  @TempDir Path dir;

  private final LocalEngine engine = new LocalEngine();

  @AfterEach
  void close() {
    engine.close();
  }

  private Path save(List<Row> rows, Schema schema, String name, Map<String, String> options)
      throws IOException {
    Path out = dir.resolve(name);
    engine.save(
        engine.create(schema, rows),
        new Sink(Format.PARQUET, out.toString(), WriteMode.ERROR_IF_EXISTS, options));
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  /** {@code row} as parquet-java's example object model holds it in {@code schema}. */
  private static Group group(SimpleGroupFactory groups, MessageType schema, Row row) {
    Group g = groups.newGroup();
    for (int c = 0; c < row.values().size(); c++) {
      Object v = row.values().get(c);
      if (v == null) {
        continue;
      }
      String name = schema.getFieldName(c);
      if (v instanceof Boolean b) {
        g.add(name, b);
      } else if (v instanceof Integer i) {
        g.add(name, i);
      } else if (v instanceof Long l) {
        g.add(name, l);
      } else if (v instanceof Float f) {
        g.add(name, f);
      } else if (v instanceof Double d) {
        g.add(name, d);
      } else if (v instanceof String t) {
        g.add(name, Binary.fromString(t));
      } else if (v instanceof LocalDate d) {
        g.add(name, (int) d.toEpochDay());
      } else if (v instanceof Instant t) {
        g.add(name, micros(t));
      } else if (v instanceof LocalDateTime t) {
        g.add(name, micros(t.toInstant(ZoneOffset.UTC)));
      } else {
        BigDecimal d = (BigDecimal) v;
        var p = schema.getType(c).asPrimitiveType();
        switch (p.getPrimitiveTypeName()) {
          case INT32 -> g.add(name, d.unscaledValue().intValueExact());
          case INT64 -> g.add(name, d.unscaledValue().longValueExact());
          default -> {
            byte[] minimal = d.unscaledValue().toByteArray();
            byte[] fixed = new byte[p.getTypeLength()];
            Arrays.fill(fixed, (byte) (d.signum() < 0 ? -1 : 0));
            System.arraycopy(minimal, 0, fixed, fixed.length - minimal.length, minimal.length);
            g.add(name, Binary.fromConstantByteArray(fixed));
          }
        }
      }
    }
    return g;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private static List<String> read(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (ParquetReader<Group> reader =
        new ParquetReader.Builder<Group>(
            new LocalInputFile(file), new PlainParquetConfiguration()) {
          @Override
          protected GroupReadSupport getReadSupport() {
            return new GroupReadSupport();
          }
        }.build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        out.add(g.toString());
      }
    }
    return out;
  }

  @Test
  void filesReadBackThroughParquetJavaWithItsWritersStatistics() throws IOException {
    List<Row> rows = LocalArrowTest.rows(59, 30_000);
    Path ours = save(rows, LocalArrowTest.ALL, "ours", Map.of());
    MessageType schema;
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(ours))) {
      schema = r.getFooter().getFileMetaData().getSchema();
    }
    Path theirs = dir.resolve("theirs.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    List<String> expected = new ArrayList<>();
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new LocalOutputFile(theirs))
            .withConf(new PlainParquetConfiguration())
            .withType(schema)
            .build()) {
      for (Row row : rows) {
        Group g = group(groups, schema, row);
        expected.add(g.toString());
        w.write(g);
      }
    }

    assertThat(read(ours)).isEqualTo(expected);
    try (ParquetFileReader a = ParquetFileReader.open(new LocalInputFile(ours));
        ParquetFileReader b = ParquetFileReader.open(new LocalInputFile(theirs))) {
      List<BlockMetaData> mine = a.getFooter().getBlocks();
      assertThat(mine).as("one row group each").hasSize(1);
      assertThat(b.getFooter().getBlocks()).hasSize(1);
      for (int c = 0; c < schema.getFieldCount(); c++) {
        Statistics<?> got = mine.get(0).getColumns().get(c).getStatistics();
        Statistics<?> want = b.getFooter().getBlocks().get(0).getColumns().get(c).getStatistics();
        String column = schema.getFieldName(c);
        assertThat(got.getNumNulls()).as(column).isEqualTo(want.getNumNulls());
        assertThat(got.hasNonNullValue()).as(column).isEqualTo(want.hasNonNullValue());
        if (want.hasNonNullValue()) {
          assertThat(got.minAsString()).as(column + " min").isEqualTo(want.minAsString());
          assertThat(got.maxAsString()).as(column + " max").isEqualTo(want.maxAsString());
        }
      }
    }
  }

  @Test
  void repeatingValuesTakeADictionaryAndDistinctOnesArePlain() throws IOException {
    Schema s =
        Schema.of(
            Field.of("cat", DataType.STRING),
            Field.of("id", DataType.STRING),
            Field.of("small", DataType.INT32),
            Field.of("wide", DataType.INT64),
            Field.of("day", DataType.DATE),
            Field.of("x", DataType.FLOAT64));
    int n = 50_000;
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          Row.of(
              s,
              i % 17 == 0 ? null : "c" + i % 100,
              "id" + i,
              i % 5,
              (long) i * 1_000_003L,
              LocalDate.ofEpochDay(18_000 + i % 30),
              i / 7.0));
    }
    Path file = save(rows, s, "enc", Map.of());
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
      for (BlockMetaData block : r.getFooter().getBlocks()) {
        List<ColumnChunkMetaData> chunks = block.getColumns();
        assertThat(chunks.get(0).getEncodings()).contains(Encoding.RLE_DICTIONARY);
        assertThat(chunks.get(1).getEncodings()).doesNotContain(Encoding.RLE_DICTIONARY);
        assertThat(chunks.get(2).getEncodings()).contains(Encoding.RLE_DICTIONARY);
        assertThat(chunks.get(3).getEncodings()).doesNotContain(Encoding.RLE_DICTIONARY);
        assertThat(chunks.get(4).getEncodings()).contains(Encoding.RLE_DICTIONARY);
        assertThat(chunks.get(5).getEncodings()).doesNotContain(Encoding.RLE_DICTIONARY);
      }
    }
    assertThat(read(file)).hasSize(n);
    assertThat(
            engine.collect(
                engine.load(
                    new io.frameshift.io.Source(
                        Format.PARQUET, List.of(file.toString()), Map.of(), s))))
        .isEqualTo(rows);
  }
}
