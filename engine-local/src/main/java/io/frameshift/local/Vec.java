package io.frameshift.local;

import io.frameshift.error.ConversionException;
import io.frameshift.types.DataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import tech.tablesaw.api.StringColumn;

/**
 * One column of a {@link LocalFrame}: values plus a null mask ({@link Bits}). Null, NaN and the
 * minimum integers are three different values (Tablesaw's "missing" sentinels mean nothing here). A
 * null slot holds an arbitrary value that kernels must not compute with.
 *
 * <p>Storage per type:
 *
 * <ul>
 *   <li>BOOLEAN, INT32, INT64, FLOAT32, FLOAT64: a Java array of that primitive. Kernels loop over
 *       the array itself ({@link #ints()} ...): a value read through a column interface per row is
 *       what a cold JVM pays for most before its compiler inlines it;
 *   <li>DATE: an {@code int[]} in Tablesaw's packed year/month/day form, which orders like the
 *       date;
 *   <li>TIMESTAMP and TIMESTAMP_NTZ: a {@code long[]} of microseconds since 1970-01-01T00:00 (UTC
 *       for TIMESTAMP, wall-clock for TIMESTAMP_NTZ);
 *   <li>DECIMAL(p, s) with p &lt;= 18: a {@code long[]} of unscaled values (value = unscaled
 *       &times; 10<sup>-s</sup>), exact and primitive; with p &gt; 18: a {@code BigDecimal[]} of
 *       scale s;
 *   <li>STRING: {@link CodedStrings}, the distinct values and a code per row, or a {@link
 *       Utf8Column} for mostly distinct values.
 * </ul>
 *
 * Vectors are immutable once built, arrays included; frames share them freely.
 *
 * <p>Public are the factories from primitive arrays and null masks, the null test, the type and the
 * one-value getters, and for strings their codes and distinct values: the surface through which the
 * readers and writers of {@code io.frameshift.local.format} build and read columns. The local
 * engine's internals, not API.
 */
public final class Vec {
  /** The physical representation, one per storage class above. */
  enum Kind {
    BOOLEAN,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    STRING,
    DATE,
    WIDE_DECIMAL
  }

  /** Decimals up to this precision fit an unscaled long. */
  static final int COMPACT_DECIMAL_PRECISION = 18;

  private static final String NAME = "v";

  private final DataType type;
  private final Kind kind;
  private final Object data;

  /** The Tablesaw column built on first use ({@link #strings()}). */
  private volatile StringColumn materialized;

  /** {@link #estimatedBytes()} once computed, else -1 (a benign race: any thread computes it). */
  private volatile long estimatedBytes = -1;

  /** {@link #intBounds()} once computed (a benign race: any thread computes the same). */
  private volatile IntBounds intBounds;

  /**
   * Strings taken from {@code base} (a {@link CodedStrings} or a {@link Utf8Column}) by row ({@code
   * -1}: null), not copied: joins and sorts gather rows of string columns without building new
   * ones.
   */
  private record Gathered(Object base, int[] rows) {}

  private final long[] nulls;
  private final int size;

  private Vec(DataType type, Object data, long[] nulls, int size) {
    this.type = type;
    this.kind = kindOf(type);
    this.data = data;
    this.nulls = Bits.normalize(nulls);
    this.size = size;
  }

  static Kind kindOf(DataType t) {
    return switch (t.id()) {
      case BOOLEAN -> Kind.BOOLEAN;
      case INT32 -> Kind.INT;
      case INT64, TIMESTAMP, TIMESTAMP_NTZ -> Kind.LONG;
      case FLOAT32 -> Kind.FLOAT;
      case FLOAT64 -> Kind.DOUBLE;
      case STRING -> Kind.STRING;
      case DATE -> Kind.DATE;
      case DECIMAL ->
          ((DataType.Decimal) t).precision() <= COMPACT_DECIMAL_PRECISION
              ? Kind.LONG
              : Kind.WIDE_DECIMAL;
    };
  }

  // ---- factories (each takes ownership of the arrays it is given) ------------------------------

  public static Vec ofBooleans(boolean[] values, long[] nulls) {
    return new Vec(DataType.BOOLEAN, values, nulls, values.length);
  }

