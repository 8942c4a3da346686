package io.frameshift.local;

/**
 * The rows of each group of a grouping, counted once when an aggregate first asks: averages and
 * counts over columns without nulls share them instead of each counting row by row while it adds
 * (three averages by one key counted every row three times).
 */
final class GroupSizes {
  /**
   * Below this many rows per group on average, ranges of rows are not worth counts of their own.
   */
  private static final int ROWS_PER_GROUP_TO_SPLIT = 16;

  private final int[] groupOf;
  private final int groups;
  private long[] sizes;

  GroupSizes(int[] groupOf, int groups) {
    this.groupOf = groupOf;
    this.groups = groups;
  }

  /**
   * The rows of each group, counted on first use; aggregates running on other cores wait for the
   * first one's count rather than count again.
   */
  synchronized long[] get() {
    if (sizes == null) {
      sizes = count();
    }
    return sizes;
  }

  private long[] count() {
    int n = groupOf.length;
    RowChunks chunks = RowChunks.of(n);
    long[] total = new long[groups];
    if (chunks.count() == 1 || (long) groups * ROWS_PER_GROUP_TO_SPLIT > n) {
      count(groupOf, total, 0, n);
      return total;
    }
    long[][] parts = new long[chunks.count()][];
    parts[0] = total;
    chunks.run(
        ch -> {
          long[] part = ch == 0 ? total : (parts[ch] = new long[groups]);
          count(groupOf, part, chunks.from(ch), chunks.to(ch));
        });
    for (int ch = 1; ch < parts.length; ch++) {
      for (int g = 0; g < groups; g++) {
        total[g] += parts[ch][g];
      }
    }
    return total;
  }

  private static void count(int[] groupOf, long[] counts, int from, int to) {
    for (int r = from; r < to; r++) {
      counts[groupOf[r]]++;
    }
  }
}
