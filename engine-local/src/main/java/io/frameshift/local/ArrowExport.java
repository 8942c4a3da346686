package io.frameshift.local;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.ConversionException;
import io.frameshift.types.TypeId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.DecimalUtility;

/**
 * Local frames to Arrow batches by whole-buffer copies: fixed-width values move from Java arrays to
 * Arrow buffers in bulk, null masks become validity bitmaps a 64-bit word at a time (a {@link Bits}
 * word written little endian is exactly 64 Arrow validity bits, inverted), and strings are encoded
 * to UTF-8 once per distinct value of coded strings. Only DATE (Tablesaw's packed form against
 * epoch days), BOOLEAN (booleans against bits) and decimals (unscaled longs against 128-bit
 * integers) take a per-value loop, over primitives. {@link ArrowImport} is the way back. Public
 * ({@link #export(LocalFrame)}) for the Arrow IPC writer of {@code io.frameshift.local.format}: the
 * local engine's internals, not API.
 */
public final class ArrowExport {
  /**
   * Rows per exported batch: bounded so memory is released batch by batch, and a multiple of 64 so
   * every batch starts at a word of the null masks.
   */
  static final int BATCH_ROWS = 1 << 17;

  // ---- export -----------------------------------------------------------------------------------

  /** The frame as batches of {@link #BATCH_ROWS} rows, built as they are taken. */
  public static ArrowBatches export(LocalFrame frame) {
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
   * Builds one batch per {@link #next()}. The columns' sources are made once, at the first batch,
   * and dropped after the last.
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

  /** What a column's batches are copied from: the Vec's own array, or an encoder for strings. */
  private static Object source(Vec v) {
    return switch (v.kind()) {
      case BOOLEAN -> v.booleans();
      case INT, DATE -> v.ints();
      case LONG -> v.longs();
      case FLOAT -> v.floats();
      case DOUBLE -> v.doubles();
      case STRING -> new Utf8(v);
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
      case BOOLEAN ->
          ArrowBuffers.writeBits(data, booleanWords((boolean[]) source, start, len), len);
      case INT -> ArrowBuffers.bytes(data, len, 4).asIntBuffer().put((int[]) source, start, len);
      case DATE ->
          ArrowBuffers.bytes(data, len, 4)
              .asIntBuffer()
              .put(epochDays((int[]) source, v.nulls(), start, len));
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
          ArrowBuffers.bytes(data, len, 8).asLongBuffer().put(values, start, len);
        }
      }
      case FLOAT ->
          ArrowBuffers.bytes(data, len, 4).asFloatBuffer().put((float[]) source, start, len);
      case DOUBLE ->
          ArrowBuffers.bytes(data, len, 8).asDoubleBuffer().put((double[]) source, start, len);
      case WIDE_DECIMAL -> {
        BigDecimal[] values = (BigDecimal[]) source;
        for (int k = 0; k < len; k++) {
          BigDecimal x = values[start + k];
          DecimalUtility.writeBigDecimalToArrowBuf(x == null ? BigDecimal.ZERO : x, data, k, 16);
        }
      }
      case STRING -> throw new IllegalStateException("strings are filled above");
    }
    ArrowBuffers.writeBits(
        fixed.getValidityBuffer(), ArrowBuffers.validWords(v.nulls(), start, len), len);
    fixed.setValueCount(len);
  }

  private static long[] booleanWords(boolean[] values, int start, int len) {
    long[] words = new long[(len + 63) >>> 6];
    for (int k = 0; k < len; k++) {
      if (values[start + k]) {
        words[k >>> 6] |= 1L << k;
      }
    }
    return words;
  }

  private static int[] epochDays(int[] packed, long[] nulls, int start, int len) {
    int[] days = new int[len];
    for (int k = 0; k < len; k++) {
      int i = start + k;
      // a null slot holds an arbitrary packed value: leave it 0 rather than convert it
      if (!Bits.get(nulls, i)) {
        days[k] = (int) Temporal.epochDayOfPacked(packed[i]);
      }
    }
    return days;
  }

  /**
   * Where a string vector's UTF-8 comes from. Strings held as UTF-8 ({@link Utf8Column}) in row
   * order are copied as bytes and offsets, a batch at a time; coded strings are gathered from each
   * distinct value's UTF-8, encoded once per export (by code, when the batch is first to need it);
   * gathered UTF-8 rows are copied row by row from their base's bytes. A batch is assembled in heap
   * arrays and moved into Arrow's buffers by one bulk copy each.
   */
  private static final class Utf8 {
    /** Bytes past the end of a gathered array, so that a word read or written there stays in it. */
    private static final int WORD_SLACK = 16;

    private static final VarHandle WORDS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Vec vec;
    private final Utf8Column whole;
    private final Utf8Column base;
    private final CodedStrings coded;
    private final int[] codes;

    /** Every distinct value's UTF-8 end to end, by code: code c spans codeOffsets c to c + 1. */
    private final byte[] codeBytes;

    private final int[] codeOffsets;

