package io.frameshift.local;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowIpc;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.ConversionException;
import io.frameshift.error.InputException;
import io.frameshift.error.OutputException;
import io.frameshift.io.Source;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.DecimalUtility;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.columns.strings.DictionaryMap;

/**
 * The local engine's columnar Arrow converter: {@link LocalFrame} to {@link ArrowBatches} and back
 * by whole-buffer copies. Fixed-width values move between Java arrays and Arrow buffers in bulk,
 * null masks become validity bitmaps a 64-bit word at a time (a {@link Bits} word written little
 * endian is exactly 64 Arrow validity bits, inverted), and strings are encoded to UTF-8 once per
 * distinct Tablesaw dictionary entry. Only DATE (Tablesaw's packed form against epoch days),
 * BOOLEAN (bytes against bits) and decimals (unscaled longs against 128-bit integers) take a
 * per-value loop, over primitives.
 *
 * <p>Also the engine's Arrow IPC load/save format: a dataset is a single IPC file or a directory of
 * part files, each read with {@link ArrowIpc}.
 */
final class LocalArrow {
  /**
   * Rows per exported batch: bounded so memory is released batch by batch, and a multiple of 64 so
   * every batch starts at a word of the null masks.
   */
  static final int BATCH_ROWS = 1 << 17;

  /** 10^p for the precisions an unscaled long holds. */
  private static final long[] POW10 = new long[Vec.COMPACT_DECIMAL_PRECISION + 1];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private LocalArrow() {}

  // ---- export -----------------------------------------------------------------------------------

  /** The frame as batches of {@link #BATCH_ROWS} rows, built as they are taken. */
  static ArrowBatches export(LocalFrame frame) {
    return export(frame, BATCH_ROWS);
  }

  /** The frame as batches of {@code batchRows} rows (a positive multiple of 64). */
  static ArrowBatches export(LocalFrame frame, int batchRows) {
    if (batchRows <= 0 || batchRows % 64 != 0) {
      throw new IllegalArgumentException(
          "batchRows must be a positive multiple of 64, got " + batchRows);
    }
    BufferAllocator allocator = ArrowMemory.child("local-export");
    return ArrowBatches.from(frame.schema(), new Exporter(frame, batchRows, allocator), allocator);
  }

  /**
   * Builds one batch per {@link #next()}. Whole-column Java arrays are taken from Tablesaw once, at
   * the first batch, and dropped after the last.
   */
  private static final class Exporter implements Iterator<VectorSchemaRoot> {
    private final LocalFrame frame;
    private final org.apache.arrow.vector.types.pojo.Schema arrowSchema;
    private final int batchRows;
    private final BufferAllocator allocator;
    private Object[] sources;
    private int next;
    private boolean emptySent;

    Exporter(LocalFrame frame, int batchRows, BufferAllocator allocator) {
      this.frame = frame;
      this.arrowSchema = ArrowTypes.toArrow(frame.schema());
      this.batchRows = batchRows;
      this.allocator = allocator;
    }

    @Override
    public boolean hasNext() {
      // an empty frame still gives one (empty) batch, as the reference conversion does
      return next < frame.rows() || (frame.rows() == 0 && !emptySent);
    }

