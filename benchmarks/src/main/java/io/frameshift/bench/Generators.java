package io.frameshift.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Java ports of the db-benchmark data generators (h2oai/db-benchmark, _data/groupby-datagen.R and
 * _data/join-datagen.R): the same columns, distributions, missing-value and sortedness rules, with
 * a fixed seed. The random streams differ from R's, so values differ from the R files while the
 * shapes (cardinalities, group sizes, match rates) are the same.
 */
final class Generators {
  static final long SEED = 108; // the seed of the R scripts

  private Generators() {}

  // ---- groupby: G1_<N>_<K>_<nas>_<sort> ------------------------------------------------------

  /**
   * id1, id2: K strings "id001".. (id1 few large groups, and with id2 K*K groups); id3: N/K strings
   * "id0000000001"..; id4, id5: ints 1..K; id6: ints 1..N/K; v1: 1..5; v2: 1..15; v3: uniform [0,
   * 100) rounded to 6 digits. With {@code nasPercent > 0} that share of each id column's distinct
   * values becomes missing in every row holding them, and that share of the rows of each v column;
   * with {@code sorted} rows are ordered by id1..id6 (missing first, as data.table keys).
   */
  static Data groupBy(int n, int k, int nasPercent, boolean sorted) {
    SplittableRandom rnd = new SplittableRandom(SEED);
    int groups3 = Math.max(1, n / k);
    String[] small = labels("id%03d", k);
    String[] large = labels("id%010d", groups3);
    String[] id1 = pick(small, n, rnd);
    String[] id2 = pick(small, n, rnd);
    String[] id3 = pick(large, n, rnd);
    int[] id4 = ints(k, n, rnd);
    int[] id5 = ints(k, n, rnd);
    int[] id6 = ints(groups3, n, rnd);
    int[] v1 = ints(5, n, rnd);
    int[] v2 = ints(15, n, rnd);
    double[] v3 = uniform(n, 6, rnd);
    boolean[][] nulls = new boolean[9][];
    if (nasPercent > 0) {
      // ids: whole values go missing (every row holding a chosen value)
      nullValues(id1, small, nasPercent, rnd);
      nullValues(id2, small, nasPercent, rnd);
      nullValues(id3, large, nasPercent, rnd);
      nulls[3] = nullInts(id4, k, nasPercent, rnd);
      nulls[4] = nullInts(id5, k, nasPercent, rnd);
      nulls[5] = nullInts(id6, groups3, nasPercent, rnd);
      int nna = (int) ((long) n * nasPercent / 100);
      for (int c = 6; c < 9; c++) {
        nulls[c] = new boolean[n];
        for (int r : sampleWithoutReplacement(n, nna, rnd)) {
          nulls[c][r] = true;
        }
      }
    }
    List<Data.Col> cols =
        new ArrayList<>(
            List.of(
                new Data.Strings("id1", id1),
                new Data.Strings("id2", id2),
                new Data.Strings("id3", id3),
                new Data.Ints("id4", id4, nulls[3]),
                new Data.Ints("id5", id5, nulls[4]),
                new Data.Ints("id6", id6, nulls[5]),
                new Data.Ints("v1", v1, nulls[6]),
                new Data.Ints("v2", v2, nulls[7]),
                new Data.Doubles("v3", v3, nulls[8])));
    Data d = new Data("x", cols, n);
    return sorted ? sortByIds(d) : d;
  }

