package io.frameshift.local;

import java.util.Arrays;

/**
 * Dense codes of a key column: per row a number in {@code [0, cardinality)}, equal exactly when the
 * keys are equal (null being one more value). Coded strings take their codes, so no string is
 * hashed or compared; integers, dates and booleans take their offset from the minimum.
 *
 * @param code the code of each row, a fresh array its receiver may overwrite
 * @param cardinality one more than the largest possible code
 */
record Codes(int[] code, int cardinality) {
  /** Codes wider than this are left to hashing: a sparse key would waste the combined space. */
  private static final long MAX_RANGE = 1L << 30;

  /** The codes of {@code v}, or null when it has none (floats, wide decimals, sparse values). */
  static Codes of(Vec v) {
    int n = v.size();
    return switch (v.kind()) {
      case BOOLEAN -> {
        boolean[] values = v.booleans();
        int[] code = new int[n];
        for (int i = 0; i < n; i++) {
          code[i] = values[i] ? 1 : 0;
        }
        yield withNulls(v, code, 2);
      }
      case INT, DATE -> offsets(v, v.ints().clone()); // the codes, made in place
      case LONG -> {
        long[] values = v.longs();
        long[] nulls = v.nulls();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
          if (nulls == null || !Bits.get(nulls, i)) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
          }
        }
        if (min > max) {
          yield withNulls(v, new int[n], 1);
        }
        if (max - min < 0 || max - min >= MAX_RANGE) {
          yield null; // a sparse range (or one wider than a long can subtract)
        }
        int[] code = new int[n];
        for (int i = 0; i < n; i++) {
          code[i] = (int) (values[i] - min);
        }
        yield withNulls(v, code, (int) (max - min + 1));
      }
      case STRING -> {
        int[] keys = v.dictionaryKeys();
        yield keys == null ? numbered(v) : offsets(v, keys);
      }
      case FLOAT, DOUBLE, WIDE_DECIMAL -> null;
    };
  }

  /**
   * Strings held as UTF-8 (mostly distinct): numbered in order of appearance as {@link
   * CodedStrings} numbers them.
   */
  private static Codes numbered(Vec v) {
    int n = v.size();
    String[] rows = new String[n];
    for (int i = 0; i < n; i++) {
      rows[i] = v.isNull(i) ? "" : v.str(i);
    }
    CodedStrings coded = CodedStrings.code(rows, Integer.MAX_VALUE);
    return withNulls(v, coded.codes(null, n), coded.cardinality());
  }

  /** Codes as offsets from the smallest non-null value, reusing {@code values}. */
  private static Codes offsets(Vec v, int[] values) {
    int n = values.length;
    long[] nulls = v.nulls();
    RowChunks chunks = RowChunks.of(n);
    int[] lows = new int[chunks.count()];
    int[] highs = new int[chunks.count()];
    chunks.run(
        ch -> {
          int lo = Integer.MAX_VALUE;
          int hi = Integer.MIN_VALUE;
          for (int i = chunks.from(ch), to = chunks.to(ch); i < to; i++) {
            if (nulls == null || !Bits.get(nulls, i)) {
              lo = Math.min(lo, values[i]);
              hi = Math.max(hi, values[i]);
            }
          }
          lows[ch] = lo;
          highs[ch] = hi;
        });
    int min = Arrays.stream(lows).min().getAsInt();
    int max = Arrays.stream(highs).max().getAsInt();
    if (min > max) {
      return withNulls(v, new int[n], 1);
    }
    long range = (long) max - min + 1;
    if (range >= MAX_RANGE) {
      return null;
    }
    chunks.run(
        ch -> {
          for (int i = chunks.from(ch), to = chunks.to(ch); i < to; i++) {
            values[i] -= min;
          }
        });
    return withNulls(v, values, (int) range);
  }

  /** Gives null rows the extra code {@code cardinality}. */
  private static Codes withNulls(Vec v, int[] code, int cardinality) {
    long[] nulls = v.nulls();
    if (nulls == null) {
      return new Codes(code, cardinality);
    }
    for (int i = 0; i < code.length; i++) {
      if (Bits.get(nulls, i)) {
        code[i] = cardinality;
      }
    }
    return new Codes(code, cardinality + 1);
  }

  /** {@code a * b} for positive numbers, or -1 when the product exceeds 2^62. */
  static long times(long a, long b) {
    long p = a * b;
    return a != 0 && (p / a != b || p > (1L << 62)) ? -1 : p;
  }
}
