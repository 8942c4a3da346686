package io.frameshift.types;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Text forms of values, as the STRING cast of docs/semantics.md prints them. */
public final class Values {
  private Values() {}

  /**
   * The STRING cast of a value: Java's {@code Double.toString} for floats, plain strings for
   * decimals, {@code yyyy-MM-dd HH:mm:ss[.fraction]} (trailing zeros dropped, UTC for instants) for
   * timestamps; null stays null.
   */
  public static String toText(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Instant i) {
      return toText(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }
    if (v instanceof LocalDateTime t) {
      StringBuilder sb = new StringBuilder(t.toLocalDate().toString()).append(' ');
      sb.append(two(t.getHour()))
          .append(':')
          .append(two(t.getMinute()))
          .append(':')
          .append(two(t.getSecond()));
      int nanos = t.getNano();
      if (nanos != 0) {
        String frac = String.format("%09d", nanos);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0') {
          end--;
        }
        sb.append('.').append(frac, 0, end);
      }
      return sb.toString();
    }
    return v.toString();
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }
}
