package io.frameshift.local;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.local.Plans.list;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.error.ConversionException;
import io.frameshift.error.EngineException;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineProvider;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.ShortColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.api.TimeColumn;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalFramesTest {
  private final Frameshift fs = Frameshift.builder().engine("local").build();

  @AfterAll
  void close() {
    fs.close();
  }

  @Test
  void providerIsFoundByServiceLoader() {
    EngineProvider p =
        ServiceLoader.load(EngineProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(x -> x.name().equals("local"))
            .findFirst()
            .orElseThrow();
    try (Engine e = p.create(Map.of())) {
      assertThat(e.name()).isEqualTo("local");
      assertThat(e).isInstanceOf(LocalEngine.class);
    }
  }

  @Test
  void wrapsATablesawTableWithMissingValuesAsNulls() {
    Table t =
        Table.create(
            "t",
            IntColumn.create("i", 1, Integer.MIN_VALUE, 3),
            ShortColumn.create("sh", (short) 1, (short) 2, (short) 3),
            DoubleColumn.create("d", 1.5, Double.NaN, 2.5),
            StringColumn.create("s", "a", "", "c"),
            DateColumn.create("day", LocalDate.of(2024, 1, 1), null, LocalDate.of(1900, 5, 6)),
            InstantColumn.create(
                "ts", Instant.parse("2024-01-01T00:00:00.123Z"), null, Instant.EPOCH));
    DataFrame df = LocalFrames.of(fs, t);
    assertThat(df.schema())
        .isEqualTo(
            Schema.of(
                Field.of("i", DataType.INT32),
                Field.of("sh", DataType.INT32),
                Field.of("d", DataType.FLOAT64),
                Field.of("s", DataType.STRING),
                Field.of("day", DataType.DATE),
                Field.of("ts", DataType.TIMESTAMP)));
    assertThat(df.collect().stream().map(Row::values).toList())
        .containsExactly(
            list(
                1,
                1,
                1.5,
                "a",
                LocalDate.of(2024, 1, 1),
                Instant.parse("2024-01-01T00:00:00.123Z")),
            list(null, 2, null, null, null, null),
            list(3, 3, 2.5, "c", LocalDate.of(1900, 5, 6), Instant.EPOCH));
    assertThat(df.filter(col("i").gt(1)).count()).isEqualTo(1);
  }

  @Test
  void convertsBackToATable() {
    Schema s =
        Schema.builder()
            .column("i", DataType.INT32)
            .column("s", DataType.STRING)
            .column("ntz", DataType.TIMESTAMP_NTZ)
            .column("dec", DataType.decimal(6, 2))
            .build();
    DataFrame df =
        fs.createDataFrame(
            s,
            new Object[] {7, "x", LocalDateTime.of(2024, 1, 2, 3, 4, 5), new BigDecimal("1.25")},
            new Object[] {null, null, null, null});
    Table t = LocalFrames.toTable(df.filter(col("i").isNull().or(col("i").gt(0))));
    assertThat(t.columnNames()).containsExactly("i", "s", "ntz", "dec");
    assertThat(t.rowCount()).isEqualTo(2);
    assertThat(t.intColumn("i").get(0)).isEqualTo(7);
    assertThat(t.intColumn("i").isMissing(1)).isTrue();
    assertThat(t.stringColumn("s").isMissing(1)).isTrue();
    assertThat(((DateTimeColumn) t.column("ntz")).get(0))
        .isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
    assertThat(t.doubleColumn("dec").get(0)).isEqualTo(1.25);
    assertThat(t.doubleColumn("dec").isMissing(1)).isTrue();
    // the round trip gives the same rows
    assertThat(LocalFrames.of(fs, t).collect().stream().map(Row::values).toList())
        .containsExactly(
            list(7, "x", LocalDateTime.of(2024, 1, 2, 3, 4, 5), 1.25),
            list(null, null, null, null));
  }

  @Test
  void refusesWhatTablesawCannotHoldExactly() {
    Schema s = Schema.of(Field.of("t", DataType.TIMESTAMP));
    DataFrame micros =
        fs.createDataFrame(s, new Object[] {Instant.parse("2024-01-01T00:00:00.000001Z")});
    assertThatThrownBy(() -> LocalFrames.toTable(micros))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'t'");
    Schema d = Schema.of(Field.of("d", DataType.decimal(30, 0)));
    DataFrame big =
        fs.createDataFrame(d, new Object[] {new BigDecimal("123456789012345678901234567890")});
    assertThatThrownBy(() -> LocalFrames.toTable(big)).isInstanceOf(ConversionException.class);
    Table times = Table.create("x", TimeColumn.create("tm", LocalTime.NOON));
    assertThatThrownBy(() -> LocalFrames.of(fs, times))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'tm'");
  }

  @Test
  void otherEnginesFramesAreRefused() {
    LocalEngine engine = new LocalEngine();
    EngineFrame foreign =
        new EngineFrame() {
          @Override
          public Schema schema() {
            return Schema.of();
          }

          @Override
          public String engine() {
            return "spark";
          }
        };
    assertThatThrownBy(() -> engine.count(foreign))
        .isInstanceOf(EngineException.class)
        .hasMessageContaining("spark");
    engine.close();
    assertThatThrownBy(() -> engine.create(Schema.of(), List.of()))
        .isInstanceOf(EngineException.class);
  }
}
