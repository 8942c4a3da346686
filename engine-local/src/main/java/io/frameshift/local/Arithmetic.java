package io.frameshift.local;

import io.frameshift.error.EvaluationException;
import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * ANSI arithmetic kernels. Both operands have one type (analysis casts them); integer overflow and
 * division by zero (also for floats) raise {@link EvaluationException}; rows where an operand is
 * null are null and never computed, so a null divisor raises nothing.
 */
final class Arithmetic {
  private Arithmetic() {}

  /** The binary operators computed in the operand type. */
  enum Op {
    PLUS("+"),
    MINUS("-"),
    TIMES("*"),
    MOD("%");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  static Vec binary(Op op, Vec a, Vec b, DataType out) {
    int n = a.size();
    long[] nulls = Bits.or(a.nulls(), b.nulls());
    int i = 0;
    try {
      // the operator is chosen once, outside the loop over the rows: a choice per row is what a
      // loop costs most before the compiler has hoisted it (the first calls in a JVM)
      switch (a.type().id()) {
        case INT32 -> {
          int[] x = a.ints();
          int[] y = b.ints();
          int[] r = new int[n];
          switch (op) {
            case PLUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : Math.addExact(x[i], y[i]);
              }
            }
            case MINUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : Math.subtractExact(x[i], y[i]);
              }
            }
            case TIMES -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : Math.multiplyExact(x[i], y[i]);
              }
            }
            case MOD -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] % y[i]; // throws for a zero divisor
              }
            }
          }
          return Vec.ofInts(out, r, nulls);
        }
        case INT64 -> {
          long[] x = a.longs();
          long[] y = b.longs();
          long[] r = new long[n];
          switch (op) {
            case PLUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : Math.addExact(x[i], y[i]);
              }
            }
            case MINUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : Math.subtractExact(x[i], y[i]);
              }
            }
            case TIMES -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : Math.multiplyExact(x[i], y[i]);
              }
            }
            case MOD -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] % y[i];
              }
            }
          }
          return Vec.ofLongs(out, r, nulls);
        }
        case FLOAT32 -> {
          float[] x = a.floats();
          float[] y = b.floats();
          float[] r = new float[n];
          switch (op) {
            case PLUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] + y[i];
              }
            }
            case MINUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] - y[i];
              }
            }
            case TIMES -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] * y[i];
              }
            }
            case MOD -> {
              for (; i < n; i++) {
                if (!Bits.get(nulls, i)) {
                  if (y[i] == 0) {
                    throw new ArithmeticException();
                  }
                  r[i] = x[i] % y[i];
                }
              }
            }
          }
          return Vec.ofFloats(r, nulls);
        }
        case FLOAT64 -> {
          double[] x = a.doubles();
          double[] y = b.doubles();
          double[] r = new double[n];
          switch (op) {
            case PLUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] + y[i];
              }
            }
            case MINUS -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] - y[i];
              }
            }
            case TIMES -> {
              for (; i < n; i++) {
                r[i] = Bits.get(nulls, i) ? 0 : x[i] * y[i];
              }
            }
            case MOD -> {
              for (; i < n; i++) {
                if (!Bits.get(nulls, i)) {
                  if (y[i] == 0) {
                    throw new ArithmeticException();
                  }
                  r[i] = x[i] % y[i];
                }
              }
            }
          }
          return Vec.ofDoubles(r, nulls);
        }
        case DECIMAL -> {
          return decimal(op, a, b, (DataType.Decimal) out, nulls);
        }
        case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
            throw new IllegalStateException("arithmetic on " + a.type());
      }
    } catch (ArithmeticException e) {
      throw failure(op.symbol, a, b, i, out);
    }
    throw new IllegalStateException("unreachable");
  }

  private static Vec decimal(Op op, Vec a, Vec b, DataType.Decimal out, long[] nulls) {
    int n = a.size();
    BigDecimal[] r = new BigDecimal[n];
    for (int i = 0; i < n; i++) {
      if (Bits.get(nulls, i)) {
        continue;
      }
      BigDecimal p = a.decimal(i);
      BigDecimal q = b.decimal(i);
      BigDecimal v =
          switch (op) {
            case PLUS -> p.add(q);
            case MINUS -> p.subtract(q);
            case TIMES -> p.multiply(q);
            case MOD -> {
              if (q.signum() == 0) {
                throw failure(op.symbol, a, b, i, out);
              }
              yield p.remainder(q);
            }
          };
      BigDecimal fitted = Vec.fitDecimal(v, out);
      if (fitted == null) {
        throw failure(op.symbol, a, b, i, out);
      }
      r[i] = fitted;
    }
    return Vec.ofDecimals(out, r);
  }

  /** {@code /}: FLOAT64 operands (analysis casts them), division by zero raises. */
  static Vec divide(Vec a, Vec b) {
    int n = a.size();
    long[] nulls = Bits.or(a.nulls(), b.nulls());
    double[] x = a.doubles();
    double[] y = b.doubles();
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      if (!Bits.get(nulls, i)) {
        double q = y[i];
        if (q == 0) {
          throw failure("/", a, b, i, DataType.FLOAT64);
        }
        r[i] = x[i] / q;
      }
    }
    return Vec.ofDoubles(r, nulls);
  }

  private static EvaluationException failure(String symbol, Vec a, Vec b, int i, DataType out) {
    String expr = Text.format(a, i) + " " + symbol + " " + Text.format(b, i);
    boolean byZero = (symbol.equals("/") || symbol.equals("%")) && isZero(b, i);
    return new EvaluationException(
        byZero
            ? "Division by zero: " + expr
            : "Arithmetic overflow: " + expr + " does not fit " + out);
  }

  private static boolean isZero(Vec v, int i) {
    return switch (v.type().id()) {
      case INT32 -> v.i32(i) == 0;
      case INT64 -> v.i64(i) == 0;
      case FLOAT32 -> v.f32(i) == 0;
      case FLOAT64 -> v.f64(i) == 0;
      case DECIMAL -> v.decimal(i).signum() == 0;
      case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ -> false;
    };
  }

  static Vec negate(Vec a) {
    return unary(a, false);
  }

  static Vec abs(Vec a) {
    return unary(a, true);
  }

  private static Vec unary(Vec a, boolean abs) {
    int n = a.size();
    long[] nulls = a.nulls();
    String name = abs ? "abs" : "-";
    switch (a.type().id()) {
      case INT32 -> {
        int[] x = a.ints();
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            int v = x[i];
            if (v == Integer.MIN_VALUE) {
              throw unaryOverflow(name, a, i);
            }
            r[i] = abs ? Math.abs(v) : -v;
          }
        }
        return Vec.ofInts(a.type(), r, nulls);
      }
      case INT64 -> {
        long[] x = a.longs();
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            long v = x[i];
            if (v == Long.MIN_VALUE) {
              throw unaryOverflow(name, a, i);
            }
            r[i] = abs ? Math.abs(v) : -v;
          }
        }
        return Vec.ofLongs(a.type(), r, nulls);
      }
      case FLOAT32 -> {
        float[] x = a.floats();
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
          r[i] = abs ? Math.abs(x[i]) : -x[i];
        }
        return Vec.ofFloats(r, nulls);
      }
      case FLOAT64 -> {
        double[] x = a.doubles();
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
          r[i] = abs ? Math.abs(x[i]) : -x[i];
        }
        return Vec.ofDoubles(r, nulls);
      }
      case DECIMAL -> {
        BigDecimal[] r = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            r[i] = abs ? a.decimal(i).abs() : a.decimal(i).negate();
          }
        }
        return Vec.ofDecimals(a.type(), r);
      }
      case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
          throw new IllegalStateException(name + " of " + a.type());
    }
    throw new IllegalStateException("unreachable");
  }

  private static EvaluationException unaryOverflow(String name, Vec a, int i) {
    return new EvaluationException(
        "Arithmetic overflow: " + name + "(" + Text.format(a, i) + ") does not fit " + a.type());
  }

  /**
   * {@code round(x, scale)} half away from zero; floats are rounded as the decimal they print as
   * ({@code BigDecimal.valueOf}), NaN and infinities pass through; the result has type {@code out}.
   */
  static Vec round(Vec a, int scale, DataType out) {
    int n = a.size();
    long[] nulls = a.nulls();
    int i = 0;
    try {
      switch (a.type().id()) {
        case INT32, INT64 -> {
          if (scale >= 0) {
            return a;
          }
          boolean int32 = a.type().id() == TypeId.INT32;
          if (int32) {
            int[] r = new int[n];
            for (; i < n; i++) {
              if (!Bits.get(nulls, i)) {
                r[i] =
                    BigDecimal.valueOf(a.i32(i))
                        .setScale(scale, RoundingMode.HALF_UP)
                        .intValueExact();
              }
            }
            return Vec.ofInts(out, r, nulls);
          }
          long[] r = new long[n];
          for (; i < n; i++) {
            if (!Bits.get(nulls, i)) {
              r[i] =
                  BigDecimal.valueOf(a.i64(i))
                      .setScale(scale, RoundingMode.HALF_UP)
                      .longValueExact();
            }
          }
          return Vec.ofLongs(out, r, nulls);
        }
        case FLOAT32 -> {
          float[] r = new float[n];
          for (; i < n; i++) {
            float f = a.f32(i);
            r[i] =
                Float.isNaN(f) || Float.isInfinite(f) || Bits.get(nulls, i)
                    ? f
                    : new BigDecimal(Float.toString(f))
                        .setScale(scale, RoundingMode.HALF_UP)
                        .floatValue();
          }
          return Vec.ofFloats(r, nulls);
        }
        case FLOAT64 -> {
          double[] r = new double[n];
          for (; i < n; i++) {
            double d = a.f64(i);
            r[i] =
                Double.isNaN(d) || Double.isInfinite(d) || Bits.get(nulls, i)
                    ? d
                    : BigDecimal.valueOf(d).setScale(scale, RoundingMode.HALF_UP).doubleValue();
          }
          return Vec.ofDoubles(r, nulls);
        }
        case DECIMAL -> {
          DataType.Decimal o = (DataType.Decimal) out;
          BigDecimal[] r = new BigDecimal[n];
          for (; i < n; i++) {
            if (!Bits.get(nulls, i)) {
              BigDecimal v = a.decimal(i).setScale(scale, RoundingMode.HALF_UP);
              BigDecimal fitted = Vec.fitDecimal(v, o);
              if (fitted == null) {
                throw new ArithmeticException();
              }
              r[i] = fitted;
            }
          }
          return Vec.ofDecimals(out, r);
        }
        case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
            throw new IllegalStateException("round of " + a.type());
      }
    } catch (ArithmeticException e) {
      throw new EvaluationException(
          "Arithmetic overflow: round("
              + Text.format(a, i)
              + ", "
              + scale
              + ") does not fit "
              + out);
    }
    throw new IllegalStateException("unreachable");
  }

  /** {@code floor} / {@code ceil}: floats to INT64 (out of range raises), decimals to scale 0. */
  static Vec floorOrCeil(Vec a, boolean ceil, DataType out) {
    int n = a.size();
    long[] nulls = a.nulls();
    String name = ceil ? "ceil" : "floor";
    switch (a.type().id()) {
      case INT32, INT64 -> {
        return a;
      }
      case FLOAT32, FLOAT64 -> {
        boolean f32 = a.type().id() == TypeId.FLOAT32;
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            double d = f32 ? a.f32(i) : a.f64(i);
            double t = ceil ? Math.ceil(d) : Math.floor(d);
            if (!(t >= -0x1p63 && t < 0x1p63)) {
              throw new EvaluationException(
                  name + "(" + Text.format(a, i) + ") is out of the range of int64");
            }
            r[i] = (long) t;
          }
        }
        return Vec.ofLongs(out, r, nulls);
      }
      case DECIMAL -> {
        BigDecimal[] r = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            BigDecimal v =
                a.decimal(i).setScale(0, ceil ? RoundingMode.CEILING : RoundingMode.FLOOR);
            BigDecimal fitted = Vec.fitDecimal(v, (DataType.Decimal) out);
            if (fitted == null) {
              throw new EvaluationException(
                  name + "(" + Text.format(a, i) + ") does not fit " + out);
            }
            r[i] = fitted;
          }
        }
        return Vec.ofDecimals(out, r);
      }
      case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
          throw new IllegalStateException(name + " of " + a.type());
    }
    throw new IllegalStateException("unreachable");
  }
}
