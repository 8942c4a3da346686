package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.io.Format;
import io.frameshift.spi.Capability;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each engine reads what the other wrote, in every format. A pair runs as soon as both engines have
 * the capabilities; until then the engine lacking one must refuse with {@link
 * UnsupportedCapabilityException} (a pair is never skipped silently).
 */
class CrossEngineFormatsTest {
  private static final Schema ALL =
      Schema.builder()
          .column("id", DataType.INT32)
          .column("b", DataType.BOOLEAN)
          .column("l", DataType.INT64)
          .column("f", DataType.FLOAT32)
          .column("d", DataType.FLOAT64)
          .column("s", DataType.STRING)
          .column("day", DataType.DATE)
          .column("ts", DataType.TIMESTAMP)
          .column("ntz", DataType.TIMESTAMP_NTZ)
          .column("dec", DataType.decimal(38, 10))
          .build();

  private static final Object[][] ROWS = {
    {
      1,
      true,
      Long.MAX_VALUE,
      1.5f,
      Double.NaN,
      "héllo, \"wörld\"\n𝄞",
      LocalDate.parse("9999-12-31"),
      Instant.parse("2200-01-01T12:34:56.123456Z"),
      LocalDateTime.parse("1969-12-31T23:59:59.999999"),
      new BigDecimal("9999999999999999999999999999.9999999999")
    },
    {2, null, null, null, null, null, null, null, null, null}
  };

  private static Frameshift local;
  private static Frameshift spark;

  @BeforeAll
  static void open() {
    local = Frameshift.builder().engine("local").build();
    spark =
        Frameshift.builder()
            .engine("spark")
            .config("spark.master", "local[2]")
            .config("spark.sql.shuffle.partitions", "2")
            .build();
  }

  @AfterAll
  static void close() {
    local.close();
    spark.close();
  }

  static Stream<Arguments> pairs() {
    return Stream.of(Format.CSV, Format.ARROW, Format.PARQUET, Format.JSON)
        .flatMap(
            f -> Stream.of(Arguments.of(f, "local", "spark"), Arguments.of(f, "spark", "local")));
  }

  private static Frameshift session(String name) {
    return name.equals("local") ? local : spark;
  }

  private static boolean has(String engine, Capability c) {
    return session(engine).engine(engine).capabilities().contains(c);
  }

  @ParameterizedTest(name = "{0}: {1} writes, {2} reads")
  @MethodSource("pairs")
  void eachEngineReadsWhatTheOtherWrote(
      Format format, String writer, String reader, @TempDir Path dir) {
    String out = dir.resolve("data").toString();
    DataFrame df = session(writer).createDataFrame(ALL, ROWS);
    if (!has(writer, Capability.valueOf("WRITE_" + format.name()))) {
      assertThatThrownBy(() -> df.write().save(format, out))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining(format.label());
      return;
    }
    df.write().save(format, out);
    DataFrame back = session(reader).read().schema(ALL).format(format, out);
    if (!has(reader, Capability.valueOf("READ_" + format.name()))) {
      assertThatThrownBy(back::collect)
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining(format.label());
      return;
    }
    List<Row> rows = back.sort("id").collect();
    assertThat(rows).hasSize(2);
    for (int c = 0; c < ALL.size(); c++) {
      assertThat(rows.get(0).get(c)).as("column %s", ALL.field(c).name()).isEqualTo(ROWS[0][c]);
      assertThat(rows.get(1).get(c)).as("column %s", ALL.field(c).name()).isEqualTo(ROWS[1][c]);
    }
  }
}
