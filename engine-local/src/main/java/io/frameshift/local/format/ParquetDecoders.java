package io.frameshift.local.format;

import io.frameshift.error.ConversionException;
import io.frameshift.local.Temporal;
import io.frameshift.local.Utf8Dictionary;
import io.frameshift.types.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Converters that put a Parquet column's values straight into the local engine's arrays, for the
 * chunks {@link ParquetPages} does not decode in bulk: parquet-java's column reader hands each
 * non-null value to {@link Decoder}, which stores it at {@link Decoder#row} of the whole frame's
 * array, in the storage form of {@link io.frameshift.local.Vec} (packed dates, microsecond
 * timestamps, unscaled decimals, strings as codes into a {@link Utf8Dictionary}). No value is boxed
 * but wide decimals.
 */
final class ParquetDecoders {
  private ParquetDecoders() {}

  /** 1970-01-01 as a Julian day number, the epoch of INT96 timestamps. */
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Stores the values it is given at {@link #row}, which the caller sets before each. */
  abstract static class Decoder extends PrimitiveConverter {
    int row;
  }

  /** The array a column of {@code type} and {@code rows} rows is decoded into. */
  static Object allocate(DataType type, int rows) {
    return switch (type.id()) {
      case BOOLEAN -> new boolean[rows];
      case INT32 -> new int[rows];
      case DATE -> new int[rows];
      case INT64, TIMESTAMP, TIMESTAMP_NTZ -> new long[rows];
      case FLOAT32 -> new float[rows];
      case FLOAT64 -> new double[rows];
      case STRING -> new int[rows]; // codes into a Utf8Dictionary
      case DECIMAL ->
          ((DataType.Decimal) type).precision() <= 18 ? new long[rows] : new BigDecimal[rows];
    };
  }

  /**
   * A decoder of file column {@code p} (whose type reads as {@code type}, checked by the caller)
   * into {@code out}, an array {@link #allocate} made; strings go into {@code strings}, which
   * {@code out} holds the codes of.
   */
  static Decoder of(PrimitiveType p, DataType type, Object out, Utf8Dictionary strings) {
    String column = p.getName();
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    return switch (type.id()) {
      case BOOLEAN -> new Booleans((boolean[]) out);
      case INT32 -> new Ints((int[]) out);
      case INT64 ->
          a instanceof IntLogicalTypeAnnotation i && !i.isSigned()
              ? new UnsignedInts((long[]) out)
              : new Longs((long[]) out);
      case FLOAT32 -> new Floats((float[]) out);
      case FLOAT64 -> new Doubles((double[]) out);
      case STRING -> new Strings((int[]) out, strings);
      case DATE -> new Dates((int[]) out, column);
      case TIMESTAMP, TIMESTAMP_NTZ ->
          p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96
              ? new Int96((long[]) out)
              : new Timestamps(
                  (long[]) out, ((TimestampLogicalTypeAnnotation) a).getUnit(), column);
      case DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) type;
        if (out instanceof long[] unscaled) {
          yield new CompactDecimals(unscaled, d, column);
        }
        yield new WideDecimals((BigDecimal[]) out, d, column);
      }
    };
  }

  private static final class Booleans extends Decoder {
    private final boolean[] out;

    Booleans(boolean[] out) {
      this.out = out;
    }

    @Override
    public void addBoolean(boolean value) {
      out[row] = value;
    }
  }

  private static final class Ints extends Decoder {
    private final int[] out;

    Ints(int[] out) {
      this.out = out;
    }

    @Override
    public void addInt(int value) {
      out[row] = value;
    }
  }

  private static final class Longs extends Decoder {
    private final long[] out;

    Longs(long[] out) {
      this.out = out;
    }

    @Override
    public void addInt(int value) {
      out[row] = value;
    }

    @Override
    public void addLong(long value) {
      out[row] = value;
    }
  }

  /** UINT_32 held as INT32 bits. */
  private static final class UnsignedInts extends Decoder {
    private final long[] out;

    UnsignedInts(long[] out) {
      this.out = out;
    }

    @Override
    public void addInt(int value) {
      out[row] = Integer.toUnsignedLong(value);
    }
  }

  private static final class Floats extends Decoder {
    private final float[] out;

    Floats(float[] out) {
      this.out = out;
    }

    @Override
    public void addFloat(float value) {
      out[row] = value;
    }
  }

  private static final class Doubles extends Decoder {
    private final double[] out;

    Doubles(double[] out) {
      this.out = out;
    }

    @Override
    public void addDouble(double value) {
      out[row] = value;
    }
  }

  /**
   * UTF-8 strings as codes into a {@link Utf8Dictionary}; a dictionary-encoded chunk's values are
   * looked up once per dictionary entry, then each row takes its entry's code.
   */
  private static final class Strings extends Decoder {
    private final int[] out;
    private final Utf8Dictionary strings;
    private int[] codeOfId;

    Strings(int[] out, Utf8Dictionary strings) {
      this.out = out;
      this.strings = strings;
    }

    @Override
    public boolean hasDictionarySupport() {
      return true;
    }

    @Override
    public void setDictionary(Dictionary d) {
      codeOfId = new int[d.getMaxId() + 1];
      for (int id = 0; id < codeOfId.length; id++) {
        codeOfId[id] = add(d.decodeToBinary(id));
      }
    }

    @Override
    public void addValueFromDictionary(int id) {
      out[row] = codeOfId[id];
    }

    @Override
    public void addBinary(Binary value) {
      out[row] = add(value);
    }

    private int add(Binary value) {
      byte[] bytes = value.getBytesUnsafe();
      return strings.add(bytes, 0, bytes.length);
    }
  }

  private static final class Dates extends Decoder {
    private final int[] out;
    private final String column;

    Dates(int[] out, String column) {
      this.out = out;
      this.column = column;
    }

    @Override
    public void addInt(int epochDay) {
      out[row] = Temporal.packedDate(epochDay, column);
    }
  }

  /** INT64 timestamps of any unit, to microseconds (nanoseconds rounded down, as Spark does). */
  private static final class Timestamps extends Decoder {
    private final long[] out;
    private final LogicalTypeAnnotation.TimeUnit unit;
    private final String column;

    Timestamps(long[] out, LogicalTypeAnnotation.TimeUnit unit, String column) {
      this.out = out;
      this.unit = unit;
      this.column = column;
    }

    @Override
    public void addLong(long value) {
      out[row] = micros(value, unit, column);
    }
  }

  /** A timestamp of {@code unit} in microseconds (nanoseconds rounded down, as Spark does). */
  static long micros(long value, LogicalTypeAnnotation.TimeUnit unit, String column) {
    return switch (unit) {
      case MICROS -> value;
      case NANOS -> Math.floorDiv(value, 1000L);
      case MILLIS -> {
        try {
          yield Math.multiplyExact(value, 1000L);
        } catch (ArithmeticException e) {
          throw new ConversionException(
              "Timestamp of "
                  + value
                  + " ms of column '"
                  + column
                  + "' is outside the range of microsecond timestamps");
        }
      }
    };
  }

  /** Legacy INT96: nanoseconds of the day (8 bytes) then the Julian day (4), little endian. */
  private static final class Int96 extends Decoder {
    private final long[] out;

    Int96(long[] out) {
      this.out = out;
    }

    @Override
    public void addBinary(Binary value) {
      ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanosOfDay = b.getLong(b.position());
      long julianDay = Integer.toUnsignedLong(b.getInt(b.position() + 8));
      out[row] = (julianDay - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + Math.floorDiv(nanosOfDay, 1000L);
    }
  }

  /** Decimals of up to 18 digits as unscaled longs, from any of the decimal physical types. */
  private static final class CompactDecimals extends Decoder {
    private final long[] out;
    private final DataType.Decimal type;
    private final String column;

    CompactDecimals(long[] out, DataType.Decimal type, String column) {
      this.out = out;
      this.type = type;
      this.column = column;
    }

    @Override
    public void addInt(int value) {
      out[row] = value;
    }

    @Override
    public void addLong(long value) {
      out[row] = value;
    }

    @Override
    public void addBinary(Binary value) {
      BigInteger unscaled = new BigInteger(value.getBytesUnsafe());
      if (unscaled.bitLength() > 63) {
        throw tooWide(unscaled, type, column);
      }
      out[row] = unscaled.longValue();
    }
  }

  /** Decimals of more than 18 digits, from FIXED_LEN_BYTE_ARRAY or BINARY two's complement. */
  private static final class WideDecimals extends Decoder {
    private final BigDecimal[] out;
    private final DataType.Decimal type;
    private final String column;

    WideDecimals(BigDecimal[] out, DataType.Decimal type, String column) {
      this.out = out;
      this.type = type;
      this.column = column;
    }

    @Override
    public void addLong(long value) {
      // UINT_64, read as decimal(20, 0)
      out[row] = new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
    }

    @Override
    public void addBinary(Binary value) {
      BigDecimal v = new BigDecimal(new BigInteger(value.getBytesUnsafe()), type.scale());
      if (v.precision() > type.precision()) {
        throw tooWide(v.unscaledValue(), type, column);
      }
      out[row] = v;
    }
  }

  private static ConversionException tooWide(BigInteger unscaled, DataType.Decimal type, String c) {
    return new ConversionException(
        "Decimal "
            + new BigDecimal(unscaled, type.scale()).toPlainString()
            + " of column '"
            + c
            + "' does not fit its type "
            + type);
  }
}
