package io.frameshift.local.format;

import io.frameshift.io.ParquetOptions;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Temporal;
import io.frameshift.local.Vec;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes rows of a local frame as one Parquet file with parquet-java's writer, which encodes,
 * compresses, keeps statistics (min, max, null count per row group and page) and cuts row groups;
 * the values are fed to its record consumer straight from the frame's columns.
 */
final class ParquetOutput {
  private ParquetOutput() {}

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
      for (int i = 0; i < n && !hasNulls[k]; i++) {
        hasNulls[k] = vecs[k].isNull(rows == null ? i : rows[i]);
      }
    }
    MessageType schema = ParquetTypes.fileSchema(kept.build(), hasNulls, fieldIds);
    Rows support = new Rows(schema, vecs);
    try (ParquetWriter<Integer> writer =
        new Builder(new LocalOutputFile(file), support)
            .withConf(new PlainParquetConfiguration())
            .withCompressionCodec(codec(options.compression()))
            .withRowGroupSize(options.rowGroupSize())
            .withDictionaryEncoding(true)
            .withStatisticsEnabled(true)
            .build()) {
      for (int i = 0; i < n; i++) {
        writer.write(rows == null ? i : rows[i]);
      }
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

  private static final class Builder extends ParquetWriter.Builder<Integer, Builder> {
    private final Rows support;

    Builder(LocalOutputFile file, Rows support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
      return support;
    }

    @Override
    protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }
  }

  /** Writes the row of the given index of the columns. */
  private static final class Rows extends WriteSupport<Integer> {
    private final MessageType schema;
    private final Vec[] columns;
    private final String[] names;
    private final int[] fixedBytes;
    private RecordConsumer out;

    Rows(MessageType schema, Vec[] columns) {
      this.schema = schema;
      this.columns = columns;
      this.names = new String[columns.length];
      this.fixedBytes = new int[columns.length];
      for (int c = 0; c < columns.length; c++) {
        names[c] = schema.getFieldName(c);
        DataType t = columns[c].type();
        if (t instanceof DataType.Decimal d && d.precision() > 18) {
          fixedBytes[c] = ParquetTypes.decimalBytes(d.precision());
        }
      }
    }

    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public String getName() {
      return "frameshift";
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.out = recordConsumer;
    }

    @Override
    public void write(Integer row) {
      int r = row;
      out.startMessage();
      for (int c = 0; c < columns.length; c++) {
        Vec v = columns[c];
        if (!v.isNull(r)) {
          out.startField(names[c], c);
          value(v, c, r);
          out.endField(names[c], c);
        }
      }
      out.endMessage();
    }

    private void value(Vec v, int c, int r) {
      DataType t = v.type();
      switch (t.id()) {
        case BOOLEAN -> out.addBoolean(v.bool(r));
        case INT32 -> out.addInteger(v.i32(r));
        case INT64, TIMESTAMP, TIMESTAMP_NTZ -> out.addLong(v.i64(r));
        case FLOAT32 -> out.addFloat(v.f32(r));
        case FLOAT64 -> out.addDouble(v.f64(r));
        case STRING -> out.addBinary(Binary.fromConstantByteArray(v.utf8(r)));
        case DATE -> out.addInteger((int) Temporal.epochDayOfPacked(v.date(r)));
        case DECIMAL -> {
          int precision = ((DataType.Decimal) t).precision();
          if (precision <= 9) {
            out.addInteger((int) v.i64(r));
          } else if (precision <= 18) {
            out.addLong(v.i64(r));
          } else {
            out.addBinary(Binary.fromConstantByteArray(fixed(v.decimal(r), fixedBytes[c])));
          }
        }
      }
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
}
