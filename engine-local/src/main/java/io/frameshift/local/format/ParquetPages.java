package io.frameshift.local.format;

import io.frameshift.error.InputException;
import io.frameshift.local.Bits;
import io.frameshift.local.Temporal;
import io.frameshift.local.Utf8Dictionary;
import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Decodes the pages of a flat column chunk a run at a time, straight from their bytes into the
 * frame's arrays: parquet-java's column reader hands values over one call each (definition level,
 * dictionary id, converter), and strings as a {@code Binary} per value. Here plain fixed-width
 * values are copied in bulk, dictionary ids are unpacked eight at a time and looked up in the
 * decoded dictionary page, and strings become codes into a {@link Utf8Dictionary}: a dictionary
 * page's values are added once, each row of a dictionary-encoded page takes its entry's code (an
 * int table, no hashing), and each value of a plain page is found by its bytes, without a {@code
 * String}.
 *
 * <p>Covers the encodings writers use for flat columns ({@link #ENCODINGS}: plain, dictionary ids,
 * RLE booleans and levels, in V1 and V2 pages) and the types whose values need no conversion or one
 * over the array afterwards ({@link Target}). Other chunks take {@link ParquetDecoders} through
 * parquet-java's column reader: delta and byte-stream-split encodings, INT96, decimals but INT64
 * ones, unsigned 32-bit integers.
 */
final class ParquetPages {
  private ParquetPages() {}

  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** BIT_PACKED only as levels: writers name it for the levels of columns that have none. */
  private static final Set<Encoding> ENCODINGS =
      EnumSet.of(
          Encoding.PLAIN,
          Encoding.PLAIN_DICTIONARY,
          Encoding.RLE_DICTIONARY,
          Encoding.RLE,
          Encoding.BIT_PACKED);

  /** What the values become: the output array and the conversion after decoding, if any. */
  private enum Target {
    BOOLEANS,
    INTS,
    DATES,
    LONGS,
    MILLIS,
    NANOS,
    FLOATS,
    DOUBLES,
    STRINGS
  }

  /**
   * The target of file column {@code p} read as {@code type}, or null when it is not decoded here.
   */
  private static Target target(PrimitiveType p, DataType type) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    return switch (p.getPrimitiveTypeName()) {
      case BOOLEAN -> Target.BOOLEANS;
      case INT32 ->
          switch (type.id()) {
            case INT32 -> Target.INTS;
            case DATE -> Target.DATES;
            default -> null; // unsigned 32-bit and decimals: widened per value
          };
      case INT64 ->
          switch (type.id()) {
            case INT64 -> Target.LONGS;
            case DECIMAL -> a instanceof DecimalLogicalTypeAnnotation ? Target.LONGS : null;
            case TIMESTAMP, TIMESTAMP_NTZ ->
                switch (((TimestampLogicalTypeAnnotation) a).getUnit()) {
                  case MICROS -> Target.LONGS;
                  case MILLIS -> Target.MILLIS;
                  case NANOS -> Target.NANOS;
                };
            default -> null;
          };
      case FLOAT -> Target.FLOATS;
      case DOUBLE -> Target.DOUBLES;
      case BINARY -> type.id() == TypeId.STRING ? Target.STRINGS : null;
      case INT96, FIXED_LEN_BYTE_ARRAY -> null;
    };
  }

  /** Whether the chunk {@code chunk} of {@code column}, read as {@code type}, is decoded here. */
  static boolean decodes(ColumnDescriptor column, DataType type, ColumnChunkMetaData chunk) {
    return column.getMaxRepetitionLevel() == 0
        && column.getMaxDefinitionLevel() <= 1
        && ENCODINGS.containsAll(chunk.getEncodings())
        && target(column.getPrimitiveType(), type) != null;
  }

  /**
   * Decodes the {@code rows} rows of a chunk into {@code out} (an array {@link
   * ParquetDecoders#allocate} made) from row {@code offset} on; strings go into {@code strings},
   * whose codes {@code out} takes. Returns the null mask of the rows (relative to {@code offset}).
   */
  static long[] decode(
      PageReader pages,
      ColumnDescriptor column,
      DataType type,
      Object out,
      Utf8Dictionary strings,
      int offset,
      int rows) {
    Chunk chunk =
        new Chunk(target(column.getPrimitiveType(), type), out, strings, offset, rows, column);
    DictionaryPage dictionary = pages.readDictionaryPage();
    if (dictionary != null) {
      chunk.dictionary(dictionary);
    }
    while (chunk.row < offset + rows) {
      DataPage page = pages.readPage();
      if (page == null) {
        throw new InputException(
            "Column '"
                + column.getPrimitiveType().getName()
                + "' ends before its row group's rows");
      }
      if (page instanceof DataPageV1 v1) {
        chunk.pageV1(v1);
      } else {
        chunk.pageV2((DataPageV2) page);
      }
    }
    chunk.convert();
    return chunk.nulls;
  }

  /** The decoding state of one chunk: its dictionary, the next row, scratch arrays. */
  private static final class Chunk {
    private final Target target;
    private final Object out;
    private final Utf8Dictionary strings;
    private final int offset;
    private final int rows;
    private final ColumnDescriptor column;
    private final boolean optional;
    private int row;
    private long[] nulls;

    /** The dictionary page's values: int[] (strings: their codes), long[], float[] or double[]. */
    private Object dictionary;

    private int[] levels = new int[0];
    private int[] ids = new int[0];

    Chunk(
        Target target,
        Object out,
        Utf8Dictionary strings,
        int offset,
        int rows,
        ColumnDescriptor column) {
      this.target = target;
      this.out = out;
      this.strings = strings;
      this.offset = offset;
      this.rows = rows;
      this.column = column;
      this.optional = column.getMaxDefinitionLevel() > 0;
      this.row = offset;
    }

    void dictionary(DictionaryPage page) {
      Bytes b = Bytes.of(page.getBytes());
      int n = page.getDictionarySize();
      dictionary =
          switch (target) {
            case INTS, DATES -> {
              int[] v = new int[n];
              b.ints(v, 0, n);
              yield v;
            }
            case LONGS, MILLIS, NANOS -> {
              long[] v = new long[n];
              b.longs(v, 0, n);
              yield v;
            }
            case FLOATS -> {
              float[] v = new float[n];
              b.floats(v, 0, n);
              yield v;
            }
            case DOUBLES -> {
              double[] v = new double[n];
              b.doubles(v, 0, n);
              yield v;
            }
            case STRINGS -> {
              int[] codes = new int[n];
              b.strings(strings, codes, 0, n);
              yield codes;
            }
            case BOOLEANS -> throw corrupt("a dictionary page for booleans");
          };
    }

    void pageV1(DataPageV1 page) {
      Bytes b = Bytes.of(page.getBytes());
      int count = page.getValueCount();
      int present = count;
      if (optional) {
        present =
            switch (page.getDlEncoding()) {
              case RLE -> levels(b.slice(b.int32()), count);
              case BIT_PACKED -> packedLevels(b.slice((count + 7) / 8), count);
              default -> throw corrupt("definition levels encoded as " + page.getDlEncoding());
            };
      }
      values(page.getValueEncoding(), b, present);
      place(count, present);
    }

    void pageV2(DataPageV2 page) {
      Bytes b = Bytes.of(page.getData());
      int count = page.getValueCount();
      int present = count;
      if (optional) {
        Bytes levelBytes = Bytes.of(page.getDefinitionLevels());
        present = levels(levelBytes, count);
      }
      values(page.getDataEncoding(), b, present);
      place(count, present);
    }

    /** Reads {@code count} definition levels; returns how many are non-null. */
    private int levels(Bytes b, int count) {
      if (levels.length < count) {
        levels = new int[count];
      }
      int single = b.hybrid(1, levels, 0, count);
      if (single >= 0) {
        return single * count; // one run, usually of 1s: no null on the page
      }
      int present = 0;
      for (int i = 0; i < count; i++) {
        present += levels[i];
      }
      return present;
    }

    /** Reads {@code count} levels of the deprecated BIT_PACKED encoding: a bit each, high first. */
    private int packedLevels(Bytes b, int count) {
      if (levels.length < count) {
        levels = new int[count];
      }
      int present = 0;
      for (int i = 0; i < count; i++) {
        levels[i] = b.bit(i);
        present += levels[i];
      }
      return present;
    }

    /** Decodes the page's {@code n} non-null values into the array from {@link #row} on. */
    private void values(Encoding encoding, Bytes b, int n) {
      if (n == 0) {
        return; // a page of nulls: some writers leave out even the ids' bit width
      }
      switch (encoding) {
        case PLAIN -> plain(b, n);
        case PLAIN_DICTIONARY, RLE_DICTIONARY -> {
          if (dictionary == null) {
            throw corrupt("dictionary-encoded values without a dictionary page");
          }
          int width = b.int8();
          if (out instanceof int[] ints) {
            b.hybrid(width, ints, row, n);
            int[] values = (int[]) dictionary;
            for (int i = row, end = row + n; i < end; i++) {
              ints[i] = values[checkId(ints[i], values.length)];
            }
          } else {
            if (ids.length < n) {
              ids = new int[n];
            }
            b.hybrid(width, ids, 0, n);
            lookUp(n);
          }
        }
        case RLE -> {
          if (target != Target.BOOLEANS) {
            throw corrupt("RLE-encoded " + target.name().toLowerCase(Locale.ROOT));
          }
          b.int32(); // the runs' length
          if (ids.length < n) {
            ids = new int[n];
          }
          b.hybrid(1, ids, 0, n);
          boolean[] v = (boolean[]) out;
          for (int i = 0; i < n; i++) {
            v[row + i] = ids[i] != 0;
          }
        }
        default -> throw corrupt("values encoded as " + encoding);
      }
    }

    private void plain(Bytes b, int n) {
      switch (target) {
        case BOOLEANS -> b.booleans((boolean[]) out, row, n);
        case INTS, DATES -> b.ints((int[]) out, row, n);
        case LONGS, MILLIS, NANOS -> b.longs((long[]) out, row, n);
        case FLOATS -> b.floats((float[]) out, row, n);
        case DOUBLES -> b.doubles((double[]) out, row, n);
        case STRINGS -> b.strings(strings, (int[]) out, row, n);
      }
    }

    /** The values of dictionary ids {@code ids[0, n)} into the array from {@link #row} on. */
    private void lookUp(int n) {
      if (out instanceof long[] v) {
        long[] d = (long[]) dictionary;
        for (int i = 0; i < n; i++) {
          v[row + i] = d[checkId(ids[i], d.length)];
        }
      } else if (out instanceof float[] v) {
        float[] d = (float[]) dictionary;
        for (int i = 0; i < n; i++) {
          v[row + i] = d[checkId(ids[i], d.length)];
        }
      } else {
        double[] v = (double[]) out;
        double[] d = (double[]) dictionary;
        for (int i = 0; i < n; i++) {
          v[row + i] = d[checkId(ids[i], d.length)];
        }
      }
    }

    private int checkId(int id, int size) {
      if (id >= size) {
        throw corrupt("dictionary id " + id + " past the dictionary's " + size + " values");
      }
      return id;
    }

    /**
     * Moves the page's {@code present} values, decoded end to end from {@link #row}, to their rows
     * among the {@code count} (the last first, so none is overwritten before it moves), marks the
     * null rows, and advances past the page.
     */
    private void place(int count, int present) {
      if (row + count > offset + rows) {
        throw corrupt("more values than its row group's " + rows + " rows");
      }
      if (present < count) {
        int from = row + present - 1;
        for (int i = count - 1; i >= 0; i--) {
          if (levels[i] != 0) {
            move(from--, row + i);
          } else {
            nulls = Bits.setting(nulls, rows, row - offset + i);
          }
        }
      }
      row += count;
    }

    private void move(int from, int to) {
      if (from == to) {
        return;
      }
      switch (target) {
        case BOOLEANS -> ((boolean[]) out)[to] = ((boolean[]) out)[from];
        case INTS, DATES, STRINGS -> ((int[]) out)[to] = ((int[]) out)[from];
        case LONGS, MILLIS, NANOS -> ((long[]) out)[to] = ((long[]) out)[from];
        case FLOATS -> ((float[]) out)[to] = ((float[]) out)[from];
        case DOUBLES -> ((double[]) out)[to] = ((double[]) out)[from];
      }
    }

    /** Converts the chunk's values to the engine's form where it differs from the file's. */
    void convert() {
      String name = column.getPrimitiveType().getName();
      switch (target) {
        case DATES -> {
          int[] v = (int[]) out;
          for (int i = offset; i < offset + rows; i++) {
            v[i] = Bits.get(nulls, i - offset) ? 0 : Temporal.packedDate(v[i], name);
          }
        }
        case MILLIS, NANOS -> {
          long[] v = (long[]) out;
          var unit =
              target == Target.MILLIS
                  ? LogicalTypeAnnotation.TimeUnit.MILLIS
                  : LogicalTypeAnnotation.TimeUnit.NANOS;
          for (int i = offset; i < offset + rows; i++) {
            v[i] = Bits.get(nulls, i - offset) ? 0 : ParquetDecoders.micros(v[i], unit, name);
          }
        }
        default -> {}
      }
    }

    private InputException corrupt(String what) {
      return new InputException(
          "Column '"
              + column.getPrimitiveType().getName()
              + "' has "
              + what
              + ", which is corrupt");
    }
  }

  /** A page's bytes and a read position: little-endian values, length-prefixed strings, runs. */
  private static final class Bytes {
    private final ByteBuffer buffer;
    private final byte[] array;
    private int pos;
    private final int end;

    private Bytes(ByteBuffer buffer, byte[] array, int pos, int end) {
      this.buffer = buffer;
      this.array = array;
      this.pos = pos;
      this.end = end;
    }

    static Bytes of(BytesInput in) {
      // heap pages come back as they are; anything else is copied to the heap once
      ByteBuffer b = in.toByteBuffer(HeapByteBufferAllocator.getInstance(), released -> {});
      if (!b.hasArray()) {
        ByteBuffer copy = ByteBuffer.allocate(b.remaining());
        copy.put(b.duplicate()).flip();
        b = copy;
      }
      int from = b.arrayOffset() + b.position();
      return new Bytes(
          ByteBuffer.wrap(b.array()).order(ByteOrder.LITTLE_ENDIAN),
          b.array(),
          from,
          from + b.remaining());
    }

    /** The next {@code length} bytes, which this skips. */
    Bytes slice(int length) {
      need(length);
      Bytes s = new Bytes(buffer, array, pos, pos + length);
      pos += length;
      return s;
    }

    private void need(long bytes) {
      if (bytes < 0 || pos + bytes > end) {
        throw new InputException(
            "A Parquet page ends before its values (" + bytes + " more bytes needed)");
      }
    }

    /** Bit {@code i} counted from the high bit of the first byte. */
    int bit(int i) {
      return array[pos + (i >>> 3)] >>> (7 - (i & 7)) & 1;
    }

    int int8() {
      need(1);
      return array[pos++] & 0xFF;
    }

    int int32() {
      need(4);
      int v = (int) INTS.get(array, pos);
      pos += 4;
      return v;
    }

    void ints(int[] to, int at, int n) {
      need(4L * n);
      buffer.slice(pos, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(to, at, n);
      pos += 4 * n;
    }

    void longs(long[] to, int at, int n) {
      need(8L * n);
      buffer.slice(pos, 8 * n).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(to, at, n);
      pos += 8 * n;
    }

    void floats(float[] to, int at, int n) {
      need(4L * n);
      buffer.slice(pos, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(to, at, n);
      pos += 4 * n;
    }

    void doubles(double[] to, int at, int n) {
      need(8L * n);
      buffer.slice(pos, 8 * n).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(to, at, n);
      pos += 8 * n;
    }

    /** Plain booleans: one bit each, the first in the lowest bit. */
    void booleans(boolean[] to, int at, int n) {
      need((n + 7L) / 8);
      for (int i = 0; i < n; i++) {
        to[at + i] = (array[pos + (i >>> 3)] >>> (i & 7) & 1) != 0;
      }
      pos += (n + 7) / 8;
    }

    /** Plain strings, each a 4-byte length and its bytes: their codes in {@code strings}. */
    void strings(Utf8Dictionary strings, int[] to, int at, int n) {
      for (int i = 0; i < n; i++) {
        int length = int32();
        need(length);
        to[at + i] = strings.add(array, pos, length);
        pos += length;
      }
    }

    /**
     * {@code n} values of {@code width} bits in RLE / bit-packed hybrid runs (Parquet's levels and
     * dictionary ids) into {@code to} from {@code at}; writes nothing past {@code at + n}. Returns
     * the value when all {@code n} came as one run, else -1.
     */
    int hybrid(int width, int[] to, int at, int n) {
      if (width > 32) {
        throw new InputException("A Parquet page has values of " + width + " bits");
      }
      int valueBytes = (width + 7) / 8;
      int done = 0;
      int[] eight = null;
      int single = -1;
      while (done < n) {
        int header = varint();
        if ((header & 1) == 0) {
          int count = header >>> 1;
          need(valueBytes);
          int v = 0;
          for (int k = 0; k < valueBytes; k++) {
            v |= (array[pos + k] & 0xFF) << (8 * k);
          }
          pos += valueBytes;
          int m = Math.min(count, n - done);
          Arrays.fill(to, at + done, at + done + m, v);
          single = done == 0 && m == n ? v : -1;
          done += m;
        } else {
          single = -1;
          int groups = header >>> 1;
          for (int g = 0; g < groups; g++) {
            if (done + 8 <= n && pos + width <= end && pos + width + 8 <= array.length) {
              unpack8(array, pos, width, to, at + done);
              done += 8;
            } else if (done < n) {
              // the last group: fewer values wanted than it holds, or its bytes cut short
              if (eight == null) {
                eight = new int[8];
              }
              byte[] padded = Arrays.copyOfRange(array, pos, pos + width + 8);
              int available = Math.max(0, Math.min(width, end - pos));
              Arrays.fill(padded, available, padded.length, (byte) 0);
              unpack8(padded, 0, width, eight, 0);
              int m = Math.min(8, n - done);
              System.arraycopy(eight, 0, to, at + done, m);
              done += m;
            }
            pos += width;
          }
          pos = Math.min(pos, end);
        }
      }
      return single;
    }

    /**
     * Eight values of {@code width} bits from {@code src[from]}, the first in the lowest bits: each
     * read from the eight bytes around it, so {@code from + width + 8} must be within {@code src}.
     */
    private static void unpack8(byte[] src, int from, int width, int[] to, int at) {
      long mask = (1L << width) - 1;
      for (int k = 0; k < 8; k++) {
        int bit = k * width;
        long word = (long) LONGS.get(src, from + (bit >>> 3));
        to[at + k] = (int) ((word >>> (bit & 7)) & mask);
      }
    }

    private int varint() {
      int v = 0;
      int shift = 0;
      while (true) {
        need(1);
        byte b = array[pos++];
        v |= (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
        shift += 7;
      }
    }
  }
}
