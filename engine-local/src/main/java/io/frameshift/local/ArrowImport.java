package io.frameshift.local;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.ConversionException;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.DecimalUtility;

/**
 * Arrow batches to a local frame: the mirror of {@link ArrowExport}, with the same bulk copies; a
 * value the local storage cannot hold exactly is a {@link ConversionException} naming the column.
 * Public ({@link Importer}) for the Arrow IPC reader of {@code io.frameshift.local.format}: the
 * local engine's internals, not API.
 */
public final class ArrowImport {
  /** 10^p for the precisions an unscaled long holds. */
  private static final long[] POW10 = new long[Vec.COMPACT_DECIMAL_PRECISION + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  // ---- import -----------------------------------------------------------------------------------

  /** A frame of every batch of {@code batches}, which are consumed and closed. */
  static LocalFrame importBatches(ArrowBatches batches) {
    try (batches) {
      Schema schema = batches.schema();
      int[] columns = new int[schema.size()];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = c;
      }
      Importer importer = new Importer(schema);
      for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
        try (VectorSchemaRoot root = b) {
          importer.add(root, columns, "the Arrow input");
        }
      }
      return importer.finish();
    }
  }

  /**
   * Collects batches as per-batch Java arrays (so each batch can be released at once) and joins
   * them into one column each at the end.
   */
  public static final class Importer {
    private final Schema schema;
    private final List<List<Object>> values = new ArrayList<>();
    private final List<List<long[]>> nulls = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    public Importer(Schema schema) {
      this.schema = schema;
      for (int c = 0; c < schema.size(); c++) {
        values.add(new ArrayList<>());
        nulls.add(new ArrayList<>());
      }
    }

    /** Adds a batch; column {@code c} of the frame is vector {@code from[c]} of the batch. */
    public void add(VectorSchemaRoot root, int[] from, String what) {
      int n = root.getRowCount();
      for (int c = 0; c < from.length; c++) {
        Field field = schema.field(c);
        FieldVector v = root.getVector(from[c]);
        DataType found = ArrowTypes.fromArrow(field.name(), v.getField().getType());
        if (!found.equals(field.type())) {
          throw new ConversionException(
              "Column '"
                  + field.name()
                  + "' of "
                  + what
                  + " holds "
                  + found
                  + " (Arrow "
                  + v.getField().getType()
                  + "), but its schema says "
                  + field.type());
        }
        long[] mask = ArrowBuffers.readNulls(v, n);
        values.get(c).add(read(v, field, mask, n));
        nulls.get(c).add(mask);
      }
      sizes.add(n);
    }

    public LocalFrame finish() {
      int total = 0;
      for (int s : sizes) {
        total = Math.addExact(total, s);
      }
      List<Vec> columns = new ArrayList<>(schema.size());
      for (int c = 0; c < schema.size(); c++) {
        DataType type = schema.field(c).type();
        long[] mask = concatNulls(nulls.get(c), total);
        if (type.id() == TypeId.STRING) {
          columns.add(joinStrings(values.get(c), mask, total));
          values.get(c).clear();
          nulls.get(c).clear();
          continue;
        }
        Object joined = concat(Vec.kindOf(type), values.get(c), total);
        values.get(c).clear();
        nulls.get(c).clear();
        columns.add(
            switch (Vec.kindOf(type)) {
              case BOOLEAN -> Vec.ofBooleans((boolean[]) joined, mask);
              case INT, DATE -> Vec.ofInts(type, (int[]) joined, mask);
              case LONG -> Vec.ofLongs(type, (long[]) joined, mask);
              case FLOAT -> Vec.ofFloats((float[]) joined, mask);
              case DOUBLE -> Vec.ofDoubles((double[]) joined, mask);
              case STRING -> throw new IllegalStateException("strings are joined above");
              case WIDE_DECIMAL -> Vec.ofDecimals(type, (BigDecimal[]) joined);
            });
      }
      return new LocalFrame(schema, columns, total);
    }

    private Object concat(Vec.Kind kind, List<Object> parts, int total) {
      if (parts.size() == 1) {
        return parts.get(0);
      }
      Object out = Vec.newArray(kind, total);
      int at = 0;
      for (int p = 0; p < parts.size(); p++) {
        System.arraycopy(parts.get(p), 0, out, at, sizes.get(p));
        at += sizes.get(p);
      }
      return out;
    }

    /** The masks of the batches laid end to end; batches need not be word-aligned. */
    private long[] concatNulls(List<long[]> parts, int total) {
      if (parts.size() == 1) {
        return parts.get(0);
      }
      long[] out = null;
      int at = 0;
      for (int p = 0; p < parts.size(); p++) {
        out = Bits.orAt(out, parts.get(p), at, total);
        at += sizes.get(p);
      }
      return out;
    }
  }

  /** The values of one batch's vector as a Java array of the kind of {@code field}'s type. */
  private static Object read(FieldVector v, Field field, long[] nulls, int n) {
    DataType type = field.type();
    if (type.id() == TypeId.STRING) {
      return strings((VarCharVector) v, n);
    }
    ArrowBuf data = ((BaseFixedWidthVector) v).getDataBuffer();
    switch (Vec.kindOf(type)) {
      case BOOLEAN -> {
        long[] words = ArrowBuffers.readBits(data, n);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
          out[i] = (words[i >>> 6] & (1L << i)) != 0;
        }
        return out;
      }
      case INT -> {
        int[] out = new int[n];
        ArrowBuffers.bytes(data, n, 4).asIntBuffer().get(out);
        return out;
      }
      case DATE -> {
        int[] out = new int[n];
        ArrowBuffers.bytes(data, n, 4).asIntBuffer().get(out);
        for (int i = 0; i < n; i++) {
          if (Bits.get(nulls, i)) {
            out[i] = 0;
          } else {
            out[i] = Temporal.packedDate(out[i], field.name());
          }
        }
        return out;
      }
      case LONG -> {
        long[] out = new long[n];
        if (type.id() == TypeId.DECIMAL) {
          int precision = ((DataType.Decimal) type).precision();
          for (int i = 0; i < n; i++) {
            if (!Bits.get(nulls, i)) {
              long low = data.getLong(16L * i);
              long high = data.getLong(16L * i + 8);
              if (high != (low >> 63) || low <= -POW10[precision] || low >= POW10[precision]) {
                throw tooWide(data, i, field);
              }
              out[i] = low;
            }
          }
        } else {
          ArrowBuffers.bytes(data, n, 8).asLongBuffer().get(out);
        }
        return out;
      }
      case FLOAT -> {
        float[] out = new float[n];
        ArrowBuffers.bytes(data, n, 4).asFloatBuffer().get(out);
        return out;
      }
      case DOUBLE -> {
        double[] out = new double[n];
        ArrowBuffers.bytes(data, n, 8).asDoubleBuffer().get(out);
        return out;
      }
      case WIDE_DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) type;
        BigDecimal[] out = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            out[i] = DecimalUtility.getBigDecimalFromArrowBuf(data, i, d.scale(), 16);
            if (out[i].precision() > d.precision()) {
              throw tooWide(data, i, field);
            }
          }
        }
        return out;
      }
      case STRING -> throw new IllegalStateException("strings are read above");
    }
    throw new IllegalStateException("unreachable: " + type);
  }

  private static ConversionException tooWide(ArrowBuf data, int i, Field field) {
    int scale = ((DataType.Decimal) field.type()).scale();
    return new ConversionException(
        "Decimal "
            + DecimalUtility.getBigDecimalFromArrowBuf(data, i, scale, 16).toPlainString()
            + " of column '"
            + field.name()
            + "' does not fit its type "
            + field.type());
  }

  /** One batch's strings: its UTF-8 bytes and n + 1 offsets into them, from 0. */
  private record Utf8Part(byte[] bytes, int[] offsets) {}

  /** A batch's strings as Arrow holds them, copied in bulk: nothing is decoded or hashed. */
  private static Utf8Part strings(VarCharVector v, int n) {
    int[] offsets = new int[n + 1];
    if (n == 0) {
      return new Utf8Part(new byte[0], offsets);
    }
    ArrowBuffers.bytes(v.getOffsetBuffer(), n + 1, 4).asIntBuffer().get(offsets);
    int base = offsets[0];
    byte[] data = new byte[offsets[n] - base];
    v.getDataBuffer().getBytes(base, data, 0, data.length);
    if (base != 0) {
      for (int i = 0; i <= n; i++) {
        offsets[i] -= base;
      }
    }
    return new Utf8Part(data, offsets);
  }

  /**
   * The batches' strings laid end to end as one UTF-8 column; past what one array holds, each row
   * is decoded instead (and coded as strings built row by row are).
   */
  private static Vec joinStrings(List<Object> parts, long[] nulls, int total) {
    long bytes = 0;
    for (Object p : parts) {
      bytes += ((Utf8Part) p).bytes().length;
    }
    if (bytes > Integer.MAX_VALUE - 16) {
      String[] rows = new String[total];
      int at = 0;
      for (Object o : parts) {
        Utf8Part p = (Utf8Part) o;
        int[] off = p.offsets();
        for (int i = 0; i + 1 < off.length; i++, at++) {
          if (!Bits.get(nulls, at)) {
            rows[at] = new String(p.bytes(), off[i], off[i + 1] - off[i], StandardCharsets.UTF_8);
          }
        }
      }
      return Vec.ofStrings(rows);
    }
    if (parts.size() == 1) {
      Utf8Part p = (Utf8Part) parts.get(0);
      return Vec.ofUtf8(p.bytes(), p.offsets(), nulls);
    }
    byte[] joined = new byte[(int) bytes];
    int[] offsets = new int[total + 1];
    int row = 0;
    int at = 0;
    for (Object o : parts) {
      Utf8Part p = (Utf8Part) o;
      int[] off = p.offsets();
      System.arraycopy(p.bytes(), 0, joined, at, p.bytes().length);
      for (int i = 1; i < off.length; i++) {
        offsets[row + i] = off[i] + at;
      }
      row += off.length - 1;
      at += p.bytes().length;
    }
    return Vec.ofUtf8(joined, offsets, nulls);
  }

  private ArrowImport() {}
}
