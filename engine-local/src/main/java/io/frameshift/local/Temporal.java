package io.frameshift.local;

import io.frameshift.error.ConversionException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Calendar arithmetic on the local engine's temporal storage, without allocating per value: DATE in
 * Tablesaw's packed form ({@code year << 16 | month << 8 | day}, which orders like the date) and
 * timestamps as microseconds since 1970-01-01T00:00. Also their text forms (the STRING cast and the
 * accepted input). Public only for the readers and writers of {@code io.frameshift.local.format},
 * which read text as the casts do and convert epoch days: the local engine's internals, not API.
 */
public final class Temporal {
  static final long MICROS_PER_SECOND = 1_000_000L;
  static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private Temporal() {}

  // ---- packed dates -----------------------------------------------------------------------------

  static int packDate(int year, int month, int day) {
    return (year << 16) | (month << 8) | day;
  }

  static int year(int packed) {
    return packed >> 16;
  }

  static int month(int packed) {
    return (packed >> 8) & 0xFF;
  }

  static int day(int packed) {
    return packed & 0xFF;
  }

  static LocalDate toLocalDate(int packed) {
    return LocalDate.of(year(packed), month(packed), day(packed));
  }

  static long epochDay(LocalDate d) {
    return d.toEpochDay();
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  public static long epochDayOfPacked(int packed) {
    return epochDay(year(packed), month(packed), day(packed));
  }

  /**
   * The civil date of an epoch day as {@code year << 16 | month << 8 | day} in a long, so years
   * beyond a short still come out right (H. Hinnant's civil_from_days).
   */
  static long civil(long epochDay) {
    long z = epochDay + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) {
      y++;
    }
    return (y << 16) | (m << 8) | d;
  }

  static long civilYear(long civil) {
    return civil >> 16;
  }

  /**
   * The packed DATE of an epoch day; throws {@link ArithmeticException} outside the years a
   * DateColumn holds (a short).
   */
  static int packedOfEpochDay(long epochDay) {
    long c = civil(epochDay);
    long y = civilYear(c);
    if (y < Short.MIN_VALUE || y > Short.MAX_VALUE) {
      throw new ArithmeticException("year " + y + " out of range");
    }
    return (int) c;
  }

  /**
   * The packed DATE of an epoch day read from a file; a day outside the years a DateColumn holds is
   * a {@link ConversionException} naming {@code column}.
   */
  public static int packedDate(long epochDay, String column) {
    try {
      return packedOfEpochDay(epochDay);
    } catch (ArithmeticException e) {
      throw new ConversionException(
          "Date "
              + LocalDate.ofEpochDay(epochDay)
              + " of column '"
              + column
              + "' is outside the years the local engine holds, "
              + Short.MIN_VALUE
              + " to "
              + Short.MAX_VALUE);
    }
  }

  // ---- timestamps -------------------------------------------------------------------------------

  static long epochDayOfMicros(long micros) {
    return Math.floorDiv(micros, MICROS_PER_DAY);
  }

