package io.frameshift.local;

/**
 * Dense codes of a key column: per row a number in {@code [0, cardinality)}, equal exactly when the
 * keys are equal (null being one more value). Coded strings take their codes, so no string is
 * hashed or compared; integers, dates and booleans take their offset from the minimum.
 *
 * <p>Row {@code r}'s code is {@code code[r] - offset}: an integer column without nulls lends its
 * own values with its minimum as the offset, so no copy is made and no pass subtracts (in a fresh
 * JVM every pass over the rows is a loop compiled anew).
 *
 * @param code the codes plus {@code offset}, per row; may be the column's own array
 * @param offset what to subtract from {@code code[r]}
 * @param cardinality one more than the largest possible code
 * @param owned whether {@code code} is a fresh array its receiver may overwrite, else only read it
 */
record Codes(int[] code, int offset, int cardinality, boolean owned) {
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
      case INT, DATE -> ranged(v, v.ints(), v.intBounds());
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
        if (v.dictionary() == null) {
          yield numbered(v);
        }
        // a column's own dictionary bounds its codes already; the dictionary of rows gathered from
        // another column (a filter's, say) is narrowed to the codes present, read range by range
        // with their bounds found while each range is in cache
        yield knownBounds(v) ? dictionary(v) : gatheredDictionary(v);
      }
      case FLOAT, DOUBLE, WIDE_DECIMAL -> null;
    };
  }

  /**
   * Whether {@code v}'s dictionary codes, all in {@code [0, cardinality)}, are tight enough to use
   * as they are: its own rows' dictionary (values its rows hold, no more than its rows), not that
   * of a column a few of its rows were gathered from.
   */
  static boolean knownBounds(Vec v) {
    return v.ungathered() && v.dictionary().cardinality() <= Math.max(1, v.size());
  }

  /**
   * The dictionary codes of {@code v}, null rows coded past them, read into an array of ours range
   * by range on every core: no pass looks for bounds, which the dictionary's size gives.
   */
  static Codes dictionary(Vec v) {
    int n = v.size();
    int cardinality = v.dictionary().cardinality();
    long[] nulls = v.nulls();
    int[] code = new int[n];
    RowChunks chunks = RowChunks.of(n);
    chunks.run(
        ch -> {
          int from = chunks.from(ch);
          int to = chunks.to(ch);
          v.dictionaryKeys(code, from, to);
          if (nulls != null) {
            for (int i = from; i < to; i++) {
              if (Bits.get(nulls, i)) {
                code[i] = cardinality;
              }
            }
          }
        });
    return new Codes(code, 0, nulls == null ? cardinality : cardinality + 1, true);
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

  /**
   * The dictionary keys of strings gathered from another column, read into an array of ours range
   * by range on every core, each range's bounds found while it is still in cache.
   */
  private static Codes gatheredDictionary(Vec v) {
    int n = v.size();
    int[] keys = new int[n];
    long[] nulls = v.nulls();
    RowChunks chunks = RowChunks.of(n);
    IntBounds[] parts = new IntBounds[chunks.count()];
    chunks.run(
        ch -> {
          v.dictionaryKeys(keys, chunks.from(ch), chunks.to(ch));
          parts[ch] = IntBounds.of(keys, nulls, chunks.from(ch), chunks.to(ch));
        });
    return ranged(v, keys, IntBounds.span(parts));
  }

  /**
   * Codes as offsets from the smallest non-null value: {@code values} themselves when no row is
   * null, else with null rows coded past the largest value (in place when {@code values} is a fresh
   * array of ours, else in a copy: it is then a column's own).
   */
  private static Codes ranged(Vec v, int[] values, IntBounds bounds) {
    int n = values.length;
    long[] nulls = v.nulls();
    boolean owned = v.kind() == Vec.Kind.STRING;
    RowChunks chunks = RowChunks.of(n);
    int min = bounds.min();
    int max = bounds.max();
    if (min > max) {
      return withNulls(v, new int[n], 1);
    }
    long range = (long) max - min + 1;
    if (range >= MAX_RANGE) {
      return null;
    }
    if (nulls == null) {
      return new Codes(values, min, (int) range, owned);
    }
    int[] code = owned ? values : new int[n];
    chunks.run(
        ch -> {
          for (int i = chunks.from(ch), to = chunks.to(ch); i < to; i++) {
            // within the range: the difference fits an int even where the subtraction wraps
            code[i] = Bits.get(nulls, i) ? (int) range : values[i] - min;
          }
        });
    return new Codes(code, 0, (int) range + 1, true);
  }

  /** Gives null rows of the fresh {@code code} the extra code {@code cardinality}. */
  private static Codes withNulls(Vec v, int[] code, int cardinality) {
    long[] nulls = v.nulls();
    if (nulls == null) {
      return new Codes(code, 0, cardinality, true);
    }
    for (int i = 0; i < code.length; i++) {
      if (Bits.get(nulls, i)) {
        code[i] = cardinality;
      }
    }
    return new Codes(code, 0, cardinality + 1, true);
  }

  /** {@code a * b} for positive numbers, or -1 when the product exceeds 2^62. */
  static long times(long a, long b) {
    long p = a * b;
    return a != 0 && (p / a != b || p > (1L << 62)) ? -1 : p;
  }
}
