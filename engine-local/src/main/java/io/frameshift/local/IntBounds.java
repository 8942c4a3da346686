package io.frameshift.local;

/**
 * The smallest and largest non-null value of an int-backed column ({@code min > max}: it has none).
 *
 * @param min the smallest value
 * @param max the largest value
 */
record IntBounds(int min, int max) {

  /**
   * The bounds of {@code values} where {@code nulls} has no bit set, range by range on every core.
   */
  static IntBounds of(int[] values, long[] nulls) {
    RowChunks chunks = RowChunks.of(values.length);
    IntBounds[] parts = new IntBounds[chunks.count()];
    chunks.run(ch -> parts[ch] = of(values, nulls, chunks.from(ch), chunks.to(ch)));
    return span(parts);
  }

  /** The bounds spanning {@code parts}. */
  static IntBounds span(IntBounds[] parts) {
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (IntBounds p : parts) {
      min = Math.min(min, p.min());
      max = Math.max(max, p.max());
    }
    return new IntBounds(min, max);
  }

  /** The bounds of rows {@code [from, to)} of {@code values} where {@code nulls} has no bit set. */
  static IntBounds of(int[] values, long[] nulls, int from, int to) {
    long both = nulls == null ? bounds(values, from, to) : bounds(values, nulls, from, to);
    return new IntBounds((int) (both >> 32), (int) both);
  }

  // the loops are small methods of their own, the one without nulls free of any test but the
  // comparisons: a fresh JVM compiles them soon after their first rows, and quickly

  /** The bounds of rows {@code [from, to)} as {@code min << 32 | max}. */
  private static long bounds(int[] values, int from, int to) {
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int i = from; i < to; i++) {
      int x = values[i];
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return pack(lo, hi);
  }

  private static long bounds(int[] values, long[] nulls, int from, int to) {
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (int i = from; i < to; i++) {
      if (!Bits.get(nulls, i)) {
        lo = Math.min(lo, values[i]);
        hi = Math.max(hi, values[i]);
      }
    }
    return pack(lo, hi);
  }

  private static long pack(int lo, int hi) {
    return (long) lo << 32 | (hi & 0xFFFFFFFFL);
  }
}
