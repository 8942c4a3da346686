package io.frameshift.local;

/**
 * Null masks as plain {@code long[]} bit sets: bit {@code i} set means row {@code i} is null. A
 * {@code null} array stands for "no nulls", so columns without nulls cost nothing and kernels can
 * take a branch-free path. Public (create, get, set, setting, orAt) so the readers of {@code
 * io.frameshift.local.format} can build the masks they hand to {@link Vec}: the local engine's
 * internals, not API.
 */
public final class Bits {
  private Bits() {}

  public static long[] create(int n) {
    return new long[(n + 63) >>> 6];
  }

  public static boolean get(long[] bits, int i) {
    return bits != null && (bits[i >>> 6] & (1L << i)) != 0;
  }

  public static void set(long[] bits, int i) {
    bits[i >>> 6] |= 1L << i;
  }

  /** {@code bits} with bit {@code i} set, allocating the mask on first use. */
  public static long[] setting(long[] bits, int n, int i) {
    long[] b = bits == null ? create(n) : bits;
    set(b, i);
    return b;
  }

  /**
   * ORs {@code part}, the mask of rows starting at row {@code at} (not necessarily on a word), into
   * {@code into}, a mask of {@code total} rows allocated on first need; returns {@code into}.
   */
  public static long[] orAt(long[] into, long[] part, int at, int total) {
    if (part == null) {
      return into;
    }
    long[] out = into == null ? create(total) : into;
    int shift = at & 63;
    int base = at >>> 6;
    for (int w = 0; w < part.length; w++) {
      long bits = part[w];
      if (bits != 0) {
        out[base + w] |= bits << shift;
        if (shift != 0 && base + w + 1 < out.length) {
          out[base + w + 1] |= bits >>> (64 - shift);
        }
      }
    }
    return out;
  }

  /**
   * The union of two masks (a row is null when either input is), or null when neither has nulls.
   */
  static long[] or(long[] a, long[] b) {
    if (a == null) {
      return b == null ? null : b.clone();
    }
    long[] out = a.clone();
    if (b != null) {
      for (int w = 0; w < out.length; w++) {
        out[w] |= b[w];
      }
    }
    return out;
  }

  /** {@code bits}, or null when no bit is set. */
  static long[] normalize(long[] bits) {
    if (bits == null) {
      return null;
    }
    for (long w : bits) {
      if (w != 0) {
        return bits;
      }
    }
    return null;
  }

  static int count(long[] bits) {
    if (bits == null) {
      return 0;
    }
    int c = 0;
    for (long w : bits) {
      c += Long.bitCount(w);
    }
    return c;
  }
}
