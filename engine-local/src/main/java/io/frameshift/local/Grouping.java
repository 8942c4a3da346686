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
    Vec only = keys.size() == 1 ? keys.get(0) : null;
    if (only != null
        && only.kind() == Vec.Kind.STRING
        && only.dictionary() != null
        && only.dictionary().cardinality() < PARALLEL_DIRECT_CODES
        && Codes.knownBounds(only)) {
      // one coded string key with few values: once the first rows have shown every value, the
      // others' dictionary keys are read and looked up in one pass, without a copy of them first,
      // and need no bounds (the dictionary's size gives them). With many values the rows are
      // numbered one at a time, which reads the keys faster from an array of their own.
      CodedStrings dictionary = only.dictionary();
      long[] nulls = only.nulls();
      int cardinality = dictionary.cardinality();
      return direct(
          new DictionaryKeys(dictionary, nulls, cardinality),
          n,
          new int[n],
          nulls == null ? cardinality : cardinality + 1,
          RowChunks.of(n));
    }
    long product = 1;
    Codes[] codes = new Codes[keys.size()];
    Parallelism.forEach(codes.length, n, k -> codes[k] = Codes.of(keys.get(k)));
    for (Codes c : codes) {
      if (c == null || (product = Codes.times(product, c.cardinality())) < 0) {
        return null;
      }
    }
    if (product <= Math.max(1 << 16, (long) DIRECT_CODES_PER_ROW * n)) {
      RowChunks chunks = RowChunks.of(n);
      if (codes.length == 1) {
        // one key: its codes are read where they are; the group ids replace them if they are ours
        Codes c = codes[0];
        return direct(
            c.code(), c.offset(), c.owned() ? c.code() : new int[n], (int) product, chunks);
      }
      int[] combined = new int[n];
      chunks.run(
          ch -> {
            int from = chunks.from(ch);
            int to = chunks.to(ch);
            int[] first = codes[0].code();
            int firstOffset = codes[0].offset();
            for (int r = from; r < to; r++) {
              combined[r] = first[r] - firstOffset;
            }
            for (int k = 1; k < codes.length; k++) {
              int card = codes[k].cardinality();
              int[] c = codes[k].code();
              int offset = codes[k].offset();
              for (int r = from; r < to; r++) {
                combined[r] = combined[r] * card + (c[r] - offset);
              }
            }
          });
      return direct(combined, 0, combined, (int) product, chunks);
    }
    int[] first = new int[Math.max(16, Math.min(n, 1 << 16))];
    int groups = 0;
    long[] combined = new long[n];
    for (Codes c : codes) {
      int card = c.cardinality();
      int[] code = c.code();
      int offset = c.offset();
      for (int r = 0; r < n; r++) {
        combined[r] = combined[r] * card + (code[r] - offset);
      }
    }
    // the first key's codes, read into combined already, take the group ids if they are ours
    int[] groupOf = codes[0].owned() ? codes[0].code() : new int[n];
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

  /** Up to this many codes each range of rows numbers its own codes in a cache-sized table. */
  private static final int PARALLEL_DIRECT_CODES = 1 << 16;

  /**
   * Groups rows by their codes {@code code[r] - offset}, all below {@code product}, writing the
   * group of each row to {@code out} (which may be {@code code}). The first rows are numbered
   * alone, in order, until every code has appeared: the group of each code is then known, and the
   * other rows only look theirs up, in parallel. Few codes all appear within the first rows, so a
   * second pass over the rows is spared. When codes are missing after a share of the rows (sparse
   * or late keys), the other rows are split into ranges that number their codes in parallel; the
   * ranges' groups are then merged in row order, which keeps group ids in order of first appearance
   * overall, and the rows of later ranges renumbered.
   */
  static Grouping direct(int[] code, int offset, int[] out, int product, RowChunks chunks) {
    return direct(new Array(code, offset), code.length, out, product, chunks);
  }

  /** {@link #direct(int[], int, int[], int, RowChunks)} over codes read as {@code codes} reads. */
  private static Grouping direct(RowCodes codes, int n, int[] out, int product, RowChunks chunks) {
    boolean parallel = chunks.count() > 1 && product <= PARALLEL_DIRECT_CODES;
    // alone up to half of the first range: past that, what has not appeared is numbered in parallel
    int limit = parallel ? chunks.to(0) / 2 : n;
    int[] groupOfCode = new int[product];
    Arrays.fill(groupOfCode, -1);
    int[] first = new int[Math.max(16, Math.min(n, Math.min(product, 1 << 16)))];
    int groups = 0;
    int end = 0;
    while (end < limit && groups < product) {
      int c = codes.at(end);
      int g = groupOfCode[c];
      if (g < 0) {
        g = groupOfCode[c] = groups;
        if (groups == first.length) {
          first = Arrays.copyOf(first, groups * 2);
        }
        first[groups++] = end;
      }
      out[end++] = g;
    }
    int from = end;
    RowChunks rest = new RowChunks(n - from, chunks.count());
    if (groups == product) {
      rest.run(ch -> codes.map(groupOfCode, out, from + rest.from(ch), from + rest.to(ch)));
      return new Grouping(out, groups, Arrays.copyOf(first, groups));
    }
    if (from == n) {
      return new Grouping(out, groups, Arrays.copyOf(first, groups));
    }
    Array array = codes.array();
    int[] code = array.code();
    int offset = array.offset();
    Numbered[] parts = new Numbered[rest.count()];
    rest.run(
        ch ->
            parts[ch] =
                number(code, offset, out, from + rest.from(ch), from + rest.to(ch), product));
    first =
        Arrays.copyOf(
            first, groups + Arrays.stream(parts).mapToInt(p -> p.firstRow().length).sum());
    int[][] renumber = new int[parts.length][];
    for (int ch = 0; ch < parts.length; ch++) {
      Numbered part = parts[ch];
      int[] global = new int[part.firstRow().length];
      boolean same = true;
      for (int local = 0; local < global.length; local++) {
        int c = part.firstCode()[local];
        if (groupOfCode[c] < 0) {
          groupOfCode[c] = groups;
          first[groups++] = part.firstRow()[local];
        }
        global[local] = groupOfCode[c];
        same &= global[local] == local;
      }
      renumber[ch] = same ? null : global;
    }
    rest.run(
        ch -> {
          int[] global = renumber[ch];
          if (global != null) {
            for (int r = from + rest.from(ch), to = from + rest.to(ch); r < to; r++) {
              out[r] = global[out[r]];
            }
          }
        });
    return new Grouping(out, groups, Arrays.copyOf(first, groups));
  }

  /**
   * How {@link #direct} reads the rows' codes: one row at a time while the first rows are numbered,
   * then mapped through the table of each code's group range by range.
   */
  private sealed interface RowCodes permits Array, DictionaryKeys {
    /** The code of {@code row}. */
    int at(int row);

    /** {@code out[r] = groupOfCode[code of r]} for rows {@code [from, to)}. */
    void map(int[] groupOfCode, int[] out, int from, int to);

    /** The codes in an array, for numbering ranges of rows on their own. */
    Array array();
  }

  /** Codes {@code code[r] - offset}. */
  private record Array(int[] code, int offset) implements RowCodes {
    @Override
    public int at(int row) {
      return code[row] - offset;
    }

    @Override
    public void map(int[] groupOfCode, int[] out, int from, int to) {
      for (int r = from; r < to; r++) {
        out[r] = groupOfCode[code[r] - offset];
      }
    }

    @Override
    public Array array() {
      return this;
    }
  }

  /**
   * The keys of an (ungathered) coded string column into its dictionary, its null rows coded {@code
   * nullCode}.
   */
  private record DictionaryKeys(CodedStrings dictionary, long[] nulls, int nullCode)
      implements RowCodes {
    @Override
    public int at(int row) {
      return Bits.get(nulls, row) ? nullCode : dictionary.code(row);
    }

    @Override
    public void map(int[] groupOfCode, int[] out, int from, int to) {
      dictionary.map(groupOfCode, out, from, to);
      if (nulls != null) {
        int nullGroup = groupOfCode[nullCode];
        for (int r = from; r < to; r++) {
          if (Bits.get(nulls, r)) {
            out[r] = nullGroup;
          }
        }
      }
    }

    @Override
    public Array array() {
      int[] code = dictionary.codes(null, dictionary.size());
      if (nulls != null) {
        for (int r = 0; r < code.length; r++) {
          if (Bits.get(nulls, r)) {
            code[r] = nullCode;
          }
        }
      }
      return new Array(code, 0);
    }
  }

  /** The groups of one range of rows: the first row and the code of each. */
  private record Numbered(int[] firstRow, int[] firstCode) {}

  /**
   * Writes to {@code out} the group of rows {@code [from, to)} numbered by first appearance in the
   * range.
   */
  private static Numbered number(int[] code, int offset, int[] out, int from, int to, int product) {
    int[] groupOfCode = new int[product];
    Arrays.fill(groupOfCode, -1);
    int[] first = new int[Math.max(16, Math.min(to - from, Math.min(product, 1 << 16)))];
    int[] firstCode = new int[first.length];
    int groups = 0;
    for (int r = from; r < to; r++) {
      int c = code[r] - offset;
      int g = groupOfCode[c];
      if (g < 0) {
        g = groupOfCode[c] = groups;
        if (groups == first.length) {
          first = Arrays.copyOf(first, groups * 2);
          firstCode = Arrays.copyOf(firstCode, groups * 2);
        }
        firstCode[groups] = c;
        first[groups++] = r;
      }
      out[r] = g;
    }
    return new Numbered(Arrays.copyOf(first, groups), Arrays.copyOf(firstCode, groups));
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