  /**
   * Rows {@code [from, from + rows)} of a groupby table of {@code n} rows, K groups, no NA, random
   * order, as {@link #groupBy} draws them but with a stream of its own per slice ({@code slice}
   * numbers it), so a table too big for one heap is written a slice at a time: every column has the
   * same distribution as the whole table's (id3 and id6 draw from n/K values however the table is
   * cut), only the values drawn differ. {@code large} are id3's n/K labels ({@link
   * #groupByLabels}), made once for all slices.
   */
  static Data groupBySlice(long n, int k, int slice, int rows, String[] large) {
    // the slice's own stream, split off a generator of the seed: the same files whatever order the
    // slices are written in. Not a seed of its own per slice: SplittableRandom's seeds that differ
    // by a multiple of its step give one stream shifted, so slices would repeat each other's rows
    SplittableRandom root = new SplittableRandom(SEED);
    SplittableRandom rnd = root.split();
    for (int s = 0; s < slice; s++) {
      rnd = root.split();
    }
    String[] small = labels("id%03d", k);
    List<Data.Col> cols =
        List.of(
            new Data.Strings("id1", pick(small, rows, rnd)),
            new Data.Strings("id2", pick(small, rows, rnd)),
            new Data.Strings("id3", pick(large, rows, rnd)),
            new Data.Ints("id4", ints(k, rows, rnd), null),
            new Data.Ints("id5", ints(k, rows, rnd), null),
            new Data.Ints("id6", ints(large.length, rows, rnd), null),
            new Data.Ints("v1", ints(5, rows, rnd), null),
            new Data.Ints("v2", ints(15, rows, rnd), null),
            new Data.Doubles("v3", uniform(rows, 6, rnd), null));
    return new Data("x", cols, rows);
  }

  /** id3's labels for a groupby table of {@code n} rows and K groups: "id0000000001".. n/K. */
  static String[] groupByLabels(long n, int k) {
    return labels("id%010d", (int) Math.max(1, n / k));
  }

  private static Data sortByIds(Data d) {
    int n = d.rows();
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    String[][] s = new String[3][];
    for (int c = 0; c < 3; c++) {
      s[c] = ((Data.Strings) d.columns().get(c)).values();
    }
    Data.Ints[] ints = new Data.Ints[3];
    for (int c = 0; c < 3; c++) {
      ints[c] = (Data.Ints) d.columns().get(3 + c);
    }
    Arrays.sort(
        idx,
        (a, b) -> {
          for (String[] col : s) {
            int c = compareNullFirst(col[a], col[b]);
            if (c != 0) {
              return c;
            }
          }
          for (Data.Ints col : ints) {
            boolean na = col.nulls() != null && col.nulls()[a];
            boolean nb = col.nulls() != null && col.nulls()[b];
            if (na != nb) {
              return na ? -1 : 1;
            }
            int c = na ? 0 : Integer.compare(col.values()[a], col.values()[b]);
            if (c != 0) {
              return c;
            }
          }
          return 0;
        });
    List<Data.Col> out = new ArrayList<>();
    for (Data.Col c : d.columns()) {
      out.add(permute(c, idx));
    }
    return new Data(d.name(), out, n);
  }

