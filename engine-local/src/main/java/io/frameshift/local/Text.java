package io.frameshift.local;

import io.frameshift.types.DataType;
import java.math.BigDecimal;

/**
 * The text form of values, shared by {@code CAST(.. AS STRING)}, {@code CAST(string AS ..)}, and
 * CSV reading and writing, so a value written to CSV reads back as itself.
 */
final class Text {
  private Text() {}

  /**
   * Text that does not parse as the wanted type. Carries no stack trace: callers turn it into an
   * error naming the value, the type and (for files) the line.
   */
  static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BadValue INSTANCE = new BadValue();

    private BadValue() {
      super("bad value", null, false, false);
    }
  }

  /** The STRING cast of row {@code i} of {@code v} (which must not be null there). */
  static String format(Vec v, int i) {
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

  // ---- parsing: every method takes trimmed text and throws BadValue ----------------------------

  static long parseLong(String s) {
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

  static int parseInt(String s) {
    long v = parseLong(s);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw BadValue.INSTANCE;
    }
    return (int) v;
  }

  static double parseDouble(String s) {
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

  static boolean isDecimalNotation(String s) {
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
  static BigDecimal parseDecimal(String s, DataType.Decimal type) {
    BigDecimal v;
    try {
      v = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw BadValue.INSTANCE;
    }
    BigDecimal fitted = Casts.fit(v, type);
    if (fitted == null) {
      throw BadValue.INSTANCE;
    }
    return fitted;
  }
}
