package io.frameshift.local;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

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
    Grouping dense = byCodes(keys, n);
    if (dense != null) {
      return dense;
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

  /** Above this many combined codes a direct table costs more than hashing the combined keys. */
  private static final int DIRECT_CODES_PER_ROW = 2;

  /**
   * Groups by the keys' dense codes ({@link Codes}): the codes of all keys combine into one number
   * per row, which indexes a table directly when the combinations are few, or goes through an
   * open-addressing table of longs otherwise. Null when a key has no dense code (floats, wide
   * decimals, strings without a dictionary, sparse integers) or the combinations overflow a long.
   */
  private static Grouping byCodes(List<Vec> keys, int n) {
    long product = 1;
    Codes[] codes = new Codes[keys.size()];
    IntStream all = IntStream.range(0, codes.length);
    (n >= LocalEngine.PARALLEL_ROWS ? all.parallel() : all)
        .forEach(k -> codes[k] = Codes.of(keys.get(k)));
    for (Codes c : codes) {
      if (c == null || (product = Codes.times(product, c.cardinality())) < 0) {
        return null;
      }
    }
    int[] groupOf = new int[n];
    int[] first = new int[Math.max(16, Math.min(n, 1 << 16))];
    int groups = 0;
    if (product <= Math.max(1 << 16, (long) DIRECT_CODES_PER_ROW * n)) {
      int[] combined = codes[0].code().clone();
      for (int k = 1; k < codes.length; k++) {
        int card = codes[k].cardinality();
        int[] c = codes[k].code();
        for (int r = 0; r < n; r++) {
          combined[r] = combined[r] * card + c[r];
        }
      }
      int[] groupOfCode = new int[(int) product];
      Arrays.fill(groupOfCode, -1);
      for (int r = 0; r < n; r++) {
        int g = groupOfCode[combined[r]];
        if (g < 0) {
          g = groupOfCode[combined[r]] = groups;
          if (groups == first.length) {
            first = Arrays.copyOf(first, groups * 2);
          }
          first[groups++] = r;
        }
        groupOf[r] = g;
      }
      return new Grouping(groupOf, groups, Arrays.copyOf(first, groups));
    }
    long[] combined = new long[n];
    for (Codes c : codes) {
      int card = c.cardinality();
      int[] code = c.code();
      for (int r = 0; r < n; r++) {
        combined[r] = combined[r] * card + code[r];
      }
    }
    // sized by the groups seen so far, not the rows: few groups keep the table in cache
    long[] slotKey = new long[1024];
    int[] slotGroup = new int[1024];
    Arrays.fill(slotGroup, -1);
    for (int r = 0; r < n; r++) {
      long key = combined[r];
      int mask = slotGroup.length - 1;
      int slot = (int) Keys.mix(key) & mask;
      while (true) {
        int g = slotGroup[slot];
        if (g < 0) {
          slotGroup[slot] = groups;
          slotKey[slot] = key;
          if (groups == first.length) {
            first = Arrays.copyOf(first, groups * 2);
          }
          first[groups] = r;
          groupOf[r] = groups++;
          if (groups * 2 > slotGroup.length) {
            long[] oldKeys = slotKey;
            int[] oldGroups = slotGroup;
            slotKey = new long[oldKeys.length * 2];
            slotGroup = new int[oldKeys.length * 2];
            Arrays.fill(slotGroup, -1);
            int m = slotGroup.length - 1;
            for (int j = 0; j < oldGroups.length; j++) {
              if (oldGroups[j] >= 0) {
                int s = (int) Keys.mix(oldKeys[j]) & m;
                while (slotGroup[s] >= 0) {
                  s = (s + 1) & m;
                }
                slotGroup[s] = oldGroups[j];
                slotKey[s] = oldKeys[j];
              }
            }
          }
          break;
        }
        if (slotKey[slot] == key) {
          groupOf[r] = g;
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
