package io.frameshift.local;

import io.frameshift.error.EvaluationException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** The ANSI casts of docs/semantics.md, one column at a time. */
final class Casts {
  private Casts() {}

  static Vec cast(Vec in, DataType to) {
    DataType from = in.type();
    if (from.equals(to)) {
      return in;
    }
    if (from.id() == TypeId.STRING) {
      return Text.parse(
          texts(in),
          to,
          (row, text) ->
              new EvaluationException(
                  "Cannot cast '" + text + "' to " + to + ": not a valid " + to));
    }
    return switch (to.id()) {
      case STRING -> format(in);
      case BOOLEAN -> toBoolean(in);
      case INT32 -> toInt32(in);
      case INT64 -> toInt64(in);
      case FLOAT32 -> toFloat32(in);
      case FLOAT64 -> toFloat64(in);
      case DECIMAL -> toDecimal(in, (DataType.Decimal) to);
      case DATE, TIMESTAMP, TIMESTAMP_NTZ -> temporal(in, to);
    };
  }

  /** The strings of a STRING vector, null where null. */
  static String[] texts(Vec in) {
    String[] out = new String[in.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.isNull(i) ? null : in.str(i);
    }
    return out;
  }

  private static Vec format(Vec in) {
    String[] out = new String[in.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.isNull(i) ? null : Text.format(in, i);
    }
    return Vec.ofStrings(out);
  }

  // ---- numbers and booleans ---------------------------------------------------------------------

