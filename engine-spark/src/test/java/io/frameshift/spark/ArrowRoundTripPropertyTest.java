package io.frameshift.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * local → Arrow → Spark → Arrow → local returns exactly the input, for random schemas of every type
 * and values full of edge cases (nulls, NaN, ±Infinity, -0.0, integer extremes, empty, long and
 * non-ASCII strings, dates and timestamps far from 1970, microseconds, any decimal scale), and for
 * empty frames and frames of one row. Rows compare by their boxed values' equals, under which NaN
 * equals NaN, -0.0 differs from 0.0 and decimals differ by scale.
 */
class ArrowRoundTripPropertyTest {
  /** Never closed: closing it would close the shared Spark engine's session. */
  private static final Frameshift FS = Frameshift.builder().build();

  private static final long MIN_DAY = LocalDate.of(1, 1, 1).toEpochDay();
  private static final long MAX_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
  private static final long MIN_MICROS = MIN_DAY * 86_400_000_000L;
  private static final long MAX_MICROS = (MAX_DAY + 1) * 86_400_000_000L - 1;

  record Case(Schema schema, List<Row> rows) {
    @Override
    public String toString() {
      return schema + " x " + rows.size() + " rows " + rows;
    }
  }

  @Property(tries = 50)
  void localToSparkAndBackIsExact(@ForAll("cases") Case c) {
    Engine local = FS.engine("local");
    Engine spark = SharedSpark.ENGINE;
    EngineFrame inSpark = spark.importArrow(local.exportArrow(local.create(c.schema(), c.rows())));
    assertThat(inSpark.schema()).isEqualTo(c.schema());
    EngineFrame back = local.importArrow(spark.exportArrow(inSpark));
    assertThat(back.schema()).isEqualTo(c.schema());
    assertThat(values(local.collect(back))).isEqualTo(values(c.rows()));
  }

  /**
   * The serialized route a cluster takes (partitions carrying their IPC bytes, batches coming back
   * as IPC messages in task results), run on the local master, is exact too.
   */
  @Property(tries = 25)
  void theClusterRouteIsExactToo(@ForAll("cases") Case c) {
    Engine local = FS.engine("local");
    SparkFrame inSpark =
        SparkArrow.importArrow(
            SharedSpark.ENGINE.session(),
            local.exportArrow(local.create(c.schema(), c.rows())),
            false);
    EngineFrame back = local.importArrow(SparkArrow.exportArrow(inSpark, false));
    assertThat(back.schema()).isEqualTo(c.schema());
    assertThat(values(local.collect(back))).isEqualTo(values(c.rows()));
  }

  private static List<List<Object>> values(List<Row> rows) {
    return rows.stream().map(Row::values).toList();
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<DataType> type =
        Arbitraries.of(TypeId.values())
            .flatMap(
                id ->
                    id == TypeId.DECIMAL
                        ? Arbitraries.integers()
                            .between(1, DataType.MAX_DECIMAL_PRECISION)
                            .flatMap(
                                p ->
                                    Arbitraries.integers()
                                        .between(0, p)
                                        .map(s -> DataType.decimal(p, s)))
                        : Arbitraries.just(DataType.of(id)));
    // Empty frames and frames of one row are a third of the cases.
    Arbitrary<Integer> size =
        Arbitraries.oneOf(
            Arbitraries.just(0),
            Arbitraries.just(1),
            Arbitraries.integers().between(2, 200),
            Arbitraries.integers().between(2, 200));
    return type.list()
        .ofMinSize(1)
        .ofMaxSize(6)
        .flatMap(types -> size.flatMap(n -> frame(types, n)));
  }

  private static Arbitrary<Case> frame(List<DataType> types, int n) {
    List<Field> fields = new ArrayList<>();
    List<Arbitrary<List<Object>>> columns = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      fields.add(Field.of("c" + i + "_" + types.get(i).id(), types.get(i)));
      columns.add(values(types.get(i)).injectNull(0.15).list().ofSize(n));
    }
    Schema schema = Schema.of(fields);
    return Combinators.combine(columns)
        .as(
            cols -> {
              List<Row> rows = new ArrayList<>(n);
              for (int r = 0; r < n; r++) {
                Object[] v = new Object[cols.size()];
                for (int c = 0; c < v.length; c++) {
                  v[c] = cols.get(c).get(r);
                }
                rows.add(Row.of(schema, v));
              }
              return new Case(schema, rows);
            });
  }

  @SuppressWarnings("unchecked")
  private static Arbitrary<Object> values(DataType t) {
    Arbitrary<?> a =
        switch (t.id()) {
          case BOOLEAN -> Arbitraries.of(true, false);
          case INT32 ->
              Arbitraries.oneOf(
                  Arbitraries.integers(),
                  Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1));
          case INT64 ->
              Arbitraries.oneOf(
                  Arbitraries.longs(), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
          case FLOAT32 ->
              Arbitraries.oneOf(
                  Arbitraries.floats(),
                  Arbitraries.of(
                      Float.NaN,
                      Float.POSITIVE_INFINITY,
                      Float.NEGATIVE_INFINITY,
                      -0.0f,
                      0.0f,
                      Float.MIN_VALUE,
                      Float.MAX_VALUE));
          case FLOAT64 ->
              Arbitraries.oneOf(
                  Arbitraries.doubles(),
                  Arbitraries.of(
                      Double.NaN,
                      Double.POSITIVE_INFINITY,
                      Double.NEGATIVE_INFINITY,
                      -0.0,
                      0.0,
                      Double.MIN_VALUE,
                      -Double.MAX_VALUE));
          case STRING ->
              Arbitraries.oneOf(
                  Arbitraries.strings()
                      .withCharRange(' ', '~')
                      .withCharRange('\u00a0', '\u024f')
                      .withCharRange('\u4e00', '\u4fff')
                      .ofMaxLength(30),
                  Arbitraries.of(
                      "", " ", "naïve café", "😀🎉 emoji", "line\nbreak", "x".repeat(5000) + "é"));
          case DATE ->
              Arbitraries.oneOf(
                  Arbitraries.longs().between(MIN_DAY, MAX_DAY).map(LocalDate::ofEpochDay),
                  Arbitraries.of(
                      LocalDate.of(1969, 12, 31),
                      LocalDate.of(1900, 1, 1),
                      LocalDate.of(1582, 10, 4),
                      LocalDate.of(2100, 3, 1),
                      LocalDate.of(9999, 12, 31)));
          case TIMESTAMP -> micros().map(ArrowRoundTripPropertyTest::instant);
          case TIMESTAMP_NTZ ->
              micros().map(m -> LocalDateTime.ofInstant(instant(m), ZoneOffset.UTC));
          case DECIMAL -> {
            DataType.Decimal d = (DataType.Decimal) t;
            BigInteger max = BigInteger.TEN.pow(d.precision()).subtract(BigInteger.ONE);
            yield Arbitraries.oneOf(
                    Arbitraries.bigIntegers().between(max.negate(), max),
                    Arbitraries.of(max, max.negate(), BigInteger.ZERO))
                .map(u -> new BigDecimal(u, d.scale()));
          }
        };
    return (Arbitrary<Object>) a;
  }

  private static Arbitrary<Long> micros() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(MIN_MICROS, MAX_MICROS),
        Arbitraries.of(-1L, 0L, 1L, -86_400_000_001L, 4_102_444_800_000_001L));
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