    Utf8(Vec v) {
      this.vec = v;
      Utf8Column u = v.utf8Base();
      // coded already (by a kernel, or built coded): a code per row; else UTF-8, never coded here
      CodedStrings made = u == null ? v.dictionary() : u.codedIfMade();
      boolean rowOrder = u != null && v.ungathered();
      this.whole = rowOrder ? u : null;
      this.base = u;
      this.coded = rowOrder || (made != null && 2L * made.cardinality() > v.size()) ? null : made;
      this.codes = coded == null ? null : v.dictionaryKeys();
      if (coded == null) {
        this.codeBytes = null;
        this.codeOffsets = null;
        return;
      }
      // one flat array, not an array per value: the rows pick values at random, and a lookup then
      // touches an offset and the bytes instead of an object header as well
      int card = coded.cardinality();
      byte[][] each = new byte[card][];
      int[] offsets = new int[card + 1];
      long total = 0;
      for (int c = 0; c < card; c++) {
        each[c] = coded.value(c).getBytes(StandardCharsets.UTF_8);
        total += each[c].length;
        offsets[c + 1] = (int) Math.min(total, Integer.MAX_VALUE);
      }
      // WORD_SLACK past the end: a gather reads each value as whole 8-byte words
      byte[] flat = new byte[checked(total, card) + WORD_SLACK];
      for (int c = 0; c < card; c++) {
        System.arraycopy(each[c], 0, flat, offsets[c], each[c].length);
      }
      this.codeBytes = flat;
      this.codeOffsets = offsets;
    }

    /** Rows {@code [start, start + len)} into the vector's offset and data buffers. */
    void fill(VarCharVector out, int start, int len) {
      if (whole != null) {
        int from = whole.offset(start);
        long total = (long) whole.offset(start + len) - from;
        out.allocateNew(checked(total, len), len);
        int[] offsets = new int[len + 1];
        int[] all = whole.offsets();
        for (int k = 0; k <= len; k++) {
          offsets[k] = all[start + k] - from;
        }
        ArrowBuffers.bytes(out.getOffsetBuffer(), len + 1, 4).asIntBuffer().put(offsets);
        out.getDataBuffer().setBytes(0, whole.bytes(), from, total);
        return;
      }
      long[] nulls = vec.nulls();
      int[] offsets = new int[len + 1];
      long total = 0;
      byte[][] values = coded == null && base == null ? new byte[len][] : null;
      for (int k = 0; k < len; k++) {
        int i = start + k;
        if (!Bits.get(nulls, i)) {
          int size;
          if (coded != null) {
            size = codeOffsets[codes[i] + 1] - codeOffsets[codes[i]];
          } else if (base != null) {
            int r = vec.baseRow(i);
            size = base.offset(r + 1) - base.offset(r);
          } else {
            values[k] = vec.utf8(i);
            size = values[k].length;
          }
          total += size;
        }
        offsets[k + 1] = (int) Math.min(total, Integer.MAX_VALUE);
      }
      int used = checked(total, len);
      byte[] data = new byte[used + WORD_SLACK];
      byte[] from = base == null ? null : base.bytes();
      for (int k = 0; k < len; k++) {
        int at = offsets[k];
        int size = offsets[k + 1] - at;
        if (size == 0) {
          continue;
        }
        if (coded != null) {
          gather(codeBytes, codeOffsets[codes[start + k]], data, at, size);
        } else if (base != null) {
          copy(from, base.offset(vec.baseRow(start + k)), data, at, size);
        } else {
          System.arraycopy(values[k], 0, data, at, size);
        }
      }
      out.allocateNew(used, len);
      ArrowBuffers.bytes(out.getOffsetBuffer(), len + 1, 4).asIntBuffer().put(offsets);
      out.getDataBuffer().setBytes(0, data, 0, used);
    }

    /**
     * A value of {@code size} bytes by whole 8-byte words: up to 16 bytes in one or two loads and
     * stores instead of a loop or a call to arraycopy. A word may run past the value, into the next
     * value's place (written next, since rows are filled in order) or into the {@link #WORD_SLACK}
     * both arrays end with.
     */
    private static void gather(byte[] from, int at, byte[] to, int into, int size) {
      if (size > 16) {
        System.arraycopy(from, at, to, into, size);
        return;
      }
      WORDS.set(to, into, (long) WORDS.get(from, at));
      if (size > 8) {
        WORDS.set(to, into + 8, (long) WORDS.get(from, at + 8));
      }
    }

    /** A value's bytes: short ones (ids, codes) in a loop, cheaper than a call to arraycopy. */
    private static void copy(byte[] from, int at, byte[] to, int into, int size) {
      if (size > 16) {
        System.arraycopy(from, at, to, into, size);
        return;
      }
      for (int b = 0; b < size; b++) {
        to[into + b] = from[at + b];
      }
    }

    private static int checked(long total, int len) {
      if (total > Integer.MAX_VALUE - 16) {
        throw new ConversionException(
            "A batch of "
                + len
                + " strings holds "
                + total
                + " bytes of UTF-8, more than an Arrow Utf8 vector's 2 GiB; strings this long"
                + " cannot be exported");
      }
      return (int) total;
    }
  }

  private static void fillStrings(VarCharVector out, Vec v, Utf8 source, int start, int len) {
    source.fill(out, start, len);
    ArrowBuffers.writeBits(
        out.getValidityBuffer(), ArrowBuffers.validWords(v.nulls(), start, len), len);
    // without lastSet, setValueCount would take every offset for a hole and zero it
    out.setLastSet(len - 1);
    out.setValueCount(len);
  }

  private ArrowExport() {}
}
