package io.frameshift.local;

import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import java.math.BigDecimal;

/**
 * The text form of values, shared by {@code CAST(.. AS STRING)}, {@code CAST(string AS ..)}, and
 * CSV reading and writing, so a value written to CSV reads back as itself. Public only for the
 * readers and writers of {@code io.frameshift.local.format}: the local engine's internals, not API.
 */
public final class Text {
  private Text() {}

  /**
   * Text that does not parse as the wanted type. Carries no stack trace: callers turn it into an
   * error naming the value, the type and (for files) the line.
   */
  public static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BadValue INSTANCE = new BadValue();

    private BadValue() {
      super("bad value", null, false, false);
    }
  }

  /** The STRING cast of row {@code i} of {@code v} (which must not be null there). */
  public static String format(Vec v, int i) {
    return switch (v.type().id()) {
      case BOOLEAN -> v.bool(i) ? "true" : "false";
      case INT32 -> Integer.toString(v.i32(i));
      case INT64 -> Long.toString(v.i64(i));
      case FLOAT32 -> Float.toString(v.f32(i));
      case FLOAT64 -> Double.toString(v.f64(i));
      case STRING -> v.str(i);
      case DATE -> Temporal.formatDate(v.date(i));
      case TIMESTAMP, TIMESTAMP_NTZ -> Temporal.formatTimestamp(v.i64(i));
      case DECIMAL -> v.decimal(i).toPlainString();
    };
  }

  // ---- columns from text -----------------------------------------------------------------------

  /** Builds the error for text that does not parse, given the row and the text. */
  @FunctionalInterface
  public interface OnBadText {
    RuntimeException error(int row, String text);
  }

  /**
   * Parses texts (null for null) as {@code to}, ignoring leading and trailing whitespace; text that
   * does not parse raises what {@code onBad} builds.
   */
  public static Vec parse(String[] texts, DataType to, OnBadText onBad) {
    int n = texts.length;
    long[] nulls = null;
    for (int i = 0; i < n; i++) {
      if (texts[i] == null) {
        nulls = Bits.setting(nulls, n, i);
      }
    }
    int i = 0;
    try {
      switch (to.id()) {
        case STRING -> {
          return Vec.ofStrings(texts.clone());
        }
        case BOOLEAN -> {
          boolean[] out = new boolean[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = parseBoolean(texts[i].trim());
            }
          }
          return Vec.ofBooleans(out, nulls);
        }
        case INT32 -> {
          int[] out = new int[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = parseInt(texts[i].trim());
            }
          }
          return Vec.ofInts(to, out, nulls);
        }
        case INT64 -> {
          long[] out = new long[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = parseLong(texts[i].trim());
            }
          }
          return Vec.ofLongs(to, out, nulls);
        }
        case FLOAT32 -> {
          float[] out = new float[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = parseFloat(texts[i].trim());
            }
          }
          return Vec.ofFloats(out, nulls);
        }
        case FLOAT64 -> {
          double[] out = new double[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = parseDouble(texts[i].trim());
            }
          }
          return Vec.ofDoubles(out, nulls);
        }
        case DATE -> {
          int[] out = new int[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = Temporal.parseDate(texts[i].trim());
            }
          }
          return Vec.ofInts(to, out, nulls);
        }
        case TIMESTAMP, TIMESTAMP_NTZ -> {
          boolean zoned = to.id() == TypeId.TIMESTAMP;
          long[] out = new long[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = Temporal.parseTimestamp(texts[i].trim(), zoned);
            }
          }
          return Vec.ofLongs(to, out, nulls);
        }
        case DECIMAL -> {
          DataType.Decimal d = (DataType.Decimal) to;
          BigDecimal[] out = new BigDecimal[n];
          for (; i < n; i++) {
            if (texts[i] != null) {
              out[i] = parseDecimal(texts[i].trim(), d);
            }
          }
          return Vec.ofDecimals(to, out);
        }
      }
    } catch (BadValue e) {
      throw onBad.error(i, texts[i]);
    }
    throw new IllegalStateException("unreachable: " + to);
  }

  // ---- parsing: every method takes trimmed text and throws BadValue ----------------------------

  public static long parseLong(String s) {
    int n = s.length();
    int i = 0;
    boolean negative = false;
    if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      negative = s.charAt(0) == '-';
      i = 1;
    }
    if (i == n) {
      throw BadValue.INSTANCE;
    }
    // Accumulate negatively so Long.MIN_VALUE parses without overflow.
    long v = 0;
    for (; i < n; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        throw BadValue.INSTANCE;
      }
      if (v < Long.MIN_VALUE / 10) {
        throw BadValue.INSTANCE;
      }
      v *= 10;
      int d = ch - '0';
      if (v < Long.MIN_VALUE + d) {
        throw BadValue.INSTANCE;
      }
      v -= d;
    }
    if (!negative) {
      if (v == Long.MIN_VALUE) {
        throw BadValue.INSTANCE;
      }
      v = -v;
    }
    return v;
  }

  public static int parseInt(String s) {
    long v = parseLong(s);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw BadValue.INSTANCE;
    }
    return (int) v;
  }

  public static double parseDouble(String s) {
    Double special = special(s);
    if (special != null) {
      return special;
    }
    checkDecimalNotation(s);
    return Double.parseDouble(s);
  }

  static float parseFloat(String s) {
    Double special = special(s);
    if (special != null) {
      return special.floatValue();
    }
    checkDecimalNotation(s);
    return Float.parseFloat(s);
  }

  private static Double special(String s) {
    if (s.equalsIgnoreCase("NaN")) {
      return Double.NaN;
    }
    if (s.equalsIgnoreCase("Infinity") || s.equalsIgnoreCase("+Infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (s.equalsIgnoreCase("-Infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    return null;
  }

  /**
   * {@code [+-]digits[.digits][(e|E)[+-]digits]}, at least one digit before the exponent: Java's
   * parser alone would also take hex floats and {@code d}/{@code f} suffixes.
   */
  static void checkDecimalNotation(String s) {
    if (!isDecimalNotation(s)) {
      throw BadValue.INSTANCE;
    }
  }

  public static boolean isDecimalNotation(String s) {
    int n = s.length();
    int i = 0;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }

  static boolean parseBoolean(String s) {
    return switch (s.length()) {
      case 1 -> {
        char ch = Character.toLowerCase(s.charAt(0));
        if (ch == 't' || ch == 'y' || ch == '1') {
          yield true;
        }
        if (ch == 'f' || ch == 'n' || ch == '0') {
          yield false;
        }
        throw BadValue.INSTANCE;
      }
      default -> {
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes")) {
          yield true;
        }
        if (s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no")) {
          yield false;
        }
        throw BadValue.INSTANCE;
      }
    };
  }

  /** A plain or scientific number, rounded half-up to the type's scale; must fit its precision. */
  public static BigDecimal parseDecimal(String s, DataType.Decimal type) {
    BigDecimal v;
    try {
      v = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw BadValue.INSTANCE;
    }
    BigDecimal fitted = Vec.fitDecimal(v, type);
    if (fitted == null) {
      throw BadValue.INSTANCE;
    }
    return fitted;
  }
}
