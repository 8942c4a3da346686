package io.frameshift.local;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.ints.IntComparator;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import java.util.List;

/**
 * The value order of docs/semantics.md, shared by comparisons, sorting, min/max and windows: NaN
 * above every number (and equal to itself), {@code -0.0 == 0.0}, strings by code point, false &lt;
 * true. Nulls are placed by the caller.
 */
final class Order {
  private Order() {}

  static int compareDoubles(double x, double y) {
    if (x < y) {
      return -1;
    }
    if (x > y) {
      return 1;
    }
    if (x == y) {
      return 0;
    }
    boolean xNaN = Double.isNaN(x);
    return xNaN == Double.isNaN(y) ? 0 : xNaN ? 1 : -1;
  }

  /**
   * Compares by Unicode code point, as UTF-8 bytes do: UTF-16 units order surrogates (supplementary
   * characters) below U+E000..U+FFFF, so at the first difference both units are remapped when they
   * are in the surrogate-or-above range.
   */
  static int compareStrings(String a, String b) {
    if (a == b) {
      return 0;
    }
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      int x = a.charAt(i);
      int y = b.charAt(i);
      if (x != y) {
        if (x >= 0xD800 && y >= 0xD800) {
          x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
          y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /** Outcomes a comparison accepts, as bits: less {@code 1}, equal {@code 2}, greater {@code 4}. */
  static final int LT = 1;

  static final int EQ = 2;
  static final int GT = 4;

  /**
   * Row-wise comparison of two vectors of one type, TRUE where the outcome is in {@code accept}
   * (e.g. {@code LT | EQ} for {@code <=}); null where either side is null.
   */
  static Vec compare(int accept, Vec a, Vec b) {
    int n = a.size();
    long[] nulls = Bits.or(a.nulls(), b.nulls());
    boolean[] out = new boolean[n];
    switch (a.kind()) {
      case BOOLEAN -> {
        boolean[] x = a.booleans();
        boolean[] y = b.booleans();
        for (int i = 0; i < n; i++) {
          out[i] = accepts(accept, Boolean.compare(x[i], y[i]));
        }
      }
      case INT, DATE -> {
        int[] x = a.ints();
        int[] y = b.ints();
        for (int i = 0; i < n; i++) {
          out[i] = accepts(accept, Integer.compare(x[i], y[i]));
        }
      }
      case LONG -> {
        long[] x = a.longs();
        long[] y = b.longs();
        for (int i = 0; i < n; i++) {
          out[i] = accepts(accept, Long.compare(x[i], y[i]));
        }
      }
      case FLOAT -> {
        float[] x = a.floats();
        float[] y = b.floats();
        for (int i = 0; i < n; i++) {
          out[i] = accepts(accept, compareDoubles(x[i], y[i]));
        }
      }
      case DOUBLE -> {
        double[] x = a.doubles();
        double[] y = b.doubles();
        for (int i = 0; i < n; i++) {
          out[i] = accepts(accept, compareDoubles(x[i], y[i]));
        }
      }
      case STRING -> {
        boolean equality = accept == EQ || accept == (LT | GT);
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            String p = a.str(i);
            String q = b.str(i);
            int c = equality ? (p.equals(q) ? 0 : 1) : compareStrings(p, q);
            out[i] = accepts(accept, c);
          }
        }
      }
      case WIDE_DECIMAL -> {
        for (int i = 0; i < n; i++) {
          if (!Bits.get(nulls, i)) {
            out[i] = accepts(accept, a.wide()[i].compareTo(b.wide()[i]));
          }
        }
      }
    }
    return Vec.ofBooleans(out, nulls);
  }

  private static boolean accepts(int accept, int c) {
    return (accept & (c < 0 ? LT : c > 0 ? GT : EQ)) != 0;
  }

  /** Compares two non-null rows of vectors of one type. */
  @FunctionalInterface
  interface RowCompare {
    int compare(int i, int j);
  }

  /**
   * A comparison of non-null values of {@code v}'s rows. Strings are ranked once through a
   * dictionary so sorting compares ints.
   */
  static RowCompare values(Vec v) {
    return switch (v.kind()) {
      case BOOLEAN -> {
        boolean[] c = v.booleans();
        yield (i, j) -> Boolean.compare(c[i], c[j]);
      }
      case INT, DATE -> {
        int[] c = v.ints();
        yield (i, j) -> Integer.compare(c[i], c[j]);
      }
      // compact decimals of one type share a scale, so unscaled values order like the values
      case LONG -> {
        long[] c = v.longs();
        yield (i, j) -> Long.compare(c[i], c[j]);
      }
      case FLOAT -> {
        float[] c = v.floats();
        yield (i, j) -> compareDoubles(c[i], c[j]);
      }
      case DOUBLE -> {
        double[] c = v.doubles();
        yield (i, j) -> compareDoubles(c[i], c[j]);
      }
      case STRING -> {
        int[] rank = stringRanks(v);
        yield (i, j) -> Integer.compare(rank[i], rank[j]);
      }
      case WIDE_DECIMAL -> {
        var c = v.wide();
        yield (i, j) -> c[i].compareTo(c[j]);
      }
    };
  }

  /**
   * Per row, the rank of its string among the distinct strings in code-point order. Works on the
   * codes of coded strings, so each distinct string is fetched and compared once.
   */
  static int[] stringRanks(Vec v) {
    int n = v.size();
    int[] keys = v.dictionaryKeys();
    if (keys == null) {
      return stringRanksByValue(v); // mostly distinct strings have no dictionary
    }
    CodedStrings dict = v.dictionary();
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        min = Math.min(min, keys[i]);
        max = Math.max(max, keys[i]);
      }
    }
    // dense codes for the keys in use: an array when the key range is compact, else a map
    long range = (long) max - min + 1;
    int[] codeOfKey = range > 0 && range <= 4L * n + 1024 ? new int[(int) range] : null;
    Int2IntOpenHashMap codeMap = codeOfKey == null ? new Int2IntOpenHashMap() : null;
    if (codeOfKey != null) {
      Arrays.fill(codeOfKey, -1);
    } else {
      codeMap.defaultReturnValue(-1);
    }
    int[] code = new int[n];
    String[] distinct = new String[16];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      int key = keys[i];
      int c = codeOfKey != null ? codeOfKey[key - min] : codeMap.get(key);
      if (c < 0) {
        c = k++;
        if (codeOfKey != null) {
          codeOfKey[key - min] = c;
        } else {
          codeMap.put(key, c);
        }
        if (c == distinct.length) {
          distinct = Arrays.copyOf(distinct, c * 2);
        }
        distinct[c] = dict.value(key);
      }
      code[i] = c;
    }
    return ranks(v, code, distinct, k);
  }

  /**
   * Strings without a dictionary: numbered through a hash map of the distinct values, and ranked by
   * sorting the rows instead when the first eighth of them are mostly distinct (a map of millions
   * of strings costs more than the sort).
   */
  static int[] stringRanksByValue(Vec v) {
    int n = v.size();
    int checkpoint = Math.max(1 << 16, n / 8);
    Object2IntOpenHashMap<String> codes = new Object2IntOpenHashMap<>();
    codes.defaultReturnValue(-1);
    int[] code = new int[n];
    String[] distinct = new String[16];
    for (int i = 0; i < n; i++) {
      if (i == checkpoint && codes.size() * 2 > i) {
        return stringRanksBySorting(v);
      }
      if (v.isNull(i)) {
        continue;
      }
      String s = v.str(i);
      int c = codes.putIfAbsent(s, codes.size());
      if (c < 0) {
        c = codes.size() - 1;
        if (c == distinct.length) {
          distinct = Arrays.copyOf(distinct, c * 2);
        }
        distinct[c] = s;
      }
      code[i] = c;
    }
    return ranks(v, code, distinct, codes.size());
  }

  private static int[] stringRanksBySorting(Vec v) {
    int n = v.size();
    String[] values = new String[n];
    int[] rows = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (!v.isNull(i)) {
        values[i] = v.str(i);
        rows[m++] = i;
      }
    }
    int[] sorted = Arrays.copyOf(rows, m);
    IntArrays.parallelQuickSort(sorted, (x, y) -> compareStrings(values[x], values[y]));
    int[] rank = new int[n];
    int r = -1;
    String previous = null;
    for (int row : sorted) {
      if (previous == null || !values[row].equals(previous)) {
        r++;
        previous = values[row];
      }
      rank[row] = r;
    }
    return rank;
  }

  /** Replaces each row's code (into {@code distinct[0..k)}) by the rank of its string. */
  private static int[] ranks(Vec v, int[] code, String[] distinct, int k) {
    int[] byValue = new int[k];
    for (int c = 0; c < k; c++) {
      byValue[c] = c;
    }
    IntArrays.quickSort(byValue, (x, y) -> compareStrings(distinct[x], distinct[y]));
    int[] rankOfCode = new int[k];
    for (int r = 0; r < k; r++) {
      rankOfCode[byValue[r]] = r;
    }
    for (int i = 0; i < code.length; i++) {
      code[i] = v.isNull(i) ? 0 : rankOfCode[code[i]];
    }
    return code;
  }

  /** One sort key: values, direction, and where nulls go. */
  record Key(Vec values, boolean ascending, boolean nullsFirst) {}

  /** Orders rows by {@code keys} in turn; rows equal on every key compare 0. */
  static IntComparator rows(List<Key> keys) {
    long[][] sortable = new long[keys.size()][];
    for (int i = 0; sortable != null && i < sortable.length; i++) {
      sortable[i] = sortable(keys.get(i));
      if (sortable[i] == null) {
        sortable = null;
      }
    }
    if (sortable != null) {
      long[][] s = sortable;
      if (s.length == 1) {
        long[] a0 = s[0];
        return (a, b) -> Long.compare(a0[a], a0[b]);
      }
      return (a, b) -> {
        for (long[] col : s) {
          int c = Long.compare(col[a], col[b]);
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };
    }
    return generic(keys);
  }

  /**
   * Per row a long that orders as the key does, direction and null placement included, so a sort
   * compares primitives only; null for keys without one (wide decimals, longs with nulls, whose
   * values may use every long). Non-null codes never reach {@code Long.MIN_VALUE} or {@code
   * Long.MAX_VALUE}, which place the nulls.
   */
  static long[] sortable(Key key) {
    Vec v = key.values();
    int n = v.size();
    long[] out = new long[n];
    switch (v.kind()) {
      case BOOLEAN -> {
        boolean[] c = v.booleans();
        for (int i = 0; i < n; i++) {
          out[i] = c[i] ? 1 : 0;
        }
      }
      case INT, DATE -> {
        int[] c = v.ints();
        for (int i = 0; i < n; i++) {
          out[i] = c[i];
        }
      }
      case LONG -> {
        if (v.hasNulls()) {
          return null;
        }
        long[] c = v.longs();
        for (int i = 0; i < n; i++) {
          out[i] = c[i];
        }
      }
      case FLOAT -> {
        float[] c = v.floats();
        for (int i = 0; i < n; i++) {
          out[i] = sortableBits(c[i]);
        }
      }
      case DOUBLE -> {
        double[] c = v.doubles();
        for (int i = 0; i < n; i++) {
          out[i] = sortableBits(c[i]);
        }
      }
      case STRING -> {
        int[] rank = stringRanks(v);
        for (int i = 0; i < n; i++) {
          out[i] = rank[i];
        }
      }
      case WIDE_DECIMAL -> {
        return null;
      }
    }
    long nullCode = key.nullsFirst() ? Long.MIN_VALUE : Long.MAX_VALUE;
    long[] nulls = v.nulls();
    for (int i = 0; i < n; i++) {
      if (!key.ascending()) {
        out[i] = ~out[i]; // reverses the order; MIN and MAX stay out of reach
      }
      if (nulls != null && Bits.get(nulls, i)) {
        out[i] = nullCode;
      }
    }
    return out;
  }

  /**
   * A double's bits made to order as {@link #compareDoubles} does: -0.0 as 0.0, every NaN as one
   * value above infinity. The results lie strictly between Long.MIN_VALUE and Long.MAX_VALUE.
   */
  private static long sortableBits(double d) {
    if (d == 0) {
      return 0;
    }
    long bits = Double.doubleToLongBits(d); // canonical NaN
    return bits < 0 ? bits ^ Long.MAX_VALUE : bits;
  }

  private static IntComparator generic(List<Key> keys) {
    int k = keys.size();
    RowCompare[] cmp = new RowCompare[k];
    long[][] nulls = new long[k][];
    boolean[] asc = new boolean[k];
    boolean[] nullsFirst = new boolean[k];
    for (int i = 0; i < k; i++) {
      Key key = keys.get(i);
      cmp[i] = values(key.values());
      nulls[i] = key.values().nulls();
      asc[i] = key.ascending();
      nullsFirst[i] = key.nullsFirst();
    }
    return (a, b) -> {
      for (int i = 0; i < k; i++) {
        long[] nl = nulls[i];
        if (nl != null) {
          boolean na = Bits.get(nl, a);
          boolean nb = Bits.get(nl, b);
          if (na || nb) {
            if (na && nb) {
              continue;
            }
            return na == nullsFirst[i] ? -1 : 1;
          }
        }
        int c = cmp[i].compare(a, b);
        if (c != 0) {
          return asc[i] ? c : -c;
        }
      }
      return 0;
    };
  }
}