    @Override
    public VectorSchemaRoot next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      if (sources == null) {
        sources = new Object[frame.schema().size()];
        for (int c = 0; c < sources.length; c++) {
          sources[c] = source(frame.column(c));
        }
      }
      int start = next;
      int len = Math.min(batchRows, frame.rows() - start);
      VectorSchemaRoot root = VectorSchemaRoot.create(arrowSchema, allocator);
      try {
        for (int c = 0; c < sources.length; c++) {
          fill(root.getVector(c), frame.column(c), sources[c], start, len);
        }
        root.setRowCount(len);
      } catch (RuntimeException e) {
        root.close();
        throw e;
      }
      next += len;
      emptySent = true;
      if (next >= frame.rows()) {
        sources = new Object[sources.length]; // the last batch is built: release the arrays
      }
      return root;
    }
  }

  /** What a column's batches are copied from: a Java array, an encoder, or the Vec itself. */
  private static Object source(Vec v) {
    return switch (v.kind()) {
      case INT -> v.ints().asIntArray();
      case LONG -> v.longs().asLongArray();
      case FLOAT -> v.floats().asFloatArray();
      case DOUBLE -> v.doubles().asDoubleArray();
      case STRING -> new Utf8(v);
      case BOOLEAN, DATE -> v;
      case WIDE_DECIMAL -> v.wide();
    };
  }

  private static void fill(FieldVector out, Vec v, Object source, int start, int len) {
    if (v.kind() == Vec.Kind.STRING) {
      fillStrings((VarCharVector) out, v, (Utf8) source, start, len);
      return;
    }
    BaseFixedWidthVector fixed = (BaseFixedWidthVector) out;
    fixed.allocateNew(len);
    ArrowBuf data = fixed.getDataBuffer();
    switch (v.kind()) {
      case BOOLEAN -> writeBits(data, booleanWords(v.booleans(), start, len), len);
      case INT -> bytes(data, len, 4).asIntBuffer().put((int[]) source, start, len);
      case DATE -> bytes(data, len, 4).asIntBuffer().put(epochDays(v, start, len));
      case LONG -> {
        long[] values = (long[]) source;
        if (v.type().id() == TypeId.DECIMAL) {
          // unscaled longs widen to 128-bit two's complement: the high word is the sign
          for (int k = 0; k < len; k++) {
            long x = values[start + k];
            data.setLong(16L * k, x);
            data.setLong(16L * k + 8, x >> 63);
          }
        } else {
          bytes(data, len, 8).asLongBuffer().put(values, start, len);
        }
      }
      case FLOAT -> bytes(data, len, 4).asFloatBuffer().put((float[]) source, start, len);
      case DOUBLE -> bytes(data, len, 8).asDoubleBuffer().put((double[]) source, start, len);
      case WIDE_DECIMAL -> {
        BigDecimal[] values = (BigDecimal[]) source;
        for (int k = 0; k < len; k++) {
          BigDecimal x = values[start + k];
          DecimalUtility.writeBigDecimalToArrowBuf(x == null ? BigDecimal.ZERO : x, data, k, 16);
        }
      }
      case STRING -> throw new IllegalStateException("strings are filled above");
    }
    writeBits(fixed.getValidityBuffer(), validWords(v.nulls(), start, len), len);
    fixed.setValueCount(len);
  }

  private static long[] booleanWords(BooleanColumn c, int start, int len) {
    long[] words = new long[(len + 63) >>> 6];
    for (int k = 0; k < len; k++) {
      if (c.getByte(start + k) == 1) {
        words[k >>> 6] |= 1L << k;
      }
    }
    return words;
  }

  private static int[] epochDays(Vec v, int start, int len) {
    DateColumn c = v.dates();
    int[] days = new int[len];
    for (int k = 0; k < len; k++) {
      int i = start + k;
      // a null slot holds an arbitrary packed value: leave it 0 rather than convert it
      if (!v.isNull(i)) {
        days[k] = (int) Temporal.epochDayOfPacked(c.getIntInternal(i));
      }
    }
    return days;
  }

  /**
   * UTF-8 bytes of a string vector. Where the Tablesaw dictionary repeats values, each distinct
   * string is encoded once (by dictionary key) for the whole export; otherwise each row once (bytes
   * held as UTF-8 are copied, not encoded).
   */
  private static final class Utf8 {
    private final Vec vec;
    private final DictionaryMap dict;
    private final byte[][] byKey;
    private final int minKey;

    Utf8(Vec v) {
      this.vec = v;
      int rows = v.size();
      DictionaryMap d = v.dictionary();
      if (d == null || 2L * d.size() > rows) {
        this.dict = null;
        this.byKey = null;
        this.minKey = 0;
        return;
      }
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int i = 0; i < rows; i++) {
        int k = d.getKeyForIndex(v.baseRow(i));
        min = Math.min(min, k);
        max = Math.max(max, k);
      }
      this.dict = d;
      this.minKey = min;
      this.byKey = new byte[Math.max(0, max - min + 1)][];
    }

    byte[] bytes(int row) {
      if (dict == null) {
        return vec.utf8(row);
      }
      int slot = dict.getKeyForIndex(vec.baseRow(row)) - minKey;
      byte[] b = byKey[slot];
      if (b == null) {
        b = vec.utf8(row);
        byKey[slot] = b;
      }
      return b;
    }
  }

  private static void fillStrings(VarCharVector out, Vec v, Utf8 source, int start, int len) {
    byte[][] values = new byte[len][];
    long total = 0;
    for (int k = 0; k < len; k++) {
      if (!v.isNull(start + k)) {
        values[k] = source.bytes(start + k);
        total += values[k].length;
      }
    }
    if (total > Integer.MAX_VALUE) {
      throw new ConversionException(
          "A batch of "
              + len
              + " strings holds "
              + total
              + " bytes of UTF-8, more than an Arrow Utf8 vector's 2 GiB; strings this long"
              + " cannot be exported");
    }
    out.allocateNew(total, len);
    ArrowBuf offsets = out.getOffsetBuffer();
    ArrowBuf data = out.getDataBuffer();
    int at = 0;
    offsets.setInt(0, 0);
    for (int k = 0; k < len; k++) {
      byte[] b = values[k];
      if (b != null) {
        data.setBytes(at, b);
        at += b.length;
      }
      offsets.setInt(4L * (k + 1), at);
    }
    writeBits(out.getValidityBuffer(), validWords(v.nulls(), start, len), len);
    // without lastSet, setValueCount would take every offset for a hole and zero it
    out.setLastSet(len - 1);
    out.setValueCount(len);
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
  private static final class Importer {
    private final Schema schema;
    private final List<List<Object>> values = new ArrayList<>();
    private final List<List<long[]>> nulls = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private final Utf8Decoder[] decoders;

    Importer(Schema schema) {
      this.schema = schema;
      this.decoders = new Utf8Decoder[schema.size()];
      for (int c = 0; c < schema.size(); c++) {
        values.add(new ArrayList<>());
        nulls.add(new ArrayList<>());
        if (schema.field(c).type().id() == TypeId.STRING) {
          decoders[c] = new Utf8Decoder();
        }
      }
    }

    /** Adds a batch; column {@code c} of the frame is vector {@code from[c]} of the batch. */
    void add(VectorSchemaRoot root, int[] from, String what) {
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
        long[] mask = readNulls(v, n);
        values.get(c).add(read(v, field, mask, n, decoders[c]));
        nulls.get(c).add(mask);
      }
      sizes.add(n);
    }

    LocalFrame finish() {
      int total = 0;
      for (int s : sizes) {
        total = Math.addExact(total, s);
      }
      List<Vec> columns = new ArrayList<>(schema.size());
      for (int c = 0; c < schema.size(); c++) {
        DataType type = schema.field(c).type();
        Object joined = concat(Vec.kindOf(type), values.get(c), total);
        long[] mask = concatNulls(nulls.get(c), total);
        values.get(c).clear();
        nulls.get(c).clear();
        columns.add(
            switch (Vec.kindOf(type)) {
              case BOOLEAN -> Vec.ofBooleans((boolean[]) joined, mask);
              case INT, DATE -> Vec.ofInts(type, (int[]) joined, mask);
              case LONG -> Vec.ofLongs(type, (long[]) joined, mask);
              case FLOAT -> Vec.ofFloats((float[]) joined, mask);
              case DOUBLE -> Vec.ofDoubles((double[]) joined, mask);
              case STRING -> Vec.ofStrings((String[]) joined);
              case WIDE_DECIMAL -> Vec.ofDecimals(type, (BigDecimal[]) joined);
            });
      }
      return new LocalFrame(schema, columns, total);
    }

    private Object concat(Vec.Kind kind, List<Object> parts, int total) {
      if (parts.size() == 1) {
        return parts.get(0);
      }
      Object out =
          switch (kind) {
            case BOOLEAN -> new boolean[total];
            case INT, DATE -> new int[total];
            case LONG -> new long[total];
            case FLOAT -> new float[total];
            case DOUBLE -> new double[total];
            case STRING -> new String[total];
            case WIDE_DECIMAL -> new BigDecimal[total];
          };
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
        long[] m = parts.get(p);
        if (m != null) {
          if (out == null) {
            out = Bits.create(total);
          }
          int shift = at & 63;
          int base = at >>> 6;
          for (int w = 0; w < m.length; w++) {
            long bits = m[w];
            if (bits != 0) {
              out[base + w] |= bits << shift;
              if (shift != 0 && base + w + 1 < out.length) {
                out[base + w + 1] |= bits >>> (64 - shift);
              }
            }
          }
        }
        at += sizes.get(p);
      }
      return out;
    }
  }

  /** The values of one batch's vector as a Java array of the kind of {@code field}'s type. */
  private static Object read(FieldVector v, Field field, long[] nulls, int n, Utf8Decoder decoder) {
    DataType type = field.type();
    if (type.id() == TypeId.STRING) {
      return strings((VarCharVector) v, nulls, n, decoder);
    }
    ArrowBuf data = ((BaseFixedWidthVector) v).getDataBuffer();
    switch (Vec.kindOf(type)) {
      case BOOLEAN -> {
        long[] words = readBits(data, n);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
          out[i] = (words[i >>> 6] & (1L << i)) != 0;
        }
        return out;
      }
      case INT -> {
        int[] out = new int[n];
        bytes(data, n, 4).asIntBuffer().get(out);
        return out;
      }
      case DATE -> {
        int[] out = new int[n];
        bytes(data, n, 4).asIntBuffer().get(out);
        for (int i = 0; i < n; i++) {
          if (Bits.get(nulls, i)) {
            out[i] = 0;
          } else {
            out[i] = packedDate(out[i], field.name());
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
          bytes(data, n, 8).asLongBuffer().get(out);
        }
        return out;
      }
      case FLOAT -> {
        float[] out = new float[n];
        bytes(data, n, 4).asFloatBuffer().get(out);
        return out;
      }
      case DOUBLE -> {
        double[] out = new double[n];
        bytes(data, n, 8).asDoubleBuffer().get(out);
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

  private static int packedDate(int epochDay, String column) {
    try {
      return Temporal.packedOfEpochDay(epochDay);
    } catch (ArithmeticException e) {
      throw new ConversionException(
          "Date "
              + LocalDate.ofEpochDay(epochDay)
              + " of column '"
              + column
              + "' is outside the years the local engine holds, "
              + Short.MIN_VALUE
              + " to "
              + Short.MAX_VALUE);
    }
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

  private static String[] strings(VarCharVector v, long[] nulls, int n, Utf8Decoder decoder) {
    String[] out = new String[n];
    if (n == 0) {
      return out;
    }
    int[] offsets = new int[n + 1];
    bytes(v.getOffsetBuffer(), n + 1, 4).asIntBuffer().get(offsets);
    int base = offsets[0];
    byte[] data = new byte[offsets[n] - base];
    v.getDataBuffer().getBytes(base, data, 0, data.length);
    for (int i = 0; i < n; i++) {
      if (!Bits.get(nulls, i)) {
        int from = offsets[i] - base;
        out[i] = decoder.decode(data, from, offsets[i + 1] - base - from);
      }
    }
    return out;
  }

  /**
   * Decodes a column's UTF-8 values once per distinct value while values repeat, so rows share
   * String instances: fewer allocations, and Tablesaw's dictionary hashes each distinct value once.
   * It gives up (and decodes every row) once most values turn out to be distinct.
   */
  private static final class Utf8Decoder {
    private static final int MAX_DISTINCT = 1 << 20;
    private int[] slots = new int[1 << 10]; // 1 + index into the arrays below; 0 is free
    private byte[][] bytes = new byte[1 << 9][];
    private String[] strings = new String[1 << 9];
    private int distinct;
    private long seen;
    private boolean off;

    String decode(byte[] data, int from, int len) {
      if (off) {
        return new String(data, from, len, StandardCharsets.UTF_8);
      }
      if (++seen >= 4096 && (distinct > seen / 2 || distinct >= MAX_DISTINCT)) {
        off = true;
        slots = null;
        bytes = null;
        strings = null;
        return new String(data, from, len, StandardCharsets.UTF_8);
      }
      int mask = slots.length - 1;
      for (int s = hash(data, from, len) & mask; ; s = (s + 1) & mask) {
        int e = slots[s];
        if (e == 0) {
          return add(s, data, from, len);
        }
        byte[] b = bytes[e - 1];
        if (b.length == len && Arrays.equals(b, 0, len, data, from, from + len)) {
          return strings[e - 1];
        }
      }
    }

    private String add(int slot, byte[] data, int from, int len) {
      if (distinct == bytes.length) {
        bytes = Arrays.copyOf(bytes, distinct * 2);
        strings = Arrays.copyOf(strings, distinct * 2);
      }
      bytes[distinct] = Arrays.copyOfRange(data, from, from + len);
      String s = new String(data, from, len, StandardCharsets.UTF_8);
      strings[distinct] = s;
      slots[slot] = ++distinct;
      if (2 * distinct > slots.length) {
        rehash();
      }
      return s;
    }

    private void rehash() {
      int[] grown = new int[slots.length * 2];
      int mask = grown.length - 1;
      for (int e : slots) {
        if (e != 0) {
          byte[] b = bytes[e - 1];
          int s = hash(b, 0, b.length) & mask;
          while (grown[s] != 0) {
            s = (s + 1) & mask;
          }
          grown[s] = e;
        }
      }
      slots = grown;
    }

    private static int hash(byte[] data, int from, int len) {
      int h = 1;
      for (int i = from; i < from + len; i++) {
        h = 31 * h + data[i];
      }
      h = (h ^ (h >>> 16)) * 0x9E3779B9;
      return h >>> 7;
    }
  }

  // ---- bitmaps and buffers ----------------------------------------------------------------------

  /** The first {@code n * width} bytes of {@code buf}, little endian as Arrow lays them out. */
  private static ByteBuffer bytes(ArrowBuf buf, int n, int width) {
    return buf.nioBuffer(0, Math.multiplyExact(n, width)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The validity words of rows {@code [start, start + len)} ({@code start} a multiple of 64). */
  private static long[] validWords(long[] nulls, int start, int len) {
    long[] words = new long[(len + 63) >>> 6];
    int first = start >>> 6;
    for (int w = 0; w < words.length; w++) {
      words[w] = nulls == null ? -1L : ~nulls[first + w];
    }
    if ((len & 63) != 0) {
      words[words.length - 1] &= (1L << len) - 1; // bits past the end stay 0
    }
    return words;
  }

  /** Writes the first {@code n} bits of {@code words} as an Arrow bitmap. */
  private static void writeBits(ArrowBuf buf, long[] words, int n) {
    int bytes = (n + 7) >>> 3;
    int full = bytes >>> 3;
    for (int w = 0; w < full; w++) {
      buf.setLong(8L * w, words[w]);
    }
    for (int b = full << 3; b < bytes; b++) {
      buf.setByte(b, (byte) (words[b >>> 3] >>> ((b & 7) << 3)));
    }
  }

  /** The first {@code n} bits of an Arrow bitmap; bits past {@code n} are 0. */
  private static long[] readBits(ArrowBuf buf, int n) {
    long[] words = new long[(n + 63) >>> 6];
    int bytes = (n + 7) >>> 3;
    int full = bytes >>> 3;
    for (int w = 0; w < full; w++) {
      words[w] = buf.getLong(8L * w);
    }
    for (int b = full << 3; b < bytes; b++) {
      words[b >>> 3] |= (buf.getByte(b) & 0xFFL) << ((b & 7) << 3);
    }
    if ((n & 63) != 0) {
      words[words.length - 1] &= (1L << n) - 1;
    }
    return words;
  }

  /** The null mask of a vector (null when it has no nulls). */
  private static long[] readNulls(FieldVector v, int n) {
    if (n == 0 || v.getNullCount() == 0) {
      return null;
    }
    long[] mask = readBits(v.getValidityBuffer(), n);
    for (int w = 0; w < mask.length; w++) {
      mask[w] = ~mask[w];
    }
    if ((n & 63) != 0) {
      mask[mask.length - 1] &= (1L << n) - 1;
    }
    return mask;
  }

  // ---- IPC load and save ------------------------------------------------------------------------

  /** The schema of the first file of an Arrow dataset. */
  static Schema inferSchema(Source source) {
    List<Path> files = Csv.files(source.paths(), "Arrow");
    if (files.isEmpty()) {
      throw new InputException(
          "No Arrow files in " + source.paths() + "; there is no schema to infer, give one");
    }
    try (BufferAllocator allocator = ArrowMemory.child("local-arrow-schema");
        ArrowBatches batches = ArrowIpc.read(files.get(0), allocator)) {
      return batches.schema();
    }
  }

  /**
   * Reads every file of an Arrow dataset with exactly the source's schema: columns are found by
   * name and must have the schema's types.
   */
  static LocalFrame load(Source source) {
    Schema schema = source.schema();
    Importer importer = new Importer(schema);
    try (BufferAllocator allocator = ArrowMemory.child("local-arrow-read")) {
      for (Path file : Csv.files(source.paths(), "Arrow")) {
        try (ArrowBatches batches = ArrowIpc.read(file, allocator)) {
          int[] from = columnsOf(schema, batches.schema(), file);
          for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
            try (VectorSchemaRoot root = b) {
              importer.add(root, from, "Arrow file " + file);
            }
          }
        }
      }
    }
    return importer.finish();
  }

  private static int[] columnsOf(Schema wanted, Schema file, Path path) {
    int[] from = new int[wanted.size()];
    for (int c = 0; c < from.length; c++) {
      Field f = wanted.field(c);
      if (!file.contains(f.name())) {
        throw new InputException(
            "Arrow file " + path + " has no column '" + f.name() + "'; its columns are " + file);
      }
      from[c] = file.indexOf(f.name());
      DataType found = file.field(from[c]).type();
      if (!found.equals(f.type())) {
        throw new InputException(
            "Column '"
                + f.name()
                + "' of Arrow file "
                + path
                + " is "
                + found
                + ", not "
                + f.type()
                + " as the schema asks; read it as "
                + found
                + " and cast it");
      }
    }
    return from;
  }

  /** Writes one IPC part file of the frame. */
  static void write(LocalFrame frame, Path file) {
    try (ArrowBatches batches = export(frame)) {
      ArrowIpc.write(batches, file, false);
    } catch (java.io.UncheckedIOException e) {
      throw new OutputException("Cannot write Arrow file " + file + ": " + e.getMessage(), e);
    }
  }
}
