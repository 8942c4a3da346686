package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.ConversionException;
import io.frameshift.spi.Capability;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The columnar converter against the reference one-value-at-a-time conversion ({@link ArrowRows}):
 * every type, the values that sentinels and bit tricks get wrong, batch boundaries on and off word
 * boundaries, and memory that must all be released.
 */
class LocalArrowTest {
  static final Schema ALL =
      Schema.of(
          Field.of("b", DataType.BOOLEAN),
          Field.of("i", DataType.INT32),
          Field.of("l", DataType.INT64),
          Field.of("f", DataType.FLOAT32),
          Field.of("d", DataType.FLOAT64),
          Field.of("s", DataType.STRING),
          Field.of("cat", DataType.STRING),
          Field.of("dt", DataType.DATE),
          Field.of("ts", DataType.TIMESTAMP),
          Field.of("ntz", DataType.TIMESTAMP_NTZ),
          Field.of("wide", DataType.decimal(38, 10)),
          Field.of("small", DataType.decimal(18, 4)),
          new Field("req", DataType.INT64, false));

  private static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000 - 1;

  private final LocalEngine engine = new LocalEngine();

  /** Rows of {@link #ALL}: about 10% nulls, specials often, random values otherwise. */
  static List<Row> rows(long seed, int n) {
    Random r = new Random(seed);
    List<Row> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      Object[] v = new Object[ALL.size()];
      for (int c = 0; c < v.length; c++) {
        boolean nullable = ALL.field(c).nullable();
        v[c] = nullable && r.nextInt(10) == 0 ? null : value(c, r);
      }
      out.add(Row.of(ALL, v));
    }
    return out;
  }

  private static Object value(int column, Random r) {
    boolean special = r.nextInt(3) == 0;
    return switch (column) {
      case 0 -> r.nextBoolean();
      case 1 ->
          special ? pick(r, Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1) : (Object) r.nextInt();
      case 2 -> special ? pick(r, Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L) : (Object) r.nextLong();
      case 3 ->
          special
              ? pick(
                  r,
                  Float.NaN,
                  -0.0f,
                  0.0f,
                  Float.POSITIVE_INFINITY,
                  Float.NEGATIVE_INFINITY,
                  Float.MIN_VALUE,
                  Float.MAX_VALUE,
                  -Float.MAX_VALUE)
              : (Object) (r.nextFloat() * 1e6f - 5e5f);
      case 4 ->
          special
              ? pick(
                  r,
                  Double.NaN,
                  -0.0,
                  0.0,
                  Double.POSITIVE_INFINITY,
                  Double.NEGATIVE_INFINITY,
                  Double.MIN_VALUE,
                  Double.MAX_VALUE,
                  -Double.MAX_VALUE)
              : (Object) (r.nextGaussian() * 1e9);
      case 5 ->
          special
              ? pick(r, "", " ", "héllo, \"wörld\"", "𝄞 clef", "日本語", "x".repeat(5000), "\u0000")
              : randomString(r);
      case 6 -> pick(r, "red", "green", "blue", "", "Ünïcode");
      case 7 ->
          special
              ? pick(
                  r,
                  LocalDate.of(1969, 12, 31),
                  LocalDate.of(1970, 1, 1),
                  LocalDate.of(1, 1, 1),
                  LocalDate.of(-32768, 1, 1),
                  LocalDate.of(32767, 12, 31),
                  LocalDate.of(2100, 3, 1),
                  LocalDate.of(9999, 12, 31))
              : LocalDate.ofEpochDay(r.nextInt(200_000) - 100_000);
      case 8 -> Temporal.toInstant(micros(r, special));
      case 9 -> LocalDateTime.ofInstant(Temporal.toInstant(micros(r, special)), ZoneOffset.UTC);
      case 10 ->
          special
              ? pick(
                  r,
                  new BigDecimal("9999999999999999999999999999.9999999999"),
                  new BigDecimal("-9999999999999999999999999999.9999999999"),
                  new BigDecimal("0E-10"),
                  new BigDecimal("-0.0000000001"))
              : new BigDecimal(new BigInteger(126, r).subtract(BigInteger.ONE.shiftLeft(125)), 10);
      case 11 ->
          special
              ? pick(
                  r,
                  new BigDecimal("99999999999999.9999"),
                  new BigDecimal("-99999999999999.9999"),
                  new BigDecimal("0.0000"))
              : BigDecimal.valueOf(r.nextLong() % 1_000_000_000_000_000_000L, 4);
      case 12 -> r.nextLong();
      default -> throw new IllegalArgumentException("column " + column);
    };
  }

  private static long micros(Random r, boolean special) {
    if (special) {
      return (long)
          pick(
              r,
              0L,
              -1L,
              1L,
              MAX_SECONDS * 1_000_000,
              -MAX_SECONDS * 1_000_000 + 123_456,
              Instant.parse("2200-01-01T12:34:56.123456Z").toEpochMilli() * 1000 + 456,
              Instant.parse("1900-06-30T23:59:59.999999Z").toEpochMilli() * 1000 + 999);
    }
    return r.nextLong() % (MAX_SECONDS * 1_000_000);
  }

  private static String randomString(Random r) {
    int n = r.nextInt(20);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp = r.nextInt(4) == 0 ? 0x80 + r.nextInt(0x2FF80) : 0x20 + r.nextInt(0x5F);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 'x'; // a lone surrogate is not a string
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  private LocalFrame frame(List<Row> rows) {
    return (LocalFrame) engine.create(ALL, rows);
  }

  // ---- against the reference --------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 64, 65, 200, 1000})
  void exportReadsBackThroughTheReference(int n) {
    List<Row> rows = rows(n, n);
    List<Row> back = ArrowRows.toRows(ArrowExport.export(frame(rows), 64));
    assertThat(back).isEqualTo(rows);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 64, 65, 200, 1000})
  void importOfReferenceBatchesKeepsEveryValue(int n) {
    List<Row> rows = rows(31L * n + 7, n);
    LocalFrame f = ArrowImport.importBatches(ArrowRows.toBatches(ALL, rows));
    assertThat(f.schema()).isEqualTo(ALL);
    assertThat(engine.collect(f)).isEqualTo(rows);
  }

  @Test
  void exportMatchesTheReferenceVectorByVector() {
    List<Row> rows = rows(5, 300);
    try (ArrowBatches fast = ArrowExport.export(frame(rows), 64 * 5);
        ArrowBatches slow = ArrowRows.toBatches(ALL, rows);
        VectorSchemaRoot a = fast.next();
        VectorSchemaRoot b = slow.next()) {
      assertThat(fast.schema()).isEqualTo(ALL);
      assertThat(a.getSchema()).isEqualTo(ArrowTypes.toArrow(ALL));
      assertThat(a.getRowCount()).isEqualTo(300);
      for (int c = 0; c < ALL.size(); c++) {
        FieldVector x = a.getVector(c);
        FieldVector y = b.getVector(c);
        assertThat(x.getNullCount()).as("nulls of %s", ALL.field(c)).isEqualTo(y.getNullCount());
        for (int r = 0; r < 300; r++) {
          assertThat(ArrowRows.value(x, ALL.field(c).type(), r))
              .as("%s row %d", ALL.field(c), r)
              .isEqualTo(ArrowRows.value(y, ALL.field(c).type(), r));
        }
      }
    }
  }

  @Test
  void batchesAreBoundedAndCoverEveryRow() {
    List<Row> rows = rows(9, 1000);
    List<Integer> sizes = new ArrayList<>();
    try (ArrowBatches batches = ArrowExport.export(frame(rows), 128)) {
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        try (VectorSchemaRoot batch = b) {
          sizes.add(batch.getRowCount());
        }
      }
    }
    assertThat(sizes).containsExactly(128, 128, 128, 128, 128, 128, 128, 104);
  }

  @Test
  void importJoinsBatchesThatAreNotWordAligned() {
    List<Row> rows = rows(11, 500);
    int[] cuts = {0, 1, 1, 8, 71, 135, 200, 263, 264, 500};
    List<ArrowBatches> sources = new ArrayList<>();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    for (int k = 0; k + 1 < cuts.length; k++) {
      ArrowBatches part = ArrowRows.toBatches(ALL, rows.subList(cuts[k], cuts[k + 1]));
      sources.add(part);
      for (VectorSchemaRoot b = part.next(); b != null; b = part.next()) {
        batches.add(b);
      }
    }
    LocalFrame f = ArrowImport.importBatches(ArrowBatches.of(ALL, batches));
    sources.forEach(ArrowBatches::close); // each closes its allocator: nothing may be left in it
    assertThat(engine.collect(f)).isEqualTo(rows);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 64, 777, 70_000})
  void localRoundTripGivesTheInput(int n) {
    List<Row> rows = rows(n + 3L, n);
    LocalFrame f = ArrowImport.importBatches(ArrowExport.export(frame(rows)));
    assertThat(engine.collect(f)).isEqualTo(rows);
    LocalFrame small = ArrowImport.importBatches(ArrowExport.export(frame(rows), 64));
    assertThat(engine.collect(small)).isEqualTo(rows);
  }

  @Test
  void engineMovesFramesThroughTheConverter() {
    List<Row> rows = rows(17, 300);
    assertThat(engine.collect(engine.importArrow(engine.exportArrow(frame(rows))))).isEqualTo(rows);
    assertThat(engine.capabilities()).contains(Capability.READ_ARROW, Capability.WRITE_ARROW);
  }

  @Test
  void columnsWithoutNullsAndAllNullColumnsSurvive() {
    Schema s = Schema.of(Field.of("a", DataType.INT32), Field.of("s", DataType.STRING));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      rows.add(Row.of(s, i, null));
    }
    LocalFrame f = (LocalFrame) engine.create(s, rows);
    assertThat(ArrowRows.toRows(ArrowExport.export(f, 64))).isEqualTo(rows);
    assertThat(engine.collect(ArrowImport.importBatches(ArrowRows.toBatches(s, rows))))
        .isEqualTo(rows);
  }

  // ---- memory -----------------------------------------------------------------------------------

  @Test
  void exportAndImportReleaseEveryBuffer() {
    long before = ArrowMemory.allocatedBytes();
    LocalFrame f = frame(rows(21, 5000));
    ArrowImport.importBatches(ArrowExport.export(f, 512));
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);

    // a stream closed after one batch releases the rest
    try (ArrowBatches batches = ArrowExport.export(f, 512)) {
      batches.next().close();
      assertThat(ArrowMemory.allocatedBytes()).isGreaterThanOrEqualTo(before);
    }
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  @Test
  void batchesHandedToAnotherAllocatorLeaveNothingBehind() {
    long before = ArrowMemory.allocatedBytes();
    List<Row> rows = rows(23, 1000);
    BufferAllocator mine = ArrowMemory.child("test-owner");
    List<VectorSchemaRoot> moved = new ArrayList<>();
    try (ArrowBatches batches = ArrowExport.export(frame(rows), 256)) {
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        try (VectorSchemaRoot batch = b) {
          VectorSchemaRoot copy = VectorSchemaRoot.create(batch.getSchema(), mine);
          for (int c = 0; c < batch.getFieldVectors().size(); c++) {
            batch.getVector(c).makeTransferPair(copy.getVector(c)).transfer();
          }
          copy.setRowCount(batch.getRowCount());
          moved.add(copy);
        }
      }
    }
    assertThat(mine.getAllocatedMemory()).isPositive();
    LocalFrame f = ArrowImport.importBatches(ArrowBatches.of(ALL, moved));
    assertThat(mine.getAllocatedMemory()).isZero();
    mine.close(); // throws if a buffer is still held
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
    assertThat(engine.collect(f)).isEqualTo(rows);
  }

  @Test
  void aFailedImportReleasesEveryBuffer() {
    long before = ArrowMemory.allocatedBytes();
    Schema s = Schema.of(Field.of("day", DataType.DATE));
    BufferAllocator a = ArrowMemory.child("test-bad-date");
    List<VectorSchemaRoot> batches = new ArrayList<>();
    batches.add(dates(a, 0, 1, -1));
    batches.add(dates(a, 20_000_000)); // year 56,728: beyond a DateColumn
    batches.add(dates(a, 5));
    assertThatThrownBy(() -> ArrowImport.importBatches(ArrowBatches.of(s, batches)))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("'day'")
        .hasMessageContaining("+56728");
    a.close();
    assertThat(ArrowMemory.allocatedBytes()).isEqualTo(before);
  }

  private static VectorSchemaRoot dates(BufferAllocator a, int... days) {
    VectorSchemaRoot root =
        VectorSchemaRoot.create(ArrowTypes.toArrow(Schema.of(Field.of("day", DataType.DATE))), a);
    DateDayVector v = (DateDayVector) root.getVector(0);
    v.allocateNew(days.length);
    for (int i = 0; i < days.length; i++) {
      v.set(i, days[i]);
    }
    root.setRowCount(days.length);
    return root;
  }

  // ---- values an engine cannot hold -------------------------------------------------------------

  @Test
  void aDecimalBeyondItsPrecisionIsRefused() {
    Schema s = Schema.of(Field.of("price", DataType.decimal(5, 2)));
    try (BufferAllocator a = ArrowMemory.child("test-decimal")) {
      VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrow(s), a);
      DecimalVector v = (DecimalVector) root.getVector(0);
      v.allocateNew(2);
      v.set(0, 99_999L); // 999.99 fits
      v.set(1, 123_456L); // 1234.56 has 6 digits
      root.setRowCount(2);
      assertThatThrownBy(() -> ArrowImport.importBatches(ArrowBatches.of(s, List.of(root))))
          .isInstanceOf(ConversionException.class)
          .hasMessageContaining("1234.56")
          .hasMessageContaining("'price'");
    }
  }

  @Test
  void aWideDecimalBeyondItsPrecisionIsRefused() {
    Schema s = Schema.of(Field.of("big", DataType.decimal(20, 0)));
    try (BufferAllocator a = ArrowMemory.child("test-wide-decimal")) {
      VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrow(s), a);
      DecimalVector v = (DecimalVector) root.getVector(0);
      v.allocateNew(1);
      v.setBigEndian(0, new BigInteger("1" + "0".repeat(20)).toByteArray());
      root.setRowCount(1);
      assertThatThrownBy(() -> ArrowImport.importBatches(ArrowBatches.of(s, List.of(root))))
          .isInstanceOf(ConversionException.class)
          .hasMessageContaining("100000000000000000000")
          .hasMessageContaining("'big'");
    }
  }

  @Test
  void aVectorOfAnotherTypeThanTheSchemaSaysIsRefused() {
    Schema claimed = Schema.of(Field.of("n", DataType.INT64));
    try (BufferAllocator a = ArrowMemory.child("test-mismatch")) {
      VectorSchemaRoot root =
          VectorSchemaRoot.create(
              new org.apache.arrow.vector.types.pojo.Schema(
                  List.of(
                      new org.apache.arrow.vector.types.pojo.Field(
                          "n", FieldType.nullable(new ArrowType.Int(32, true)), null))),
              a);
      ((IntVector) root.getVector(0)).allocateNew(1);
      ((IntVector) root.getVector(0)).set(0, 7);
      root.setRowCount(1);
      assertThatThrownBy(() -> ArrowImport.importBatches(ArrowBatches.of(claimed, List.of(root))))
          .isInstanceOf(ConversionException.class)
          .hasMessageContaining("'n'")
          .hasMessageContaining("int32")
          .hasMessageContaining("int64");
    }
  }

  @Test
  void minimumIntegersAndNullsStayApartInRawBuffers() {
    Schema s = Schema.of(Field.of("l", DataType.INT64));
    try (BufferAllocator a = ArrowMemory.child("test-min")) {
      VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrow(s), a);
      BigIntVector v = (BigIntVector) root.getVector(0);
      v.allocateNew(3);
      v.set(0, Long.MIN_VALUE);
      v.setNull(1);
      v.set(2, 0);
      root.setRowCount(3);
      LocalFrame f = ArrowImport.importBatches(ArrowBatches.of(s, List.of(root)));
      assertThat(engine.collect(f).stream().map(r -> r.get(0)).toList())
          .containsExactly(Long.MIN_VALUE, null, 0L);
    }
  }
}