  /** INT32 values, or DATE values in the packed form. */
  public static Vec ofInts(DataType type, int[] values, long[] nulls) {
    return new Vec(type, values, nulls, values.length);
  }

  /** INT64, TIMESTAMP, TIMESTAMP_NTZ or compact DECIMAL values, as described above. */
  public static Vec ofLongs(DataType type, long[] values, long[] nulls) {
    return new Vec(type, values, nulls, values.length);
  }

  public static Vec ofFloats(float[] values, long[] nulls) {
    return new Vec(DataType.FLOAT32, values, nulls, values.length);
  }

  public static Vec ofDoubles(double[] values, long[] nulls) {
    return new Vec(DataType.FLOAT64, values, nulls, values.length);
  }

  /** Strings; a null element is a null value. */
  public static Vec ofStrings(String[] values) {
    int n = values.length;
    long[] nulls = null;
    String[] rows = values;
    String any = null; // what a null row holds: a value of the column, so it adds no code
    for (int i = 0; i < n && any == null; i++) {
      any = values[i];
    }
    for (int i = 0; i < n; i++) {
      if (values[i] == null) {
        if (nulls == null) {
          rows = values.clone();
        }
        nulls = Bits.setting(nulls, n, i);
        rows[i] = any == null ? "" : any;
      }
    }
    // Mostly distinct and more than a short code holds: a code per row would save nothing, so
    // keep the values as UTF-8 (a String per row is ~4x the bytes of the value).
    CodedStrings coded = CodedStrings.code(rows, mostlyDistinct(n));
    if (coded == null) {
      Utf8Column compact = Utf8Column.of(rows);
      if (compact != null) {
        return new Vec(DataType.STRING, compact, nulls, n);
      }
      coded = CodedStrings.code(rows, Integer.MAX_VALUE);
    }
    return new Vec(DataType.STRING, coded, nulls, n);
  }

  /**
   * Strings given as a code per row ({@code codes}, any valid code on a null row) into the distinct
   * values of {@code dictionary}: each distinct value is decoded once, or, when they are mostly
   * distinct, the rows' bytes are laid out as UTF-8 ({@link Utf8Column}). Takes {@code codes}.
   */
  public static Vec ofStrings(Utf8Dictionary dictionary, int[] codes, long[] nulls) {
    int n = codes.length;
    if (dictionary.size() > mostlyDistinct(n)) {
      Utf8Column compact = Utf8Column.of(dictionary, codes, nulls);
      if (compact != null) {
        return new Vec(DataType.STRING, compact, nulls, n);
      }
    }
    String[] values = new String[dictionary.size()];
    for (int id = 0; id < values.length; id++) {
      values[id] = dictionary.string(id);
    }
    return new Vec(DataType.STRING, CodedStrings.of(values, codes), nulls, n);
  }

  /**
   * Strings taken as UTF-8 bytes and offsets (from Arrow) without decoding them; coded on first
   * need ({@link #dictionary()}). Takes the arrays; offsets has n + 1 entries.
   */
  static Vec ofUtf8(byte[] bytes, int[] offsets, long[] nulls) {
    return new Vec(DataType.STRING, Utf8Column.wrap(bytes, offsets), nulls, offsets.length - 1);
  }

  /** Past this many distinct values of {@code n} rows, strings are held as UTF-8. */
  private static int mostlyDistinct(int n) {
    return Math.max(n / 2, SHORT_CODES);
  }

  /** The distinct values two-byte codes number. */
  private static final int SHORT_CODES = 1 << 16;

  /** Decimals already at the type's scale and within its precision; a null element is null. */
  public static Vec ofDecimals(DataType type, BigDecimal[] values) {
    int n = values.length;
    if (kindOf(type) == Kind.WIDE_DECIMAL) {
      long[] nulls = null;
      for (int i = 0; i < n; i++) {
        if (values[i] == null) {
          nulls = Bits.setting(nulls, n, i);
        }
      }
      return new Vec(type, values, nulls, n);
    }
    long[] unscaled = new long[n];
    long[] nulls = null;
    for (int i = 0; i < n; i++) {
      if (values[i] == null) {
        nulls = Bits.setting(nulls, n, i);
      } else {
        unscaled[i] = values[i].unscaledValue().longValue();
      }
    }
    return ofLongs(type, unscaled, nulls);
  }