  private static Vec toBoolean(Vec in) {
    int n = in.size();
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (!in.isNull(i)) {
        out[i] =
            switch (in.type().id()) {
              case INT32 -> in.i32(i) != 0;
              case INT64 -> in.i64(i) != 0;
              case FLOAT32 -> in.f32(i) != 0;
              case FLOAT64 -> in.f64(i) != 0;
              case DECIMAL -> in.decimal(i).signum() != 0;
              case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
                  throw unsupported(in.type(), DataType.BOOLEAN);
            };
      }
    }
    return Vec.ofBooleans(out, in.nulls());
  }

  private static Vec toInt32(Vec in) {
    int n = in.size();
    int[] out = new int[n];
    DataType to = DataType.INT32;
    for (int i = 0; i < n; i++) {
      if (in.isNull(i)) {
        continue;
      }
      out[i] =
          switch (in.type().id()) {
            case BOOLEAN -> in.bool(i) ? 1 : 0;
            case INT64 -> {
              long v = in.i64(i);
              if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw outOfRange(in, i, to);
              }
              yield (int) v;
            }
            case FLOAT32, FLOAT64 -> {
              double t = truncate(in.type().id() == TypeId.FLOAT32 ? in.f32(i) : in.f64(i));
              if (!(t >= Integer.MIN_VALUE && t <= Integer.MAX_VALUE)) {
                throw outOfRange(in, i, to);
              }
              yield (int) t;
            }
            case DECIMAL -> {
              try {
                yield in.decimal(i).setScale(0, RoundingMode.DOWN).intValueExact();
              } catch (ArithmeticException e) {
                throw outOfRange(in, i, to);
              }
            }
            case INT32, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ -> throw unsupported(in.type(), to);
          };
    }
    return Vec.ofInts(to, out, in.nulls());
  }

  private static Vec toInt64(Vec in) {
    int n = in.size();
    long[] out = new long[n];
    DataType to = DataType.INT64;
    if (in.type().id() == TypeId.INT32) {
      int[] c = in.ints();
      for (int i = 0; i < n; i++) {
        out[i] = c[i];
      }
      return Vec.ofLongs(to, out, in.nulls());
    }
    for (int i = 0; i < n; i++) {
      if (in.isNull(i)) {
        continue;
      }
      out[i] =
          switch (in.type().id()) {
            case BOOLEAN -> in.bool(i) ? 1 : 0;
            case INT32 -> in.i32(i);
            case FLOAT32, FLOAT64 -> {
              double t = truncate(in.type().id() == TypeId.FLOAT32 ? in.f32(i) : in.f64(i));
              // 2^63 is exact in a double; the range is [-2^63, 2^63).
              if (!(t >= -0x1p63 && t < 0x1p63)) {
                throw outOfRange(in, i, to);
              }
              yield (long) t;
            }
            case DECIMAL -> {
              try {
                yield in.decimal(i).setScale(0, RoundingMode.DOWN).longValueExact();
              } catch (ArithmeticException e) {
                throw outOfRange(in, i, to);
              }
            }
            case INT64, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ -> throw unsupported(in.type(), to);
          };
    }
    return Vec.ofLongs(to, out, in.nulls());
  }

  private static double truncate(double d) {
    return d < 0 ? Math.ceil(d) : Math.floor(d);
  }

  private static Vec toFloat32(Vec in) {
    int n = in.size();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      if (!in.isNull(i)) {
        out[i] =
            switch (in.type().id()) {
              case BOOLEAN -> in.bool(i) ? 1f : 0f;
              case INT32 -> (float) in.i32(i);
              case INT64 -> (float) in.i64(i);
              case FLOAT64 -> (float) in.f64(i);
              case DECIMAL -> in.decimal(i).floatValue();
              case FLOAT32, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
                  throw unsupported(in.type(), DataType.FLOAT32);
            };
      }
    }
    return Vec.ofFloats(out, in.nulls());
  }

  private static Vec toFloat64(Vec in) {
    int n = in.size();
    double[] out = new double[n];
    switch (in.type().id()) {
      case INT32 -> {
        int[] c = in.ints();
        for (int i = 0; i < n; i++) {
          out[i] = c[i];
        }
      }
      case INT64 -> {
        long[] c = in.longs();
        for (int i = 0; i < n; i++) {
          out[i] = c[i];
        }
      }
      case FLOAT32 -> {
        float[] c = in.floats();
        for (int i = 0; i < n; i++) {
          out[i] = c[i];
        }
      }
      case BOOLEAN -> {
        for (int i = 0; i < n; i++) {
          out[i] = !in.isNull(i) && in.bool(i) ? 1 : 0;
        }
      }
      case DECIMAL -> {
        for (int i = 0; i < n; i++) {
          out[i] = in.isNull(i) ? 0 : in.decimal(i).doubleValue();
        }
      }
      case FLOAT64, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
          throw unsupported(in.type(), DataType.FLOAT64);
    }
    return Vec.ofDoubles(out, in.nulls());
  }

  private static Vec toDecimal(Vec in, DataType.Decimal to) {
    int n = in.size();
    BigDecimal[] out = new BigDecimal[n];
    for (int i = 0; i < n; i++) {
      if (in.isNull(i)) {
        continue;
      }
      BigDecimal v =
          switch (in.type().id()) {
            case BOOLEAN -> in.bool(i) ? BigDecimal.ONE : BigDecimal.ZERO;
            case INT32 -> BigDecimal.valueOf(in.i32(i));
            case INT64 -> BigDecimal.valueOf(in.i64(i));
            case FLOAT32 -> {
              float f = in.f32(i);
              if (Float.isNaN(f) || Float.isInfinite(f)) {
                throw outOfRange(in, i, to);
              }
              yield new BigDecimal(Float.toString(f));
            }
            case FLOAT64 -> {
              double d = in.f64(i);
              if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw outOfRange(in, i, to);
              }
              yield BigDecimal.valueOf(d);
            }
            case DECIMAL -> in.decimal(i);
            case STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ -> throw unsupported(in.type(), to);
          };
      BigDecimal fitted = Vec.fitDecimal(v, to);
      if (fitted == null) {
        throw outOfRange(in, i, to);
      }
      out[i] = fitted;
    }
    return Vec.ofDecimals(to, out);
  }

  // ---- temporal ---------------------------------------------------------------------------------

  private static Vec temporal(Vec in, DataType to) {
    int n = in.size();
    TypeId from = in.type().id();
    if (to.id() == TypeId.DATE) {
      if (from != TypeId.TIMESTAMP && from != TypeId.TIMESTAMP_NTZ) {
        throw unsupported(in.type(), to);
      }
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        if (!in.isNull(i)) {
          try {
            out[i] = Temporal.packedOfEpochDay(Temporal.epochDayOfMicros(in.i64(i)));
          } catch (ArithmeticException e) {
            throw outOfRange(in, i, to);
          }
        }
      }
      return Vec.ofInts(to, out, in.nulls());
    }
    // TIMESTAMP <-> TIMESTAMP_NTZ read the same microseconds through UTC.
    if (from == TypeId.TIMESTAMP || from == TypeId.TIMESTAMP_NTZ) {
      return in.withType(to);
    }
    if (from != TypeId.DATE) {
      throw unsupported(in.type(), to);
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      if (!in.isNull(i)) {
        out[i] = Temporal.epochDayOfPacked(in.date(i)) * Temporal.MICROS_PER_DAY;
      }
    }
    return Vec.ofLongs(to, out, in.nulls());
  }

  // ---- errors -----------------------------------------------------------------------------------

  private static EvaluationException outOfRange(Vec in, int i, DataType to) {
    return new EvaluationException(
        "Cannot cast "
            + Text.format(in, i)
            + " ("
            + in.type()
            + ") to "
            + to
            + ": the value is out of its range");
  }

  private static TypeMismatchException unsupported(DataType from, DataType to) {
    return new TypeMismatchException("Cannot cast " + from + " to " + to);
  }
}
