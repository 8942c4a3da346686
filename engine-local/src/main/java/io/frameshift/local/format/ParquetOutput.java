package io.frameshift.local.format;

import io.frameshift.io.ParquetOptions;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Temporal;
import io.frameshift.local.Vec;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Writes rows of a local frame as one Parquet file. The pages are encoded here, a column chunk at a
 * time straight from the frame's arrays: plain values copied in bulk, dictionary ids bit-packed (or
 * run-length encoded), strings from their codes ({@link Vec#dictionaryCodes}: each distinct value
 * converted to UTF-8 once), statistics from one pass over each page. parquet-java's record writer
 * took a value per call through its record consumer, a hash lookup per value for its dictionaries
 * and a {@code Binary} per string. Its page store still compresses the pages, keeps the column and
 * offset indexes and checksums, and its file writer lays out the row groups and the footer.
 *
 * <p>Pages are V1 (as parquet-java and Spark write by default): definition levels RLE-encoded,
 * values PLAIN, or RLE_DICTIONARY with a PLAIN dictionary page where a chunk's distinct values pay
 * for it: strings repeating at least twice on average, integers (and dates, timestamps, decimals)
 * of a narrow range, found with a table over the range rather than by hashing. Floating-point and
 * boolean values are always PLAIN.
 */
final class ParquetOutput {
  private ParquetOutput() {}

  /** Rows per page, parquet-java's default limit: page statistics stay as fine as its writer's. */
  private static final int PAGE_ROWS = 20_000;

  /** Integer chunks take a dictionary only when their range fits a table this large. */
  private static final int MAX_RANGE = 1 << 20;

  /**
   * Writes rows {@code rows} (all rows when null) of columns {@code columns} of {@code frame} to
   * {@code file}, which must not exist.
   */
  static void write(LocalFrame frame, int[] columns, int[] rows, ParquetOptions options, Path file)
      throws IOException {
    write(frame, columns, rows, options, file, null);
  }

  /**
   * As {@link #write(LocalFrame, int[], int[], ParquetOptions, Path)}, each column {@code k}
   * carrying the field id {@code fieldIds[k]} in the file's schema (a table's data file); none when
   * {@code fieldIds} is null.
   */
  static void write(
      LocalFrame frame,
      int[] columns,
      int[] rows,
      ParquetOptions options,
      Path file,
      int[] fieldIds)
      throws IOException {
    int n = rows == null ? frame.rows() : rows.length;
    Schema all = frame.schema();
    Schema.Builder kept = Schema.builder();
    Vec[] vecs = new Vec[columns.length];
    boolean[] hasNulls = new boolean[columns.length];
    for (int k = 0; k < columns.length; k++) {
      var f = all.field(columns[k]);
      kept.column(f.name(), f.type(), f.nullable());
      vecs[k] = frame.column(columns[k]);
      for (int i = 0; i < n && !hasNulls[k] && vecs[k].hasNulls(); i++) {
        hasNulls[k] = vecs[k].isNull(rows == null ? i : rows[i]);
      }
    }
    MessageType schema = ParquetTypes.fileSchema(kept.build(), hasNulls, fieldIds);
    List<ColumnDescriptor> descriptors = schema.getColumns();
    ColumnOut[] outs = new ColumnOut[columns.length];
    for (int k = 0; k < columns.length; k++) {
      outs[k] = new ColumnOut(vecs[k], rows, descriptors.get(k));
    }
    ParquetProperties props = ParquetProperties.builder().build();
    CodecFactory codecs =
        new CodecFactory(new PlainParquetConfiguration(), props.getPageSizeThreshold());
    try (ParquetFileWriter out =
        new ParquetFileWriter(
            new LocalOutputFile(file),
            schema,
            ParquetFileWriter.Mode.CREATE,
            options.rowGroupSize(),
            0,
            null,
            props)) {
      BytesInputCompressor compressor = codecs.getCompressor(codec(options.compression()));
      out.start();
      int groupRows = rowsPerGroup(options.rowGroupSize(), outs, n);
      for (int from = 0; from < n; from += groupRows) {
        int to = (int) Math.min(n, (long) from + groupRows);
        try (ColumnChunkPageWriteStore pages =
            new ColumnChunkPageWriteStore(
                compressor,
                schema,
                props.getAllocator(),
                props.getColumnIndexTruncateLength(),
                props.getPageWriteChecksumEnabled())) {
          for (int k = 0; k < outs.length; k++) {
            outs[k].write(pages.getPageWriter(descriptors.get(k)), from, to);
          }
          out.startBlock(to - from);
          pages.flushToFileWriter(out);
          out.endBlock();
        }
      }
      out.end(Map.of(ParquetWriter.OBJECT_MODEL_NAME_PROP, "frameshift"));
    } finally {
      codecs.release();
    }
  }

  private static CompressionCodecName codec(String name) {
    return switch (name) {
      case "snappy" -> CompressionCodecName.SNAPPY;
      case "zstd" -> CompressionCodecName.ZSTD;
      case "gzip" -> CompressionCodecName.GZIP;
      case "none" -> CompressionCodecName.UNCOMPRESSED;
      default -> throw new IllegalArgumentException("codec " + name + " passed ParquetOptions");
    };
  }

  /**
   * Rows per row group: the row group size over the bytes a row takes as plain values (before
   * dictionaries and compression, so groups come out smaller than the size, never larger).
   */
  private static int rowsPerGroup(long rowGroupSize, ColumnOut[] outs, int n) {
    double perRow = 0;
    for (ColumnOut o : outs) {
      perRow += o.plainBytesPerRow(n);
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, rowGroupSize / Math.max(perRow, 0.125)));
  }

  /** How a column's values are stored in the file. */
  private enum Kind {
    BOOLEAN,
    INT32,
    INT64,
    FLOAT,
    DOUBLE,
    CODED_STRING,
    STRING,
    FIXED
  }

  /** One column of the file: gathers a chunk's values from the vector and writes its pages. */
  private static final class ColumnOut {
    private final Vec vec;
    private final int[] rows;
    private final PrimitiveType type;
    private final boolean optional;

    /** Whether the vector has nulls, not necessarily among the rows written. */
    private final boolean nullable;

    private final Kind kind;
    private final int fixedBytes;
    private final PageBytes page = new PageBytes();

    /** Coded strings: the codes of the written rows; per code its UTF-8 and its rank, on need. */
    private int[] codes;

    private byte[][] utf8;
    private int[] rank;

    ColumnOut(Vec vec, int[] rows, ColumnDescriptor column) {
      this.vec = vec;
      this.rows = rows;
      this.type = column.getPrimitiveType();
      this.optional = column.getMaxDefinitionLevel() > 0;
      this.nullable = vec.hasNulls();
      DataType t = vec.type();
      this.fixedBytes =
          t instanceof DataType.Decimal d && d.precision() > 18
              ? ParquetTypes.decimalBytes(d.precision())
              : 0;
      this.kind =
          switch (t.id()) {
            case BOOLEAN -> Kind.BOOLEAN;
            case INT32, DATE -> Kind.INT32;
            case INT64, TIMESTAMP, TIMESTAMP_NTZ -> Kind.INT64;
            case FLOAT32 -> Kind.FLOAT;
            case FLOAT64 -> Kind.DOUBLE;
            case STRING -> vec.dictionarySize() > 0 ? Kind.CODED_STRING : Kind.STRING;
            case DECIMAL ->
                fixedBytes > 0
                    ? Kind.FIXED
                    : ((DataType.Decimal) t).precision() <= 9 ? Kind.INT32 : Kind.INT64;
          };
      if (kind == Kind.CODED_STRING) {
        codes = vec.dictionaryCodes(rows);
        utf8 = new byte[vec.dictionarySize()][];
      }
    }

    private int row(int i) {
      return rows == null ? i : rows[i];
    }

    /** Whether row {@code r} of the vector is not null: every row of a vector without nulls. */
    private boolean present(int r) {
      return !nullable || !vec.isNull(r);
    }

    /** The bytes a row takes as a plain value, strings by a sample of the {@code n} rows. */
    double plainBytesPerRow(int n) {
      return switch (kind) {
        case BOOLEAN -> 0.125;
        case INT32, FLOAT -> 4;
        case INT64, DOUBLE -> 8;
        case FIXED -> fixedBytes;
        case CODED_STRING, STRING -> {
          long bytes = 0;
          int seen = 0;
          for (int i = 0; i < n; i += Math.max(1, n / 1000), seen++) {
            bytes += vec.isNull(row(i)) ? 0 : utf8Of(i).length;
          }
          yield 4 + (double) bytes / Math.max(1, seen);
        }
      };
    }

    /** The UTF-8 of written row {@code i} (not null). */
    private byte[] utf8Of(int i) {
      return kind == Kind.CODED_STRING ? codeUtf8(codes[i]) : vec.utf8(row(i));
    }

    private byte[] codeUtf8(int code) {
      byte[] b = utf8[code];
      if (b == null) {
        b = utf8[code] = vec.dictionaryValue(code).getBytes(StandardCharsets.UTF_8);
      }
      return b;
    }

    /**
     * Per code, its place among the distinct values in UTF-8 byte order: page minima and maxima.
     */
    private int[] ranks() {
      if (rank == null) {
        int[] order = new int[utf8.length];
        for (int c = 0; c < order.length; c++) {
          order[c] = c;
          codeUtf8(c);
        }
        IntArrays.quickSort(order, (a, b) -> Arrays.compareUnsigned(utf8[a], utf8[b]));
        rank = new int[order.length];
        for (int r = 0; r < order.length; r++) {
          rank[order[r]] = r;
        }
      }
      return rank;
    }

    // ---- one chunk ----------------------------------------------------------------------------

    /** Writes written rows {@code [from, to)} as one column chunk of pages. */
    void write(PageWriter pages, int from, int to) throws IOException {
      int rowCount = to - from;
      // the definition levels, unless every row is present (then they are one run of 1s)
      int[] levels = optional && nullable ? new int[rowCount] : null;
      int present = levels != null ? 0 : rowCount;
      for (int i = 0; levels != null && i < rowCount; i++) {
        levels[i] = present(row(from + i)) ? 1 : 0;
        present += levels[i];
      }
      Chunk chunk =
          switch (kind) {
            case BOOLEAN -> booleans(from, rowCount, present);
            case INT32 -> ints(from, rowCount, present);
            case INT64 -> longs(from, rowCount, present);
            case FLOAT -> floats(from, rowCount, present);
            case DOUBLE -> doubles(from, rowCount, present);
            case CODED_STRING -> codedStrings(from, rowCount, present);
            case STRING -> strings(from, rowCount, present);
            case FIXED -> fixed(from, rowCount, present);
          };
      if (chunk.dictionary != null) {
        pages.writeDictionaryPage(chunk.dictionary);
      }
      int value = 0;
      for (int p0 = 0; p0 < rowCount; p0 += PAGE_ROWS) {
        int p1 = Math.min(rowCount, p0 + PAGE_ROWS);
        int values = p1 - p0;
        if (levels != null) {
          values = 0;
          for (int i = p0; i < p1; i++) {
            values += levels[i];
          }
        }
        page.reset();
        if (optional) {
          int lengthAt = page.skip(4);
          if (levels != null) {
            page.hybrid(levels, p0, p1, 1);
          } else {
            page.run(1, p1 - p0, 1);
          }
          page.intAt(lengthAt, page.size() - lengthAt - 4);
        }
        Statistics<?> stats = Statistics.createStats(type);
        stats.incrementNumNulls(p1 - p0 - values);
        if (values > 0) {
          chunk.page(page, stats, value, value + values);
        } else if (chunk.dictionary != null) {
          page.int8(0); // the ids' bit width, which readers expect even of a page of nulls
        }
        pages.writePage(
            page.bytes(),
            p1 - p0,
            p1 - p0,
            stats,
            Encoding.BIT_PACKED,
            optional ? Encoding.RLE : Encoding.BIT_PACKED,
            chunk.dictionary != null ? Encoding.RLE_DICTIONARY : Encoding.PLAIN);
        value += values;
      }
    }

    /**
     * A chunk's non-null values gathered, and its dictionary page when it has one; {@link #page}
     * encodes the values {@code [from, to)} of one page and records their minimum and maximum.
     */
    private abstract static class Chunk {
      DictionaryPage dictionary;

      abstract void page(PageBytes out, Statistics<?> stats, int from, int to);
    }

    private Chunk booleans(int from, int rowCount, int present) {
      boolean[] v = new boolean[present];
      for (int i = 0, k = 0; i < rowCount; i++) {
        int r = row(from + i);
        if (present(r)) {
          v[k++] = vec.bool(r);
        }
      }
      return new Chunk() {
        @Override
        void page(PageBytes out, Statistics<?> stats, int a, int b) {
          out.booleans(v, a, b);
          boolean any = false;
          boolean all = true;
          for (int i = a; i < b; i++) {
            any |= v[i];
            all &= v[i];
          }
          stats.updateStats(all);
          stats.updateStats(any);
        }
      };
    }

    private Chunk ints(int from, int rowCount, int present) {
      int[] v = new int[present];
      switch (vec.type().id()) {
        case DATE -> {
          for (int i = 0, k = 0; i < rowCount; i++) {
            int r = row(from + i);
            if (present(r)) {
              v[k++] = (int) Temporal.epochDayOfPacked(vec.date(r));
            }
          }
        }
        case DECIMAL -> {
          for (int i = 0, k = 0; i < rowCount; i++) {
            int r = row(from + i);
            if (present(r)) {
              v[k++] = (int) vec.i64(r);
            }
          }
        }
        default -> {
          for (int i = 0, k = 0; i < rowCount; i++) {
            int r = row(from + i);
            if (present(r)) {
              v[k++] = vec.i32(r);
            }
          }
        }
      }
      return integers(v, null, present);
    }

    private Chunk longs(int from, int rowCount, int present) {
      long[] v = new long[present];
      for (int i = 0, k = 0; i < rowCount; i++) {
        int r = row(from + i);
        if (present(r)) {
          v[k++] = vec.i64(r);
        }
      }
      return integers(null, v, present);
    }

    /**
     * Integers ({@code ints} or {@code longs}): dictionary-encoded when their range fits a table
     * and the ids take at most three quarters of the plain bytes, else plain.
     */
    private Chunk integers(int[] ints, long[] longs, int count) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < count; i++) {
        long x = ints != null ? ints[i] : longs[i];
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      int width = ints != null ? 4 : 8;
      long range = max - min + 1;
      int[] ids = null;
      int distinct = 0;
      long[] values = null;
      if (count > 0 && range > 0 && range <= Math.min(MAX_RANGE, 4L * count)) {
        int[] idOf = new int[(int) range];
        Arrays.fill(idOf, -1);
        ids = new int[count];
        values = new long[16];
        for (int i = 0; i < count; i++) {
          long x = ints != null ? ints[i] : longs[i];
          int slot = (int) (x - min);
          int id = idOf[slot];
          if (id < 0) {
            id = idOf[slot] = distinct++;
            if (id == values.length) {
              values = Arrays.copyOf(values, id * 2);
            }
            values[id] = x;
          }
          ids[i] = id;
        }
        long dictionaryBytes = (long) distinct * width + (long) count * bitWidth(distinct) / 8;
        if (dictionaryBytes * 4 > (long) count * width * 3) {
          ids = null;
        }
      }
      DictionaryPage dictionary = null;
      if (ids != null) {
        PageBytes d = new PageBytes();
        for (int id = 0; id < distinct; id++) {
          if (ints != null) {
            d.int32((int) values[id]);
          } else {
            d.int64(values[id]);
          }
        }
        dictionary = new DictionaryPage(d.bytes(), distinct, Encoding.PLAIN);
      }
      int[] dictionaryIds = ids;
      int idWidth = bitWidth(distinct);
      Chunk chunk =
          new Chunk() {
            @Override
            void page(PageBytes out, Statistics<?> stats, int a, int b) {
              if (dictionaryIds != null) {
                out.int8(idWidth);
                out.hybrid(dictionaryIds, a, b, idWidth);
              } else if (ints != null) {
                out.ints(ints, a, b);
              } else {
                out.longs(longs, a, b);
              }
              long lo = Long.MAX_VALUE;
              long hi = Long.MIN_VALUE;
              for (int i = a; i < b; i++) {
                long x = ints != null ? ints[i] : longs[i];
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
              }
              if (ints != null) {
                stats.updateStats((int) lo);
                stats.updateStats((int) hi);
              } else {
                stats.updateStats(lo);
                stats.updateStats(hi);
              }
            }
          };
      chunk.dictionary = dictionary;
      return chunk;
    }

    private Chunk floats(int from, int rowCount, int present) {
      float[] v = new float[present];
      for (int i = 0, k = 0; i < rowCount; i++) {
        int r = row(from + i);
        if (present(r)) {
          v[k++] = vec.f32(r);
        }
      }
      return new Chunk() {
        @Override
        void page(PageBytes out, Statistics<?> stats, int a, int b) {
          out.floats(v, a, b);
          // Float.compare's order (NaN above all, -0.0 below 0.0), as parquet-java's writer keeps
          // it
          float lo = v[a];
          float hi = v[a];
          for (int i = a + 1; i < b; i++) {
            lo = Float.compare(v[i], lo) < 0 ? v[i] : lo;
            hi = Float.compare(v[i], hi) > 0 ? v[i] : hi;
          }
          stats.updateStats(lo);
          stats.updateStats(hi);
        }
      };
    }

    private Chunk doubles(int from, int rowCount, int present) {
      double[] v = new double[present];
      for (int i = 0, k = 0; i < rowCount; i++) {
        int r = row(from + i);
        if (present(r)) {
          v[k++] = vec.f64(r);
        }
      }
      return new Chunk() {
        @Override
        void page(PageBytes out, Statistics<?> stats, int a, int b) {
          out.doubles(v, a, b);
          double lo = v[a];
          double hi = v[a];
          for (int i = a + 1; i < b; i++) {
            lo = Double.compare(v[i], lo) < 0 ? v[i] : lo;
            hi = Double.compare(v[i], hi) > 0 ? v[i] : hi;
          }
          stats.updateStats(lo);
          stats.updateStats(hi);
        }
      };
    }

    /**
     * Coded strings: the chunk's codes renumbered densely in order of first appearance; a
     * dictionary page of those values when each repeats twice on average, else plain values.
     */
    private Chunk codedStrings(int from, int rowCount, int present) {
      int[] c = new int[present];
      for (int i = 0, k = 0; i < rowCount; i++) {
        if (present(row(from + i))) {
          c[k++] = codes[from + i];
        }
      }
      int[] idOf = new int[utf8.length];
      Arrays.fill(idOf, -1);
      int[] valueOf = new int[16];
      int distinct = 0;
      int[] ids = new int[present];
      for (int i = 0; i < present; i++) {
        int id = idOf[c[i]];
        if (id < 0) {
          id = idOf[c[i]] = distinct++;
          if (id == valueOf.length) {
            valueOf = Arrays.copyOf(valueOf, id * 2);
          }
          valueOf[id] = c[i];
        }
        ids[i] = id;
      }
      int[] rank = ranks();
      boolean useDictionary = distinct * 2L <= present;
      int width = bitWidth(distinct);
      Chunk chunk =
          new Chunk() {
            @Override
            void page(PageBytes out, Statistics<?> stats, int a, int b) {
              if (useDictionary) {
                out.int8(width);
                out.hybrid(ids, a, b, width);
              } else {
                for (int i = a; i < b; i++) {
                  out.string(codeUtf8(c[i]));
                }
              }
              int lo = c[a];
              int hi = c[a];
              for (int i = a + 1; i < b; i++) {
                lo = rank[c[i]] < rank[lo] ? c[i] : lo;
                hi = rank[c[i]] > rank[hi] ? c[i] : hi;
              }
              stats.updateStats(Binary.fromConstantByteArray(codeUtf8(lo)));
              stats.updateStats(Binary.fromConstantByteArray(codeUtf8(hi)));
            }
          };
      if (useDictionary) {
        PageBytes d = new PageBytes();
        for (int id = 0; id < distinct; id++) {
          d.string(codeUtf8(valueOf[id]));
        }
        chunk.dictionary = new DictionaryPage(d.bytes(), distinct, Encoding.PLAIN);
      }
      return chunk;
    }

    /** Strings held as UTF-8 (mostly distinct): plain values. */
    private Chunk strings(int from, int rowCount, int present) {
      byte[][] v = new byte[present][];
      for (int i = 0, k = 0; i < rowCount; i++) {
        int r = row(from + i);
        if (present(r)) {
          v[k++] = vec.utf8(r);
        }
      }
      return binaries(v);
    }

    /** Decimals of more than 18 digits: big-endian two's complement of {@link #fixedBytes}. */
    private Chunk fixed(int from, int rowCount, int present) {
      byte[][] v = new byte[present][];
      for (int i = 0, k = 0; i < rowCount; i++) {
        int r = row(from + i);
        if (present(r)) {
          v[k++] = fixed(vec.decimal(r), fixedBytes);
        }
      }
      return binaries(v);
    }

    private Chunk binaries(byte[][] v) {
      boolean lengths = kind == Kind.STRING;
      return new Chunk() {
        @Override
        void page(PageBytes out, Statistics<?> stats, int a, int b) {
          for (int i = a; i < b; i++) {
            if (lengths) {
              out.string(v[i]);
            } else {
              out.raw(v[i]);
            }
            stats.updateStats(Binary.fromConstantByteArray(v[i]));
          }
        }
      };
    }

    /** The unscaled value as big-endian two's complement of exactly {@code bytes} bytes. */
    private static byte[] fixed(BigDecimal v, int bytes) {
      byte[] minimal = v.unscaledValue().toByteArray();
      byte[] out = new byte[bytes];
      Arrays.fill(out, 0, bytes - minimal.length, (byte) (v.signum() < 0 ? -1 : 0));
      System.arraycopy(minimal, 0, out, bytes - minimal.length, minimal.length);
      return out;
    }
  }

  /** The bits a dictionary id of {@code distinct} values takes. */
  private static int bitWidth(int distinct) {
    return distinct <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(distinct - 1);
  }

  /** A page's bytes being written: little-endian values, length-prefixed strings, hybrid runs. */
  private static final class PageBytes {
    private byte[] buf = new byte[1 << 16];
    private ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    private int pos;

    void reset() {
      pos = 0;
    }

    int size() {
      return pos;
    }

    /** The bytes written; valid until the next write. */
    BytesInput bytes() {
      return BytesInput.from(buf, 0, pos);
    }

    private void ensure(long more) {
      if (pos + more > buf.length) {
        long grown = Math.max(pos + more, 2L * buf.length);
        if (grown > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("a Parquet page of more than 2 GB");
        }
        buf = Arrays.copyOf(buf, (int) grown);
        view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
      }
    }

    /** Reserves {@code bytes} bytes; returns where they start. */
    int skip(int bytes) {
      ensure(bytes);
      int at = pos;
      pos += bytes;
      return at;
    }

    void intAt(int at, int v) {
      view.putInt(at, v);
    }

    void int8(int v) {
      ensure(1);
      buf[pos++] = (byte) v;
    }

    void int32(int v) {
      ensure(4);
      view.putInt(pos, v);
      pos += 4;
    }

    void int64(long v) {
      ensure(8);
      view.putLong(pos, v);
      pos += 8;
    }

    void ints(int[] v, int from, int to) {
      ensure(4L * (to - from));
      view.slice(pos, 4 * (to - from))
          .order(ByteOrder.LITTLE_ENDIAN)
          .asIntBuffer()
          .put(v, from, to - from);
      pos += 4 * (to - from);
    }

    void longs(long[] v, int from, int to) {
      ensure(8L * (to - from));
      view.slice(pos, 8 * (to - from))
          .order(ByteOrder.LITTLE_ENDIAN)
          .asLongBuffer()
          .put(v, from, to - from);
      pos += 8 * (to - from);
    }

    void floats(float[] v, int from, int to) {
      ensure(4L * (to - from));
      view.slice(pos, 4 * (to - from))
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .put(v, from, to - from);
      pos += 4 * (to - from);
    }

    void doubles(double[] v, int from, int to) {
      ensure(8L * (to - from));
      view.slice(pos, 8 * (to - from))
          .order(ByteOrder.LITTLE_ENDIAN)
          .asDoubleBuffer()
          .put(v, from, to - from);
      pos += 8 * (to - from);
    }

    /** Plain booleans: a bit each, the first in the lowest bit. */
    void booleans(boolean[] v, int from, int to) {
      int n = to - from;
      ensure((n + 7) / 8);
      Arrays.fill(buf, pos, pos + (n + 7) / 8, (byte) 0);
      for (int i = 0; i < n; i++) {
        if (v[from + i]) {
          buf[pos + (i >>> 3)] |= (byte) (1 << (i & 7));
        }
      }
      pos += (n + 7) / 8;
    }

    /** A plain string: its length, then its bytes. */
    void string(byte[] v) {
      int32(v.length);
      raw(v);
    }

    void raw(byte[] v) {
      ensure(v.length);
      System.arraycopy(v, 0, buf, pos, v.length);
      pos += v.length;
    }

    private void varint(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
    }

    /**
     * Values {@code v[from, to)} of {@code width} bits as RLE / bit-packed hybrid runs: a run of
     * eight or more equal values as one repeated value, the rest bit-packed eight at a time.
     */
    void hybrid(int[] v, int from, int to, int width) {
      BytePacker packer = Packer.LITTLE_ENDIAN.newBytePacker(width);
      int i = from;
      int[] eight = new int[8];
      while (i < to) {
        int run = 1;
        while (i + run < to && v[i + run] == v[i]) {
          run++;
        }
        if (run >= 8) {
          run(v[i], run, width);
          i += run;
          continue;
        }
        // groups of eight until a run of eight starts where a group would, or the values end
        int start = i;
        do {
          i += 8;
        } while (i < to && !runOfEight(v, i, to));
        int groups = (Math.min(i, to) - start + 7) / 8;
        varint(groups << 1 | 1);
        ensure((long) groups * width);
        for (int g = 0; g < groups; g++) {
          int at = start + 8 * g;
          if (at + 8 <= to) {
            packer.pack8Values(v, at, buf, pos);
          } else {
            Arrays.fill(eight, 0);
            System.arraycopy(v, at, eight, 0, to - at);
            packer.pack8Values(eight, 0, buf, pos);
          }
          pos += width;
        }
        i = Math.min(i, to);
      }
    }

    /** An RLE run: {@code count} times {@code value} of {@code width} bits. */
    void run(int value, int count, int width) {
      varint(count << 1);
      int valueBytes = (width + 7) / 8;
      ensure(valueBytes);
      for (int k = 0; k < valueBytes; k++) {
        buf[pos++] = (byte) (value >>> (8 * k));
      }
    }

    private static boolean runOfEight(int[] v, int i, int to) {
      if (i + 8 > to) {
        return false;
      }
      for (int k = 1; k < 8; k++) {
        if (v[i + k] != v[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