  /** {@code v} rounded half-up to the scale of {@code t}, or null when it has too many digits. */
  static BigDecimal fitDecimal(BigDecimal v, DataType.Decimal t) {
    BigDecimal scaled = v.setScale(t.scale(), RoundingMode.HALF_UP);
    return scaled.precision() - scaled.scale() > t.precision() - t.scale() && scaled.signum() != 0
        ? null
        : scaled;
  }

  /** A column of {@code n} copies of {@code value} (null for a null constant). */
  static Vec constant(DataType type, Object value, int n) {
    Vec one = ofObjects(type, new Object[] {value}, "constant");
    int[] idx = new int[n];
    if (value == null) {
      Arrays.fill(idx, -1);
    }
    return one.take(idx); // copies one primitive n times: no boxed value per row
  }

  /**
   * Row values, each of the Java class of {@code type} or null. Values that cannot be held exactly
   * (an instant outside the microsecond range, a decimal with more digits than its type) throw
   * {@link ConversionException} naming {@code column}.
   */
  static Vec ofObjects(DataType type, Object[] values, String column) {
    int n = values.length;
    long[] nulls = null;
    for (int i = 0; i < n; i++) {
      if (values[i] == null) {
        nulls = Bits.setting(nulls, n, i);
      }
    }
    switch (type.id()) {
      case BOOLEAN -> {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
          out[i] = values[i] != null && (Boolean) values[i];
        }
        return ofBooleans(out, nulls);
      }
      case INT32 -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          out[i] = values[i] == null ? 0 : (Integer) values[i];
        }
        return ofInts(type, out, nulls);
      }
      case INT64 -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = values[i] == null ? 0 : (Long) values[i];
        }
        return ofLongs(type, out, nulls);
      }
      case FLOAT32 -> {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
          out[i] = values[i] == null ? 0 : (Float) values[i];
        }
        return ofFloats(out, nulls);
      }
      case FLOAT64 -> {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = values[i] == null ? 0 : (Double) values[i];
        }
        return ofDoubles(out, nulls);
      }
      case STRING -> {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
          out[i] = (String) values[i];
        }
        return ofStrings(out);
      }
      case DATE -> {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
          if (values[i] != null) {
            out[i] = packDate((LocalDate) values[i], column);
          }
        }
        return ofInts(type, out, nulls);
      }
      case TIMESTAMP -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          if (values[i] != null) {
            Instant v = (Instant) values[i];
            out[i] = micros(v.getEpochSecond(), v.getNano(), v, column);
          }
        }
        return ofLongs(type, out, nulls);
      }
      case TIMESTAMP_NTZ -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          if (values[i] != null) {
            LocalDateTime v = (LocalDateTime) values[i];
            long seconds =
                Temporal.epochDay(v.toLocalDate()) * 86_400L + v.toLocalTime().toSecondOfDay();
            out[i] = micros(seconds, v.getNano(), v, column);
          }
        }
        return ofLongs(type, out, nulls);
      }
      case DECIMAL -> {
        DataType.Decimal d = (DataType.Decimal) type;
        BigDecimal[] out = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
          if (values[i] != null) {
            out[i] = exactDecimal((BigDecimal) values[i], d, column);
          }
        }
        return ofDecimals(type, out);
      }
    }
    throw new IllegalStateException("unreachable: " + type);
  }

  private static int packDate(LocalDate d, String column) {
    if (d.getYear() < Short.MIN_VALUE || d.getYear() > Short.MAX_VALUE) {
      throw new ConversionException(
          "Date "
              + d
              + " of column '"
              + column
              + "' is outside the supported years "
              + Short.MIN_VALUE
              + " to "
              + Short.MAX_VALUE);
    }
    return Temporal.packDate(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
  }

  private static long micros(long seconds, int nanos, Object value, String column) {
    try {
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1000);
    } catch (ArithmeticException e) {
      throw new ConversionException(
          "Timestamp "
              + value
              + " of column '"
              + column
              + "' is outside the range of microsecond timestamps");
    }
  }

  private static BigDecimal exactDecimal(BigDecimal v, DataType.Decimal type, String column) {
    BigDecimal scaled;
    try {
      scaled = v.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new ConversionException(
          "Decimal "
              + v.toPlainString()
              + " of column '"
              + column
              + "' has more than "
              + type.scale()
              + " fraction digits, the scale of "
              + type);
    }
    if (scaled.precision() > type.precision()) {
      throw new ConversionException(
          "Decimal " + v.toPlainString() + " of column '" + column + "' does not fit " + type);
    }
    return scaled;
  }

  // ---- shape ------------------------------------------------------------------------------------

  public DataType type() {
    return type;
  }

  Kind kind() {
    return kind;
  }

  int size() {
    return size;
  }

  /** The null mask, or null when no value is null. Callers must not modify it. */
  long[] nulls() {
    return nulls;
  }

  /** Whether any value is null (for writers, which declare columns without nulls REQUIRED). */
  public boolean hasNulls() {
    return nulls != null;
  }

  public boolean isNull(int i) {
    return Bits.get(nulls, i);
  }

  /** The same values with another null mask (a superset of this one's nulls, by contract). */
  Vec withNulls(long[] newNulls) {
    return new Vec(type, data, newNulls, size);
  }

  /** The same values read as {@code to}, a type of the same {@link Kind}. */
  Vec withType(DataType to) {
    return new Vec(to, data, nulls, size);
  }

  // ---- typed storage (callers must not modify the arrays) ---------------------------------------

  boolean[] booleans() {
    return (boolean[]) data;
  }

  /** INT values, or DATE values in the packed form. */
  int[] ints() {
    return (int[]) data;
  }

  long[] longs() {
    return (long[]) data;
  }

  /**
   * The bounds of an int or date vector's non-null values, found on first need and kept: a vector
   * never changes, so grouping a cached frame by the same column again does not look for them
   * again.
   */
  IntBounds intBounds() {
    IntBounds b = intBounds;
    if (b == null) {
      intBounds = b = IntBounds.of(ints(), nulls);
    }
    return b;
  }

  float[] floats() {
    return (float[]) data;
  }

  double[] doubles() {
    return (double[]) data;
  }

  /**
   * The strings as a Tablesaw column, built on first use: for the Tablesaw boundary. Null rows hold
   * Tablesaw's missing value, the empty string.
   */
  StringColumn strings() {
    StringColumn c = materialized;
    if (c == null) {
      String[] values = new String[size];
      for (int i = 0; i < size; i++) {
        values[i] = isNull(i) ? "" : str(i);
      }
      c = materialized = StringColumn.create(NAME, values);
    }
    return c;
  }

  /** The storage {@link #baseRow} indexes: the strings' own, or the gathered base. */
  private Object stringBase() {
    return data instanceof Gathered g ? g.base() : data;
  }

  /**
   * The distinct values the storage {@link #baseRow} indexes codes into, or null when the strings
   * have none (they are held as UTF-8).
   */
  CodedStrings dictionary() {
    Object base = stringBase();
    if (base instanceof Utf8Column u) {
      // strings taken from Arrow as they were are coded now, when a kernel first needs codes; a
      // gathered vector's base has no mask of its own: its null rows are coded like any other
      return u.coded(data == base ? nulls : null, mostlyDistinct(u.size()));
    }
    return base instanceof CodedStrings c ? c : null;
  }

  /** UTF-8 storage: the strings' own, or the gathered base; null when they are coded. */
  Utf8Column utf8Base() {
    return stringBase() instanceof Utf8Column u ? u : null;
  }

  /** Whether this vector is its base's rows in order (not gathered). */
  boolean ungathered() {
    return !(data instanceof Gathered);
  }

  /**
   * Per row, the code of its string in {@link #dictionary()} (any code for a null row); null when
   * the strings have no dictionary. A fresh array.
   */
  int[] dictionaryKeys() {
    CodedStrings dict = dictionary();
    return dict == null ? null : dict.codes(data instanceof Gathered g ? g.rows() : null, size);
  }

  /**
   * {@link #dictionaryKeys()} of rows {@code [from, to)} into {@code keys} at the same rows, for
   * callers that split the rows over cores; the strings are coded.
   */
  void dictionaryKeys(int[] keys, int from, int to) {
    dictionary().codes(data instanceof Gathered g ? g.rows() : null, keys, from, to);
  }

  /**
   * For writers: the codes of rows {@code rows} (every row when null) into the strings' distinct
   * values ({@link #dictionaryValue}), any code on a null row; null when the strings are not coded.
   * A fresh array.
   */
  public int[] dictionaryCodes(int[] rows) {
    CodedStrings dict = dictionary();
    if (dict == null) {
      return null;
    }
    int n = rows == null ? size : rows.length;
    int[] base = data instanceof Gathered g ? g.rows() : null;
    int[] at = rows;
    if (base != null) {
      at = new int[n];
      for (int i = 0; i < n; i++) {
        at[i] = base[rows == null ? i : rows[i]];
      }
    }
    return dict.codes(at, n);
  }

  /** The number of distinct values {@link #dictionaryCodes} number (0 when not coded). */
  public int dictionarySize() {
    CodedStrings dict = dictionary();
    return dict == null ? 0 : dict.cardinality();
  }

  /** The distinct value of code {@code code} ({@link #dictionaryCodes}). */
  public String dictionaryValue(int code) {
    return dictionary().value(code);
  }

  /** Row {@code i}'s string as UTF-8 (callers check isNull first). */
  public byte[] utf8(int i) {
    Object base = stringBase();
    int r = baseRow(i);
    return base instanceof Utf8Column u
        ? u.utf8(r)
        : ((CodedStrings) base).get(r).getBytes(StandardCharsets.UTF_8);
  }

  /** The row of {@link #stringBase} holding row {@code i}'s string (any row when i is null). */
  int baseRow(int i) {
    if (data instanceof Gathered g) {
      int r = g.rows()[i];
      return r < 0 ? 0 : r;
    }
    return i;
  }

  BigDecimal[] wide() {
    return (BigDecimal[]) data;
  }

  // ---- one value (callers check isNull first) ---------------------------------------------------

  public boolean bool(int i) {
    return ((boolean[]) data)[i];
  }

  public int i32(int i) {
    return ((int[]) data)[i];
  }

  public long i64(int i) {
    return ((long[]) data)[i];
  }

  public float f32(int i) {
    return ((float[]) data)[i];
  }

  public double f64(int i) {
    return ((double[]) data)[i];
  }

  public String str(int i) {
    if (data instanceof Gathered g) {
      int r = g.rows()[i];
      return r < 0 ? "" : baseString(g.base(), r);
    }
    return baseString(data, i);
  }

  /** Row {@code r} of string storage: a {@link CodedStrings} or a {@link Utf8Column}. */
  private static String baseString(Object storage, int r) {
    return storage instanceof Utf8Column u ? u.get(r) : ((CodedStrings) storage).get(r);
  }

  /** A DATE value in the packed form. */
  public int date(int i) {
    return ((int[]) data)[i];
  }

  /** A DECIMAL value at the type's scale. */
  public BigDecimal decimal(int i) {
    if (kind == Kind.WIDE_DECIMAL) {
      return ((BigDecimal[]) data)[i];
    }
    return BigDecimal.valueOf(((long[]) data)[i], ((DataType.Decimal) type).scale());
  }

  /** The value as carried in a {@link io.frameshift.Row}, or null. */
  public Object get(int i) {
    if (isNull(i)) {
      return null;
    }
    return switch (type.id()) {
      case BOOLEAN -> bool(i);
      case INT32 -> i32(i);
      case INT64 -> i64(i);
      case FLOAT32 -> f32(i);
      case FLOAT64 -> f64(i);
      case STRING -> str(i);
      case DATE -> Temporal.toLocalDate(date(i));
      case TIMESTAMP -> Temporal.toInstant(i64(i));
      case TIMESTAMP_NTZ -> Temporal.toLocalDateTime(i64(i));
      case DECIMAL -> decimal(i);
    };
  }

  /**
   * Every value as {@link #get} gives it, a column at a time: a result handed over as rows is
   * mostly small, so its loops run interpreted, where a dispatch per value costs the most.
   */
  Object[] objects() {
    Object[] out = new Object[size];
    switch (type.id()) {
      case BOOLEAN -> {
        boolean[] v = booleans();
        for (int i = 0; i < size; i++) {
          out[i] = v[i];
        }
      }
      case INT32 -> {
        int[] v = ints();
        for (int i = 0; i < size; i++) {
          out[i] = v[i];
        }
      }
      case INT64 -> {
        long[] v = longs();
        for (int i = 0; i < size; i++) {
          out[i] = v[i];
        }
      }
      case FLOAT32 -> {
        float[] v = floats();
        for (int i = 0; i < size; i++) {
          out[i] = v[i];
        }
      }
      case FLOAT64 -> {
        double[] v = doubles();
        for (int i = 0; i < size; i++) {
          out[i] = v[i];
        }
      }
      case STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ, DECIMAL -> {
        for (int i = 0; i < size; i++) {
          out[i] = get(i);
        }
        return out;
      }
    }
    if (nulls != null) {
      for (int i = 0; i < size; i++) {
        if (Bits.get(nulls, i)) {
          out[i] = null;
        }
      }
    }
    return out;
  }

  // ---- row movement -----------------------------------------------------------------------------

  /** The rows at {@code idx}, in that order; an index of -1 gives a null. */
  Vec take(int[] idx) {
    int n = idx.length;
    long[] out = null;
    for (int k = 0; k < n; k++) {
      int r = idx[k];
      if (r < 0 || Bits.get(nulls, r)) {
        out = Bits.setting(out, n, k);
      }
    }
    switch (kind) {
      case BOOLEAN -> {
        boolean[] c = booleans();
        boolean[] v = new boolean[n];
        for (int k = 0; k < n; k++) {
          v[k] = idx[k] >= 0 && c[idx[k]];
        }
        return ofBooleans(v, out);
      }
      case INT, DATE -> {
        int[] c = ints();
        int[] v = new int[n];
        for (int k = 0; k < n; k++) {
          v[k] = idx[k] >= 0 ? c[idx[k]] : 0;
        }
        return ofInts(type, v, out);
      }
      case LONG -> {
        long[] c = longs();
        long[] v = new long[n];
        for (int k = 0; k < n; k++) {
          v[k] = idx[k] >= 0 ? c[idx[k]] : 0;
        }
        return ofLongs(type, v, out);
      }
      case FLOAT -> {
        float[] c = floats();
        float[] v = new float[n];
        for (int k = 0; k < n; k++) {
          v[k] = idx[k] >= 0 ? c[idx[k]] : 0;
        }
        return ofFloats(v, out);
      }
      case DOUBLE -> {
        double[] c = doubles();
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
          v[k] = idx[k] >= 0 ? c[idx[k]] : 0;
        }
        return ofDoubles(v, out);
      }
      case STRING -> {
        Object base = stringBase();
        int baseSize = base instanceof Utf8Column u ? u.size() : ((CodedStrings) base).size();
        if ((long) n * 4 < baseSize) {
          // a few rows of a large column: copy them rather than keep the column alive
          String[] v = new String[n];
          for (int k = 0; k < n; k++) {
            v[k] = idx[k] >= 0 && !Bits.get(out, k) ? str(idx[k]) : null;
          }
          return ofStrings(v);
        }
        int[] rows = new int[n];
        int[] from = data instanceof Gathered g ? g.rows() : null;
        for (int k = 0; k < n; k++) {
          int r = idx[k];
          rows[k] = r < 0 || Bits.get(out, k) ? -1 : from == null ? r : from[r];
        }
        return new Vec(type, new Gathered(base, rows), out, n);
      }
      case WIDE_DECIMAL -> {
        BigDecimal[] c = wide();
        BigDecimal[] v = new BigDecimal[n];
        for (int k = 0; k < n; k++) {
          v[k] = idx[k] >= 0 && !Bits.get(out, k) ? c[idx[k]] : null;
        }
        return new Vec(type, v, out, n);
      }
    }
    throw new IllegalStateException("unreachable: " + kind);
  }

  /** The first {@code n} rows. */
  Vec head(int n) {
    if (n >= size) {
      return this;
    }
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    return take(idx);
  }

  /** An array for {@code n} values of {@code kind}: the type a factory of that kind takes. */
  static Object newArray(Kind kind, int n) {
    return switch (kind) {
      case BOOLEAN -> new boolean[n];
      case INT, DATE -> new int[n];
      case LONG -> new long[n];
      case FLOAT -> new float[n];
      case DOUBLE -> new double[n];
      case STRING -> new String[n];
      case WIDE_DECIMAL -> new BigDecimal[n];
    };
  }

  /** All rows of {@code parts}, in order; every part has {@code type}. */
  static Vec concat(DataType type, List<Vec> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    int n = 0;
    for (Vec p : parts) {
      n += p.size;
    }
    int at = 0;
    if (kindOf(type) == Kind.STRING) {
      Vec coded = concatCoded(parts, n);
      if (coded != null) {
        return coded;
      }
      // a null element is a null value: ofStrings derives the mask
      String[] v = new String[n];
      for (Vec p : parts) {
        for (int i = 0; i < p.size; i++) {
          v[at++] = p.isNull(i) ? null : p.str(i);
        }
      }
      return ofStrings(v);
    }
    // every other kind is an array of its values: the parts' arrays (and masks) laid end to end
    Object values = newArray(kindOf(type), n);
    long[] nulls = null;
    for (Vec p : parts) {
      System.arraycopy(p.data, 0, values, at, p.size);
      nulls = Bits.orAt(nulls, p.nulls, at, n);
      at += p.size;
    }
    return new Vec(type, values, nulls, n);
  }

  /**
   * Coded string parts laid end to end without a string per row: their distinct values are coded
   * once together, and each part's codes renumbered through a table. Null when a part has no codes.
   */
  private static Vec concatCoded(List<Vec> parts, int n) {
    int distinct = 0;
    for (Vec p : parts) {
      if (p.dictionary() == null) {
        return null;
      }
      distinct += p.dictionary().cardinality();
    }
    String[] values = new String[distinct];
    int at = 0;
    for (Vec p : parts) {
      CodedStrings d = p.dictionary();
      for (int c = 0; c < d.cardinality(); c++) {
        values[at++] = d.value(c);
      }
    }
    CodedStrings merged = CodedStrings.code(values, Integer.MAX_VALUE);
    int[] renumbered = merged.codes(null, distinct);
    String[] mergedValues = new String[merged.cardinality()];
    for (int i = 0; i < distinct; i++) {
      mergedValues[renumbered[i]] = values[i];
    }
    int[] codes = new int[n];
    long[] nulls = null;
    int row = 0;
    int first = 0;
    for (Vec p : parts) {
      int[] keys = p.dictionaryKeys();
      for (int i = 0; i < p.size; i++) {
        codes[row + i] = renumbered[first + keys[i]];
      }
      nulls = Bits.orAt(nulls, p.nulls, row, n);
      row += p.size;
      first += p.dictionary().cardinality();
    }
    return new Vec(DataType.STRING, CodedStrings.of(mergedValues, codes), nulls, n);
  }

  /** An estimate of the bytes this vector occupies. */
  long estimatedBytes() {
    // the selector asks for every input and output of every node; strings are sampled, so keep it
    long b = estimatedBytes;
    if (b < 0) {
      b = estimatedBytes = computeEstimatedBytes();
    }
    return b;
  }

  private long computeEstimatedBytes() {
    long values =
        switch (kind) {
          case BOOLEAN -> size;
          case INT, FLOAT, DATE -> 4L * size;
          case LONG, DOUBLE -> 8L * size;
          case STRING -> stringBytes();
          case WIDE_DECIMAL -> 48L * size;
        };
    return values + (nulls == null ? 0 : nulls.length * 8L);
  }

  /**
   * Coded strings cost a code per row (an index per row when gathered) plus each distinct string
   * once; UTF-8 strings their bytes and an offset (shared with the base when gathered: then an
   * index per row).
   */
  private long stringBytes() {
    // never codes a UTF-8 column: the selector asks before any kernel has needed codes
    Object base = stringBase();
    CodedStrings dict = base instanceof CodedStrings c ? c : null;
    if (dict != null) {
      long perRow = data instanceof Gathered ? 4 : dict.codeBytes();
      return perRow * size + (long) dict.cardinality() * averageStringBytes();
    }
    if (data instanceof Utf8Column u) {
      return u.heapBytes();
    }
    Utf8Column u = (Utf8Column) base;
    return 4L * size + (long) ((double) u.heapBytes() / Math.max(1, u.size()) * size);
  }

  /** Samples up to 100 rows: distinct strings are shared through the codes, so it is rough. */
  private long averageStringBytes() {
    if (size == 0) {
      return 0;
    }
    int step = Math.max(1, size / 100);
    long total = 0;
    int seen = 0;
    for (int i = 0; i < size; i += step) {
      total += 40 + 2L * str(i).length();
      seen++;
    }
    return total / seen;
  }
}