  private static int compareNullFirst(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b); // ASCII labels: UTF-16 order is code-point order
  }

  private static Data.Col permute(Data.Col c, Integer[] idx) {
    int n = idx.length;
    if (c instanceof Data.Strings s) {
      String[] v = new String[n];
      for (int i = 0; i < n; i++) {
        v[i] = s.values()[idx[i]];
      }
      return new Data.Strings(s.name(), v);
    }
    boolean[] nulls = c instanceof Data.Ints i ? i.nulls() : ((Data.Doubles) c).nulls();
    boolean[] nl = nulls == null ? null : new boolean[n];
    for (int i = 0; nl != null && i < n; i++) {
      nl[i] = nulls[idx[i]];
    }
    if (c instanceof Data.Ints s) {
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = s.values()[idx[i]];
      }
      return new Data.Ints(s.name(), v, nl);
    }
    Data.Doubles s = (Data.Doubles) c;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = s.values()[idx[i]];
    }
    return new Data.Doubles(s.name(), v, nl);
  }

  // ---- join: J1_<N>_NA_<nas>_<sort> and its small / medium / big right tables ----------------

  /** The four join tables; {@code x} has N rows, small N/1e6, medium N/1e3, big N. */
  record JoinTables(Data x, Data small, Data medium, Data big) {}

  /**
   * Keys are split per table size into a common 90%, a left-only 10% and a right-only 10%, so each
   * join matches about 90% of the rows of either side; every key of a side appears at least once.
   * {@code x} holds keys id1 (of the small table's key space), id2 (medium's) and id3 (big's),
   * their string forms id4..id6 ("id" + number) and v1; each right table the keys of its size and
   * below, their string forms, and v2. The R script requires N &gt;= 1e7 (small then has 10 rows);
   * below that, small is kept at 10 rows and medium at 1,000 so the key splits stay meaningful.
   */
  static JoinTables join(int n, int nasPercent) {
    SplittableRandom rnd = new SplittableRandom(SEED);
    int nSmall = Math.max(10, n / 1_000_000);
    int nMedium = Math.max(1_000, n / 1_000);
    int[][] key1 = splitXlr(nSmall, rnd);
    int[][] key2 = splitXlr(nMedium, rnd);
    int[][] key3 = splitXlr(n, rnd);
    int[] xid1 = sampleAll(concat(key1[0], key1[1]), n, rnd);
    int[] xid2 = sampleAll(concat(key2[0], key2[1]), n, rnd);
    int[] xid3 = sampleAll(concat(key3[0], key3[1]), n, rnd);
    double[] v1 = uniform(n, 6, rnd);
    boolean[][] xNulls = new boolean[4][];
    if (nasPercent > 0) {
      xNulls[0] = nullDistinct(xid1, nasPercent, rnd);
      xNulls[1] = nullDistinct(xid2, nasPercent, rnd);
      xNulls[2] = nullDistinct(xid3, nasPercent, rnd);
      xNulls[3] = new boolean[n];
      for (int r : sampleWithoutReplacement(n, (int) ((long) n * nasPercent / 100), rnd)) {
        xNulls[3][r] = true;
      }
    }
    Data x =
        new Data(
            "x",
            List.of(
                new Data.Ints("id1", xid1, xNulls[0]),
                new Data.Ints("id2", xid2, xNulls[1]),
                new Data.Ints("id3", xid3, xNulls[2]),
                new Data.Strings("id4", idStrings(xid1, xNulls[0])),
                new Data.Strings("id5", idStrings(xid2, xNulls[1])),
                new Data.Strings("id6", idStrings(xid3, xNulls[2])),
                new Data.Doubles("v1", v1, xNulls[3])),
            n);
    int[] sid1 = sampleAll(concat(key1[0], key1[2]), nSmall, rnd);
    Data small =
        new Data(
            "small",
            List.of(
                new Data.Ints("id1", sid1, null),
                new Data.Strings("id4", idStrings(sid1, null)),
                new Data.Doubles("v2", uniform(nSmall, 6, rnd), null)),
            nSmall);
    int[] mid1 = sampleAll(concat(key1[0], key1[2]), nMedium, rnd);
    int[] mid2 = sampleAll(concat(key2[0], key2[2]), nMedium, rnd);
    Data medium =
        new Data(
            "medium",
            List.of(
                new Data.Ints("id1", mid1, null),
                new Data.Ints("id2", mid2, null),
                new Data.Strings("id4", idStrings(mid1, null)),
                new Data.Strings("id5", idStrings(mid2, null)),
                new Data.Doubles("v2", uniform(nMedium, 6, rnd), null)),
            nMedium);
    int[] bid1 = sampleAll(concat(key1[0], key1[2]), n, rnd);
    int[] bid2 = sampleAll(concat(key2[0], key2[2]), n, rnd);
    int[] bid3 = sampleAll(concat(key3[0], key3[2]), n, rnd);
    Data big =
        new Data(
            "big",
            List.of(
                new Data.Ints("id1", bid1, null),
                new Data.Ints("id2", bid2, null),
                new Data.Ints("id3", bid3, null),
                new Data.Strings("id4", idStrings(bid1, null)),
                new Data.Strings("id5", idStrings(bid2, null)),
                new Data.Strings("id6", idStrings(bid3, null)),
                new Data.Doubles("v2", uniform(n, 6, rnd), null)),
            n);
    return new JoinTables(x, small, medium, big);
  }

  /** A permutation of 1..n*1.1 cut into common (0.9 n), left-only (0.1 n), right-only (0.1 n). */
  private static int[][] splitXlr(int n, SplittableRandom rnd) {
    int total = (int) (n * 1.1);
    int[] key = new int[total];
    for (int i = 0; i < total; i++) {
      key[i] = i + 1;
    }
    shuffle(key, rnd);
    int common = (int) (n * 0.9);
    return new int[][] {
      Arrays.copyOfRange(key, 0, common),
      Arrays.copyOfRange(key, common, n),
      Arrays.copyOfRange(key, n, total)
    };
  }

  /** Every key once, the rest drawn with replacement, shuffled. */
  private static int[] sampleAll(int[] keys, int size, SplittableRandom rnd) {
    if (keys.length > size) {
      throw new IllegalArgumentException(keys.length + " keys do not fit " + size + " rows");
    }
    int[] y = Arrays.copyOf(keys, size);
    for (int i = keys.length; i < size; i++) {
      y[i] = keys[rnd.nextInt(keys.length)];
    }
    shuffle(y, rnd);
    return y;
  }

  /** "id" + number; numbers repeat, so strings are shared through a map per distinct number. */
  private static String[] idStrings(int[] ids, boolean[] nulls) {
    int max = 0;
    for (int v : ids) {
      max = Math.max(max, v);
    }
    String[] byId = new String[max + 1];
    String[] out = new String[ids.length];
    for (int i = 0; i < ids.length; i++) {
      if (nulls != null && nulls[i]) {
        continue;
      }
      int v = ids[i];
      String s = byId[v];
      if (s == null) {
        s = byId[v] = "id" + v;
      }
      out[i] = s;
    }
    return out;
  }

  private static boolean[] nullDistinct(int[] ids, int nasPercent, SplittableRandom rnd) {
    int max = 0;
    for (int v : ids) {
      max = Math.max(max, v);
    }
    return nullInts(ids, max, nasPercent, rnd);
  }

  // ---- shared helpers -------------------------------------------------------------------------

  private static String[] labels(String format, int count) {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      out[i] = String.format(format, i + 1);
    }
    return out;
  }

  private static String[] pick(String[] values, int n, SplittableRandom rnd) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = values[rnd.nextInt(values.length)];
    }
    return out;
  }

  /** n draws from 1..max. */
  private static int[] ints(int max, int n, SplittableRandom rnd) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = 1 + rnd.nextInt(max);
    }
    return out;
  }

  private static double[] uniform(int n, int digits, SplittableRandom rnd) {
    double scale = Math.pow(10, digits);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.round(rnd.nextDouble() * 100 * scale) / scale;
    }
    return out;
  }

  private static void nullValues(String[] column, String[] distinct, int pct, SplittableRandom r) {
    int nna = (int) ((long) distinct.length * pct / 100);
    java.util.Set<String> gone = new java.util.HashSet<>();
    for (int i : sampleWithoutReplacement(distinct.length, nna, r)) {
      gone.add(distinct[i]);
    }
    for (int i = 0; i < column.length; i++) {
      if (gone.contains(column[i])) {
        column[i] = null;
      }
    }
  }

  /** Missing marks for the rows whose value (in 1..max) is among a sampled share of values. */
  private static boolean[] nullInts(int[] column, int max, int pct, SplittableRandom r) {
    int nna = (int) ((long) max * pct / 100);
    boolean[] gone = new boolean[max + 1];
    for (int i : sampleWithoutReplacement(max, nna, r)) {
      gone[i + 1] = true;
    }
    boolean[] nulls = new boolean[column.length];
    for (int i = 0; i < column.length; i++) {
      nulls[i] = gone[column[i]];
    }
    return nulls;
  }

  /** {@code count} distinct indexes of 0..n-1 (a partial Fisher-Yates shuffle). */
  private static int[] sampleWithoutReplacement(int n, int count, SplittableRandom rnd) {
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    for (int i = 0; i < count; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return Arrays.copyOf(all, count);
  }

  private static void shuffle(int[] a, SplittableRandom rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
