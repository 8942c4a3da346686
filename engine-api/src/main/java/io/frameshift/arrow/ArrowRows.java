package io.frameshift.arrow;

import io.frameshift.Row;
import io.frameshift.error.ConversionException;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The reference conversion between {@link Row}s and Arrow batches, one value at a time. It is the
 * slow path: engines move data with their own columnar converters, and this class is what they are
 * checked against, and what carries small row sets (user input, collected results) to Arrow.
 */
public final class ArrowRows {
  /** Rows per batch when rows are turned into batches. */
  public static final int BATCH_ROWS = 64 * 1024;

  private ArrowRows() {}

  /** Batches holding {@code rows}, allocated from a child of {@link ArrowMemory}. */
  public static ArrowBatches toBatches(Schema schema, List<Row> rows) {
    BufferAllocator allocator = ArrowMemory.child("rows-to-arrow");
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      for (int start = 0; start < rows.size() || start == 0; start += BATCH_ROWS) {
        int end = Math.min(rows.size(), start + BATCH_ROWS);
        batches.add(batch(schema, rows.subList(start, end), allocator));
        if (rows.isEmpty()) {
          break;
        }
      }
    } catch (RuntimeException e) {
      batches.forEach(VectorSchemaRoot::close);
      allocator.close();
      throw e;
    }
    return ArrowBatches.of(schema, batches, allocator);
  }

  private static VectorSchemaRoot batch(Schema schema, List<Row> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrow(schema), allocator);
    root.allocateNew();
    for (int c = 0; c < schema.size(); c++) {
      FieldVector v = root.getVector(c);
      DataType t = schema.field(c).type();
      String name = schema.field(c).name();
      for (int r = 0; r < rows.size(); r++) {
        Object value = rows.get(r).get(c);
        if (value == null) {
          v.setNull(r);
        } else {
          set(v, t, r, value, name);
        }
      }
      v.setValueCount(rows.size());
    }
    root.setRowCount(rows.size());
    return root;
  }

  /**
   * Sets row {@code r} of {@code v}, a vector of type {@code t}, to {@code value}, a non-null value
   * of {@code t}'s Java class (growing the vector as needed); for code that fills vectors row by
   * row.
   *
   * @throws io.frameshift.error.ConversionException when a decimal or timestamp does not fit
   */
  public static void set(FieldVector v, DataType t, int r, Object value, String column) {
    switch (t.id()) {
      case BOOLEAN -> ((BitVector) v).setSafe(r, (Boolean) value ? 1 : 0);
      case INT32 -> ((IntVector) v).setSafe(r, (Integer) value);
      case INT64 -> ((BigIntVector) v).setSafe(r, (Long) value);
      case FLOAT32 -> ((Float4Vector) v).setSafe(r, (Float) value);
      case FLOAT64 -> ((Float8Vector) v).setSafe(r, (Double) value);
      case STRING ->
          ((VarCharVector) v).setSafe(r, ((String) value).getBytes(StandardCharsets.UTF_8));
      case DATE ->
          ((DateDayVector) v).setSafe(r, Math.toIntExact(((LocalDate) value).toEpochDay()));
      case TIMESTAMP -> ((TimeStampMicroTZVector) v).setSafe(r, micros((Instant) value, column));
      case TIMESTAMP_NTZ ->
          ((TimeStampMicroVector) v)
              .setSafe(r, micros(((LocalDateTime) value).toInstant(ZoneOffset.UTC), column));
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) value;
        DataType.Decimal dt = (DataType.Decimal) t;
        if (d.scale() != dt.scale() || d.precision() > dt.precision()) {
          throw new ConversionException(
              "Decimal " + d.toPlainString() + " of column '" + column + "' does not fit " + t);
        }
        ((DecimalVector) v).setSafe(r, d);
      }
    }
  }

  private static long micros(Instant i, String column) {
    try {
      return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
    } catch (ArithmeticException e) {
      throw new ConversionException(
          "Timestamp " + i + " of column '" + column + "' is outside the microsecond range");
    }
  }

  /** Every row of every batch; consumes and closes the batches and the stream. */
  public static List<Row> toRows(ArrowBatches batches) {
    try (batches) {
      Schema schema = batches.schema();
      List<Row> out = new ArrayList<>();
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        try (VectorSchemaRoot root = b) {
          for (int r = 0; r < root.getRowCount(); r++) {
            Object[] values = new Object[schema.size()];
            for (int c = 0; c < schema.size(); c++) {
              values[c] = value(root.getVector(c), schema.field(c).type(), r);
            }
            out.add(Row.trusted(schema, values));
          }
        }
      }
      return out;
    }
  }

  /** The value at {@code r} in the Java class of {@code t}, or null. */
  public static Object value(FieldVector v, DataType t, int r) {
    if (v.isNull(r)) {
      return null;
    }
    return switch (t.id()) {
      case BOOLEAN -> ((BitVector) v).get(r) != 0;
      case INT32 -> ((IntVector) v).get(r);
      case INT64 -> ((BigIntVector) v).get(r);
      case FLOAT32 -> ((Float4Vector) v).get(r);
      case FLOAT64 -> ((Float8Vector) v).get(r);
      case STRING -> new String(((VarCharVector) v).get(r), StandardCharsets.UTF_8);
      case DATE -> LocalDate.ofEpochDay(((DateDayVector) v).get(r));
      case TIMESTAMP -> instant(((TimeStampMicroTZVector) v).get(r));
      case TIMESTAMP_NTZ ->
          LocalDateTime.ofInstant(instant(((TimeStampMicroVector) v).get(r)), ZoneOffset.UTC);
      case DECIMAL -> ((DecimalVector) v).getObject(r);
    };
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