  static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
  }

  static LocalDateTime toLocalDateTime(long micros) {
    return LocalDateTime.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND),
        (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000,
        ZoneOffset.UTC);
  }

  // ---- text -------------------------------------------------------------------------------------

  static String formatDate(int packed) {
    StringBuilder sb = new StringBuilder(10);
    appendDate(sb, year(packed), month(packed), day(packed));
    return sb.toString();
  }

  /** {@code yyyy-MM-dd HH:mm:ss} plus {@code .fraction} without trailing zeros when non-zero. */
  static String formatTimestamp(long micros) {
    long c = civil(epochDayOfMicros(micros));
    long ofDay = Math.floorMod(micros, MICROS_PER_DAY);
    StringBuilder sb = new StringBuilder(26);
    appendDate(sb, civilYear(c), (int) ((c >> 8) & 0xFF), (int) (c & 0xFF));
    long seconds = ofDay / MICROS_PER_SECOND;
    sb.append(' ');
    pad2(sb, (int) (seconds / 3600));
    sb.append(':');
    pad2(sb, (int) (seconds / 60 % 60));
    sb.append(':');
    pad2(sb, (int) (seconds % 60));
    int fraction = (int) (ofDay % MICROS_PER_SECOND);
    if (fraction != 0) {
      String digits = Integer.toString(fraction + 1_000_000).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(digits, 0, end);
    }
    return sb.toString();
  }

  /** As {@link LocalDate#toString()}: four digits at least, a sign beyond 9999 and below 0. */
  private static void appendDate(StringBuilder sb, long year, int month, int day) {
    if (year < 0) {
      sb.append('-');
    } else if (year > 9999) {
      sb.append('+');
    }
    String y = Long.toString(Math.abs(year));
    for (int i = y.length(); i < 4; i++) {
      sb.append('0');
    }
    sb.append(y).append('-');
    pad2(sb, month);
    sb.append('-');
    pad2(sb, day);
  }

  private static void pad2(StringBuilder sb, int v) {
    if (v < 10) {
      sb.append('0');
    }
    sb.append(v);
  }

  /**
   * Parses {@code yyyy-M[M]-d[d]} (already trimmed; the year may be signed, as LocalDate prints
   * years beyond 9999 or before 0) to a packed date; throws {@link Text.BadValue} when it does not
   * parse or names no real day.
   */
  public static int parseDate(String s) {
    Cursor c = new Cursor(s);
    int year = c.year();
    if (year < Short.MIN_VALUE || year > Short.MAX_VALUE) {
      throw Text.BadValue.INSTANCE; // beyond the years a DateColumn holds
    }
    int monthDay = c.monthDay(year);
    if (!c.atEnd()) {
      throw Text.BadValue.INSTANCE;
    }
    return packDate(year, monthDay >> 8, monthDay & 0xFF);
  }

  /**
   * Parses {@code yyyy-MM-dd[( |T)HH:mm[:ss[.fraction]]]}, plus for {@code zoned} an optional zone
   * ({@code Z}, {@code UTC}, {@code +01:00}, {@code +0100}, {@code +01}) with UTC when absent, to
   * microseconds; a fraction beyond microseconds is truncated. Throws {@link Text.BadValue}.
   */
  public static long parseTimestamp(String s, boolean zoned) {
    Cursor c = new Cursor(s);
    int year = c.year();
    int monthDay = c.monthDay(year);
    long micros = epochDay(year, monthDay >> 8, monthDay & 0xFF) * MICROS_PER_DAY;
    if (c.pos + 1 < s.length()
        && (c.peek() == ' ' || c.peek() == 'T')
        && Character.isDigit(s.charAt(c.pos + 1))) {
      c.pos++;
      micros += c.time();
    }
    if (zoned && !c.atEnd()) {
      micros -= c.zone() * MICROS_PER_SECOND;
    }
    if (!c.atEnd()) {
      throw Text.BadValue.INSTANCE;
    }
    return micros;
  }

  /** A tiny hand parser: text-to-time is on the CSV load path, so no regex and no exceptions. */
  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return s.charAt(pos);
    }

    void expect(char ch) {
      if (atEnd() || s.charAt(pos) != ch) {
        throw Text.BadValue.INSTANCE;
      }
      pos++;
    }

    /** Between {@code min} and {@code max} ASCII digits. */
    int digits(int min, int max) {
      int v = 0;
      int n = 0;
      while (n < max && pos < s.length()) {
        char ch = s.charAt(pos);
        if (ch < '0' || ch > '9') {
          break;
        }
        v = v * 10 + (ch - '0');
        pos++;
        n++;
      }
      if (n < min) {
        throw Text.BadValue.INSTANCE;
      }
      return v;
    }

    /** An optionally signed year of four or five digits (as LocalDate prints them). */
    int year() {
      boolean negative = !atEnd() && peek() == '-';
      if (!atEnd() && (peek() == '-' || peek() == '+')) {
        pos++;
      }
      int year = digits(4, 5);
      return negative ? -year : year;
    }

    /** {@code -M[M]-d[d]} after the year, checked to be a real day: {@code month << 8 | day}. */
    int monthDay(int year) {
      expect('-');
      int month = digits(1, 2);
      expect('-');
      int day = digits(1, 2);
      if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        throw Text.BadValue.INSTANCE;
      }
      return (month << 8) | day;
    }

    long time() {
      int hour = digits(1, 2);
      expect(':');
      int minute = digits(1, 2);
      int second = 0;
      long fraction = 0;
      if (!atEnd() && peek() == ':') {
        pos++;
        second = digits(1, 2);
        if (!atEnd() && peek() == '.') {
          pos++;
          int start = pos;
          int f = digits(1, 9);
          int n = pos - start;
          fraction = f;
          for (int i = n; i < 6; i++) {
            fraction *= 10;
          }
          for (int i = 6; i < n; i++) {
            fraction /= 10;
          }
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        throw Text.BadValue.INSTANCE;
      }
      return ((hour * 60L + minute) * 60 + second) * MICROS_PER_SECOND + fraction;
    }

    /** A zone after optional spaces, as seconds east of UTC. */
    long zone() {
      while (!atEnd() && peek() == ' ') {
        pos++;
      }
      if (atEnd()) {
        throw Text.BadValue.INSTANCE;
      }
      String rest = s.substring(pos);
      if (rest.equals("Z") || rest.equals("z") || rest.equals("UTC") || rest.equals("GMT")) {
        pos = s.length();
        return 0;
      }
      char sign = peek();
      if (sign != '+' && sign != '-') {
        throw Text.BadValue.INSTANCE;
      }
      pos++;
      int hours = digits(2, 2);
      int minutes = 0;
      if (!atEnd()) {
        if (peek() == ':') {
          pos++;
        }
        minutes = digits(2, 2);
      }
      if (hours > 18 || minutes > 59) {
        throw Text.BadValue.INSTANCE;
      }
      long seconds = hours * 3600L + minutes * 60L;
      return sign == '-' ? -seconds : seconds;
    }
  }

  static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
