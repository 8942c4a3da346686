package io.frameshift.local;

import java.util.Arrays;
import java.util.List;

/**
 * Assigns every row a dense group id by the values of key vectors, with an open-addressing hash
 * table over precomputed row hashes (no boxing). Null keys form one group, as do NaN keys; group
 * ids follow first appearance.
 *
 * @param groupOf the group of each row
 * @param groups the number of groups
 * @param firstRow the first row of each group (-1 for the single group of an empty, key-less input)
 */
record Grouping(int[] groupOf, int groups, int[] firstRow) {

  /** Groups {@code n} rows; with no keys every row is in one group, which exists even for n = 0. */
  static Grouping of(List<Vec> keys, int n) {
    if (keys.isEmpty()) {
      return new Grouping(new int[n], 1, new int[] {n > 0 ? 0 : -1});
    }
    long[] hashes = Keys.hashes(keys, n);
    int capacity = Integer.highestOneBit(Math.max(16, n) * 2 - 1) << 1;
    int mask = capacity - 1;
    int[] table = new int[capacity];
    Arrays.fill(table, -1);
    int[] groupOf = new int[n];
    int[] first = new int[Math.max(16, n / 4)];
    int groups = 0;
    for (int row = 0; row < n; row++) {
      long h = hashes[row];
      int slot = (int) h & mask;
      while (true) {
        int g = table[slot];
        if (g < 0) {
          table[slot] = groups;
          if (groups == first.length) {
            first = Arrays.copyOf(first, groups * 2);
          }
          first[groups] = row;
          groupOf[row] = groups++;
          break;
        }
        int rep = first[g];
        if (hashes[rep] == h && Keys.rowsEqual(keys, row, keys, rep)) {
          groupOf[row] = g;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return new Grouping(groupOf, groups, Arrays.copyOf(first, groups));
  }

  /**
   * The rows ordered by group, each group's rows in input order (a counting sort), with {@code
   * start[g]..start[g + 1]} delimiting group g.
   */
  int[] rowsByGroup(int[] start) {
    int n = groupOf.length;
    for (int g : groupOf) {
      start[g + 1]++;
    }
    for (int g = 0; g < groups; g++) {
      start[g + 1] += start[g];
    }
    int[] at = Arrays.copyOf(start, groups);
    int[] rows = new int[n];
    for (int r = 0; r < n; r++) {
      rows[at[groupOf[r]]++] = r;
    }
    return rows;
  }
}
