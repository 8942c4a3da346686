package io.frameshift.local;

import java.util.Arrays;

/**
 * Strings as their distinct values and a code per row into them: the local engine's storage for
 * string columns whose values repeat. Each distinct value is one {@code String} (its hash computed
 * once), so kernels group, join and sort on the codes ({@link Codes}, {@link Order}) or on shared
 * instances; the codes take a byte per row up to 256 distinct values, two bytes up to 65,536, else
 * four.
 */
final class CodedStrings {
  private final String[] values;

  /** A {@code byte[]}, {@code short[]} or {@code int[]}, read unsigned. */
  private final Object codes;

  private final int size;

  private CodedStrings(String[] values, Object codes, int size) {
    this.values = values;
    this.codes = codes;
    this.size = size;
  }

  /** {@code codes} (each in {@code [0, values.length)}) into {@code values}, all distinct. */
  static CodedStrings of(String[] values, int[] codes) {
    int n = codes.length;
    if (values.length == 0) {
      return new CodedStrings(new String[] {""}, new byte[n], n); // every row null
    }
    if (values.length <= 1 << 8) {
      byte[] narrow = new byte[n];
      for (int i = 0; i < n; i++) {
        narrow[i] = (byte) codes[i];
      }
      return new CodedStrings(values, narrow, n);
    }
    if (values.length <= 1 << 16) {
      short[] narrow = new short[n];
      for (int i = 0; i < n; i++) {
        narrow[i] = (short) codes[i];
      }
      return new CodedStrings(values, narrow, n);
    }
    return new CodedStrings(values, codes, n);
  }

  /**
   * {@code rows} (no nulls: the caller's mask has them) coded in order of first appearance, or null
   * as soon as more than {@code maxDistinct} values differ. Equal values need not be one instance.
   */
  static CodedStrings code(String[] rows, int maxDistinct) {
    int n = rows.length;
    int[] code = new int[n];
    String[] distinct = new String[16];
    String[] slotValue = new String[64];
    int[] slotCode = new int[64];
    int k = 0;
    for (int i = 0; i < n; i++) {
      String s = rows[i];
      int mask = slotValue.length - 1;
      int slot = (int) Keys.mix(s.hashCode()) & mask;
      while (true) {
        String there = slotValue[slot];
        if (there == null) {
          if (k == maxDistinct) {
            return null;
          }
          if (k == distinct.length) {
            distinct = Arrays.copyOf(distinct, k * 2);
          }
          distinct[k] = s;
          slotValue[slot] = s;
          slotCode[slot] = k;
          code[i] = k++;
          if (k * 2 > slotValue.length) {
            String[] oldValues = slotValue;
            int[] oldCodes = slotCode;
            slotValue = new String[oldValues.length * 2];
            slotCode = new int[oldValues.length * 2];
            rehash(oldValues, oldCodes, slotValue, slotCode);
          }
          break;
        }
        if (there == s || there.equals(s)) {
          code[i] = slotCode[slot];
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return of(Arrays.copyOf(distinct, k), code);
  }

  private static void rehash(String[] fromValue, int[] fromCode, String[] toValue, int[] toCode) {
    int mask = toValue.length - 1;
    for (int j = 0; j < fromValue.length; j++) {
      String s = fromValue[j];
      if (s != null) {
        int slot = (int) Keys.mix(s.hashCode()) & mask;
        while (toValue[slot] != null) {
          slot = (slot + 1) & mask;
        }
        toValue[slot] = s;
        toCode[slot] = fromCode[j];
      }
    }
  }

  int size() {
    return size;
  }

  /** The number of distinct values: codes are below it. */
  int cardinality() {
    return values.length;
  }

  String value(int code) {
    return values[code];
  }

  int code(int row) {
    if (codes instanceof byte[] b) {
      return b[row] & 0xFF;
    }
    if (codes instanceof short[] s) {
      return s[row] & 0xFFFF;
    }
    return ((int[]) codes)[row];
  }

  String get(int row) {
    return values[code(row)];
  }

  /**
   * The codes of rows {@code rows} (every row when null; a negative row reads as row 0), a fresh
   * array.
   */
  int[] codes(int[] rows, int n) {
    int[] out = new int[n];
    codes(rows, out, 0, n);
    return out;
  }

  /**
   * {@link #codes(int[], int)} of positions {@code [from, to)} into {@code out} at the same
   * positions, in one loop per code width, for callers that split the rows over cores.
   */
  void codes(int[] rows, int[] out, int from, int to) {
    if (codes instanceof byte[] b) {
      for (int i = from; i < to; i++) {
        out[i] = b[rows == null ? i : Math.max(0, rows[i])] & 0xFF;
      }
    } else if (codes instanceof short[] s) {
      for (int i = from; i < to; i++) {
        out[i] = s[rows == null ? i : Math.max(0, rows[i])] & 0xFFFF;
      }
    } else {
      int[] c = (int[]) codes;
      for (int i = from; i < to; i++) {
        out[i] = c[rows == null ? i : Math.max(0, rows[i])];
      }
    }
  }

  /**
   * {@code out[i] = table[code of row i]} for rows {@code [from, to)}: the codes are read and
   * mapped in one pass, without a copy of them first.
   */
  void map(int[] table, int[] out, int from, int to) {
    if (codes instanceof byte[] b) {
      for (int i = from; i < to; i++) {
        out[i] = table[b[i] & 0xFF];
      }
    } else if (codes instanceof short[] s) {
      for (int i = from; i < to; i++) {
        out[i] = table[s[i] & 0xFFFF];
      }
    } else {
      int[] c = (int[]) codes;
      for (int i = from; i < to; i++) {
        out[i] = table[c[i]];
      }
    }
  }

  /** The bytes of the codes per row. */
  int codeBytes() {
    return codes instanceof byte[] ? 1 : codes instanceof short[] ? 2 : 4;
  }
}
