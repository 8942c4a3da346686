package io.frameshift.local;

import io.frameshift.error.EvaluationException;
import io.frameshift.expr.Aggregate;
import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;

/**
 * The state of one aggregate function over many groups at once, shared by {@code groupBy} (add
 * every row, emit each group once) and windows (emit after each peer group of a running frame, so
 * {@link #emit} must not disturb the state). Every aggregate skips null inputs; an aggregate that
 * saw no value emits null, except counts, which emit 0.
 */
abstract class Accumulator {
  /** Allocates state for {@code groups} groups and an output of {@code outRows} rows. */
  abstract void init(int groups, int outRows);

  /** Adds input row {@code row} to group {@code group}. */
  abstract void add(int group, int row);

  /**
   * Adds every row {@code r} in {@code [from, to)} to group {@code groupOf[r]}. Kernels override it
   * with a loop over the primitive values where the input has no nulls.
   */
  void addRange(int[] groupOf, int from, int to) {
    for (int r = from; r < to; r++) {
      add(groupOf[r], r);
    }
  }

  /** Below this many rows per group on average, ranges of rows are not worth a state each. */
  private static final int ROWS_PER_GROUP_TO_SPLIT = 16;

  /**
   * Adds every row to group {@code groupOf[r]}, of {@code groups}. With many rows for few groups,
   * the rows are split into ranges that accumulate on every core, each into a state of its own
   * ({@link #part}), merged in row order afterwards: otherwise one aggregate is one core's loop
   * over all rows while the other cores wait.
   */
  final void addAll(int[] groupOf, int groups) {
    int n = groupOf.length;
    RowChunks chunks = RowChunks.of(n);
    Accumulator second =
        chunks.count() == 1 || (long) groups * ROWS_PER_GROUP_TO_SPLIT > n ? null : part();
    if (second == null) {
      addRange(groupOf, 0, n);
      return;
    }
    Accumulator[] parts = new Accumulator[chunks.count()];
    parts[0] = this;
    parts[1] = second;
    chunks.run(
        ch -> {
          if (ch > 0) {
            parts[ch] = ch == 1 ? second : part();
            parts[ch].init(groups, 0);
          }
          parts[ch].addRange(groupOf, chunks.from(ch), chunks.to(ch));
        });
    for (int ch = 1; ch < parts.length; ch++) {
      merge(parts[ch]);
    }
  }

  /**
   * Lets this state take each group's row count from {@code sizes} rather than count rows as it
   * adds them, where that count is all it needs (an input without nulls). For groupBy, whose groups
   * are whole and each has a row; called after {@link #init} and before any row is added.
   */
  void countsFrom(GroupSizes sizes) {}

  /**
   * A new accumulator of the same aggregate over the same input, to be {@link #init}ialised and fed
   * later rows than this one, then {@link #merge}d into it; null when states do not merge.
   */
  Accumulator part() {
    return null;
  }

  /** Adds to this state that of {@code part} ({@link #part}), which saw rows after this one's. */
  void merge(Accumulator part) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not merge");
  }

  /** Writes the current result of {@code group} to output row {@code out}. */
  abstract void emit(int group, int out);

  /** The output column. */
  abstract Vec finish();

  /** The accumulator for {@code agg} evaluated over {@code in}, with result type {@code out}. */
  static Accumulator of(Aggregate agg, LocalFrame in, DataType out) {
    if (agg.args().isEmpty()) {
      return new Count(null);
    }
    Vec arg = Evaluator.eval(agg.args().get(0), in);
    return switch (agg.function()) {
      case COUNT -> new Count(arg);
      case COUNT_DISTINCT -> new CountDistinct(arg);
      case SUM -> new Sum(arg, out, false);
      case AVG -> new Sum(arg, out, true);
      case MIN -> new Pick(arg, Pick.Mode.MIN);
      case MAX -> new Pick(arg, Pick.Mode.MAX);
      case FIRST -> new Pick(arg, Pick.Mode.FIRST);
      case LAST -> new Pick(arg, Pick.Mode.LAST);
      case STDDEV -> new Moments(arg, true);
      case VARIANCE -> new Moments(arg, false);
      case MEDIAN -> new Median(arg);
    };
  }

  /** A numeric value as a double (decimals through their exact value). */
  static double asDouble(Vec v, int i) {
    return switch (v.type().id()) {
      case INT32 -> v.i32(i);
      case INT64 -> v.i64(i);
      case FLOAT32 -> v.f32(i);
      case FLOAT64 -> v.f64(i);
      case DECIMAL -> v.decimal(i).doubleValue();
      case BOOLEAN, STRING, DATE, TIMESTAMP, TIMESTAMP_NTZ ->
          throw new IllegalStateException("not numeric: " + v.type());
    };
  }

  /** Every value of a numeric vector as a double, as {@link #asDouble} gives each. */
  static double[] asDoubles(Vec v) {
    return v.kind() == Vec.Kind.DOUBLE ? v.doubles() : Casts.cast(v, DataType.FLOAT64).doubles();
  }

  // ---- counts -----------------------------------------------------------------------------------

  /** {@code count()} (arg null: rows) or {@code count(x)} (non-null values). */
  static final class Count extends Accumulator {
    private final Vec arg;
    private long[] counts;
    private long[] out;
    private GroupSizes sizes;

    Count(Vec arg) {
      this.arg = arg;
    }

    @Override
    void init(int groups, int outRows) {
      counts = new long[groups];
      out = new long[outRows];
    }

    @Override
    void add(int group, int row) {
      if (arg == null || !arg.isNull(row)) {
        counts[group]++;
      }
    }

    @Override
    void countsFrom(GroupSizes sizes) {
      if (arg == null || !arg.hasNulls()) {
        this.sizes = sizes;
      }
    }

    @Override
    void addRange(int[] groupOf, int from, int to) {
      if (sizes != null) {
        return; // every row counts, and the groups' sizes are counted once for all aggregates
      }
      if (arg != null && arg.hasNulls()) {
        super.addRange(groupOf, from, to);
        return;
      }
      long[] c = counts;
      for (int r = from; r < to; r++) {
        c[groupOf[r]]++;
      }
    }

    @Override
    Accumulator part() {
      Count part = new Count(arg);
      part.sizes = sizes;
      return part;
    }

    @Override
    void merge(Accumulator part) {
      if (sizes != null) {
        return;
      }
      long[] other = ((Count) part).counts;
      for (int g = 0; g < counts.length; g++) {
        counts[g] += other[g];
      }
    }

    @Override
    void emit(int group, int o) {
      if (sizes != null) {
        counts = sizes.get(); // the rows of every group, counted once
        sizes = null;
      }
      out[o] = counts[group];
    }

    @Override
    Vec finish() {
      return Vec.ofLongs(DataType.INT64, out, null);
    }
  }

  /** Distinct non-null values per group, through one hash set of (group, row) pairs. */
  static final class CountDistinct extends Accumulator {
    private final Vec arg;
    private long[] counts;
    private long[] out;
    private int[] slotGroup;
    private int[] slotRow;
    private long[] slotHash;
    private int size;

    CountDistinct(Vec arg) {
      this.arg = arg;
    }

    @Override
    void init(int groups, int outRows) {
      counts = new long[groups];
      out = new long[outRows];
      allocate(64);
    }

    private void allocate(int capacity) {
      slotGroup = new int[capacity];
      slotRow = new int[capacity];
      slotHash = new long[capacity];
      Arrays.fill(slotRow, -1);
    }

    @Override
    void add(int group, int row) {
      if (arg.isNull(row)) {
        return;
      }
      long h = Keys.mix(Keys.valueHash(arg, row) * 31 + group);
      if (insert(group, row, h)) {
        counts[group]++;
        if (++size * 2 > slotRow.length) {
          grow();
        }
      }
    }

    private boolean insert(int group, int row, long h) {
      int mask = slotRow.length - 1;
      int slot = (int) h & mask;
      while (slotRow[slot] >= 0) {
        if (slotHash[slot] == h
            && slotGroup[slot] == group
            && Keys.equal(arg, slotRow[slot], arg, row)) {
          return false;
        }
        slot = (slot + 1) & mask;
      }
      slotRow[slot] = row;
      slotGroup[slot] = group;
      slotHash[slot] = h;
      return true;
    }

    private void grow() {
      int[] groups = slotGroup;
      int[] rows = slotRow;
      long[] hashes = slotHash;
      allocate(rows.length * 2);
      for (int s = 0; s < rows.length; s++) {
        if (rows[s] >= 0) {
          insert(groups[s], rows[s], hashes[s]);
        }
      }
    }

    @Override
    void emit(int group, int o) {
      out[o] = counts[group];
    }

    @Override
    Vec finish() {
      return Vec.ofLongs(DataType.INT64, out, null);
    }
  }

  // ---- sum and avg ------------------------------------------------------------------------------

  /**
   * {@code sum} and {@code avg}. Integers and compact decimals add in a long and move to exact big
   * arithmetic when a partial sum overflows, so only a final result that does not fit its type
   * raises (whatever the row order); floats add in a double, so NaN and opposite infinities give
   * NaN.
   */
  static final class Sum extends Accumulator {
    private final Vec arg;
    private final DataType out;
    private final boolean average;
    private final boolean floating;
    private final boolean float32;
    private final int scale;
    private long[] counts;
    private long[] longs;
    private BigDecimal[] bigs;
    private double[] doubles;
    private long[] outLongs;
    private double[] outDoubles;
    private BigDecimal[] outDecimals;
    private long[] outNulls;
    private int outRows;

    /** Set when the input has no nulls: the groups' rows are its counts, none counted here. */
    private GroupSizes sizes;

    private long[] groupRows;

    Sum(Vec arg, DataType out, boolean average) {
      this.arg = arg;
      this.out = out;
      this.average = average;
      this.floating = arg.type().isFloating();
      this.float32 = arg.type().id() == TypeId.FLOAT32;
      this.scale = arg.type() instanceof DataType.Decimal d ? d.scale() : 0;
    }

    @Override
    void init(int groups, int rows) {
      counts = new long[groups];
      outRows = rows;
      if (floating) {
        doubles = new double[groups];
      } else {
        longs = new long[groups];
        bigs = new BigDecimal[groups];
      }
      if (average || out.id() == TypeId.FLOAT64) {
        outDoubles = new double[rows];
      } else if (out.id() == TypeId.INT64) {
        outLongs = new long[rows];
      } else {
        outDecimals = new BigDecimal[rows];
      }
    }

    @Override
    void add(int group, int row) {
      if (arg.isNull(row)) {
        return;
      }
      counts[group]++;
      if (floating) {
        doubles[group] += float32 ? arg.f32(row) : arg.f64(row);
        return;
      }
      if (arg.kind() == Vec.Kind.WIDE_DECIMAL) {
        bigs[group] = exact(group).add(arg.decimal(row));
        return;
      }
      long v = arg.kind() == Vec.Kind.INT ? arg.i32(row) : arg.i64(row);
      if (bigs[group] != null) {
        bigs[group] = bigs[group].add(BigDecimal.valueOf(v, scale));
        return;
      }
      long s = longs[group] + v;
      if (((longs[group] ^ s) & (v ^ s)) < 0) { // overflow: both operands' signs differ from s
        bigs[group] = BigDecimal.valueOf(longs[group], scale).add(BigDecimal.valueOf(v, scale));
      } else {
        longs[group] = s;
      }
    }

    @Override
    void countsFrom(GroupSizes sizes) {
      // the kinds whose loops below add without counting; the others add one row at a time
      boolean looped =
          arg.kind() == Vec.Kind.DOUBLE
              || arg.kind() == Vec.Kind.FLOAT
              || arg.kind() == Vec.Kind.INT;
      if (looped && !arg.hasNulls()) {
        this.sizes = sizes;
      }
    }

    @Override
    void addRange(int[] groupOf, int from, int to) {
      if (arg.hasNulls()) {
        super.addRange(groupOf, from, to);
        return;
      }
      // counts only where the groups' sizes do not stand in for them
      long[] c = sizes == null ? counts : null;
      // each kind's loop is a small method of its own: compiled soon after its first rows and
      // quickly, where one method holding every loop waits longer for the compiler and takes it
      // longer
      switch (arg.kind()) {
        case DOUBLE -> addDoubles(groupOf, arg.doubles(), doubles, c, from, to);
        case FLOAT -> addFloats(groupOf, arg.floats(), doubles, c, from, to);
        // at most 2^31 values of at most 2^31 each: a fresh long sum cannot overflow
        case INT -> addInts(groupOf, arg.ints(), longs, c, from, to);
        case LONG, WIDE_DECIMAL, BOOLEAN, STRING, DATE -> super.addRange(groupOf, from, to);
      }
    }

    private static void addDoubles(
        int[] groupOf, double[] v, double[] sums, long[] counts, int from, int to) {
      if (counts == null) {
        for (int r = from; r < to; r++) {
          sums[groupOf[r]] += v[r];
        }
        return;
      }
      for (int r = from; r < to; r++) {
        int g = groupOf[r];
        sums[g] += v[r];
        counts[g]++;
      }
    }

    private static void addFloats(
        int[] groupOf, float[] v, double[] sums, long[] counts, int from, int to) {
      if (counts == null) {
        for (int r = from; r < to; r++) {
          sums[groupOf[r]] += v[r];
        }
        return;
      }
      for (int r = from; r < to; r++) {
        int g = groupOf[r];
        sums[g] += v[r];
        counts[g]++;
      }
    }

    private static void addInts(
        int[] groupOf, int[] v, long[] sums, long[] counts, int from, int to) {
      if (counts == null) {
        for (int r = from; r < to; r++) {
          sums[groupOf[r]] += v[r];
        }
        return;
      }
      for (int r = from; r < to; r++) {
        int g = groupOf[r];
        sums[g] += v[r];
        counts[g]++;
      }
    }

    @Override
    Accumulator part() {
      Sum part = new Sum(arg, out, average);
      part.sizes = sizes;
      return part;
    }

    /** Adds the part's counts and sums; integer sums that overflow a long move to exact ones. */
    @Override
    void merge(Accumulator part) {
      Sum o = (Sum) part;
      for (int g = 0; g < counts.length; g++) {
        counts[g] += o.counts[g]; // zero where the groups' sizes stand in
        if (floating) {
          doubles[g] += o.doubles[g];
        } else if (bigs[g] != null || o.bigs[g] != null) {
          bigs[g] = exact(g).add(o.exact(g));
        } else {
          long a = longs[g];
          long b = o.longs[g];
          long sum = a + b;
          if (((a ^ sum) & (b ^ sum)) < 0) {
            bigs[g] = BigDecimal.valueOf(a, scale).add(BigDecimal.valueOf(b, scale));
          } else {
            longs[g] = sum;
          }
        }
      }
    }

    private BigDecimal exact(int group) {
      return bigs[group] != null ? bigs[group] : BigDecimal.valueOf(longs[group], scale);
    }

    @Override
    void emit(int group, int o) {
      long n = counts[group];
      if (sizes != null) {
        // a whole group of an input without nulls: it has values, as many as rows; only an average
        // needs that number
        if (average && groupRows == null) {
          groupRows = sizes.get();
        }
        n = average ? groupRows[group] : 1;
      }
      if (n == 0) {
        outNulls = Bits.setting(outNulls, outRows, o);
        return;
      }
      if (average) {
        outDoubles[o] =
            floating
                ? doubles[group] / n
                : bigs[group] == null && scale == 0
                    ? (double) longs[group] / n
                    : exact(group)
                        .divide(BigDecimal.valueOf(n), MathContext.DECIMAL128)
                        .doubleValue();
        return;
      }
      if (floating) {
        outDoubles[o] = doubles[group];
        return;
      }
      BigDecimal total = exact(group);
      if (outLongs != null) {
        if (bigs[group] == null) {
          outLongs[o] = longs[group];
          return;
        }
        BigInteger t = total.toBigIntegerExact();
        if (t.bitLength() > 63) {
          throw overflow(total);
        }
        outLongs[o] = t.longValue();
        return;
      }
      BigDecimal fitted = Vec.fitDecimal(total, (DataType.Decimal) out);
      if (fitted == null) {
        throw overflow(total);
      }
      outDecimals[o] = fitted;
    }

    private EvaluationException overflow(BigDecimal total) {
      return new EvaluationException(
          "Arithmetic overflow: sum " + total.toPlainString() + " does not fit " + out);
    }

    @Override
    Vec finish() {
      if (outDoubles != null) {
        return Vec.ofDoubles(outDoubles, outNulls);
      }
      if (outLongs != null) {
        return Vec.ofLongs(out, outLongs, outNulls);
      }
      return Vec.ofDecimals(out, outDecimals);
    }
  }

  // ---- picks: min, max, first, last
  // --------------------------------------------------------------

  /** Aggregates that pick one input row per group; the output gathers those rows. */
  static final class Pick extends Accumulator {
    enum Mode {
      MIN,
      MAX,
      FIRST,
      LAST
    }

    private final Vec arg;
    private final Mode mode;
    private final Order.RowCompare cmp;
    private int[] best;
    private int[] out;

    Pick(Vec arg, Mode mode) {
      this(arg, mode, mode == Mode.MIN || mode == Mode.MAX ? Order.values(arg) : null);
    }

    /** With the comparison of {@code arg}'s values made already (strings are ranked to make it). */
    private Pick(Vec arg, Mode mode, Order.RowCompare cmp) {
      this.arg = arg;
      this.mode = mode;
      this.cmp = cmp;
    }

    @Override
    void init(int groups, int outRows) {
      best = new int[groups];
      Arrays.fill(best, -1);
      out = new int[outRows];
    }

    @Override
    void add(int group, int row) {
      if (arg.isNull(row)) {
        return;
      }
      int b = best[group];
      boolean take =
          switch (mode) {
            case MIN -> b < 0 || cmp.compare(row, b) < 0;
            case MAX -> b < 0 || cmp.compare(row, b) > 0;
            case FIRST -> b < 0;
            case LAST -> true;
          };
      if (take) {
        best[group] = row;
      }
    }

    @Override
    void addRange(int[] groupOf, int from, int to) {
      if (arg.hasNulls() || (mode != Mode.MIN && mode != Mode.MAX)) {
        super.addRange(groupOf, from, to);
        return;
      }
      boolean min = mode == Mode.MIN;
      int[] b = best;
      switch (arg.kind()) {
        case INT -> {
          int[] v = arg.ints();
          int[] value = new int[b.length];
          for (int r = from; r < to; r++) {
            int g = groupOf[r];
            int x = v[r];
            if (b[g] < 0 || (min ? x < value[g] : x > value[g])) {
              b[g] = r;
              value[g] = x;
            }
          }
        }
        case LONG -> {
          long[] v = arg.longs();
          long[] value = new long[b.length];
          for (int r = from; r < to; r++) {
            int g = groupOf[r];
            long x = v[r];
            if (b[g] < 0 || (min ? x < value[g] : x > value[g])) {
              b[g] = r;
              value[g] = x;
            }
          }
        }
        case DOUBLE -> {
          double[] v = arg.doubles();
          double[] value = new double[b.length];
          for (int r = from; r < to; r++) {
            int g = groupOf[r];
            double x = v[r];
            int c = b[g] < 0 ? 0 : Order.compareDoubles(x, value[g]);
            if (b[g] < 0 || (min ? c < 0 : c > 0)) {
              b[g] = r;
              value[g] = x;
            }
          }
        }
        case BOOLEAN, FLOAT, STRING, DATE, WIDE_DECIMAL -> super.addRange(groupOf, from, to);
      }
    }

    @Override
    Accumulator part() {
      return new Pick(arg, mode, cmp);
    }

    /** The part saw later rows: it wins a tie only for last. */
    @Override
    void merge(Accumulator part) {
      int[] other = ((Pick) part).best;
      for (int g = 0; g < best.length; g++) {
        int b = best[g];
        int o = other[g];
        if (o < 0) {
          continue;
        }
        boolean take =
            switch (mode) {
              case MIN -> b < 0 || cmp.compare(o, b) < 0;
              case MAX -> b < 0 || cmp.compare(o, b) > 0;
              case FIRST -> b < 0;
              case LAST -> true;
            };
        if (take) {
          best[g] = o;
        }
      }
    }

    @Override
    void emit(int group, int o) {
      out[o] = best[group];
    }

    @Override
    Vec finish() {
      return arg.take(out);
    }
  }

  // ---- variance and standard deviation
  // -----------------------------------------------------------

  /** Sample variance / standard deviation with the streaming update Spark uses; null below 2. */
  static final class Moments extends Accumulator {
    private final Vec arg;
    private final boolean stddev;
    private double[] count;
    private double[] mean;
    private double[] m2;
    private double[] out;
    private long[] outNulls;
    private int outRows;

    Moments(Vec arg, boolean stddev) {
      this.arg = arg;
      this.stddev = stddev;
    }

    @Override
    void init(int groups, int rows) {
      count = new double[groups];
      mean = new double[groups];
      m2 = new double[groups];
      out = new double[rows];
      outRows = rows;
    }

    @Override
    void add(int g, int row) {
      if (arg.isNull(row)) {
        return;
      }
      double x = asDouble(arg, row);
      double n = ++count[g];
      double delta = x - mean[g];
      double deltaN = delta / n;
      mean[g] += deltaN;
      m2[g] += delta * (delta - deltaN);
    }

    @Override
    void addRange(int[] groupOf, int from, int to) {
      if (arg.hasNulls()) {
        super.addRange(groupOf, from, to);
        return;
      }
      double[] v = asDoubles(arg);
      double[] cnt = count;
      double[] mn = mean;
      double[] sq = m2;
      for (int r = from; r < to; r++) {
        int g = groupOf[r];
        double x = v[r];
        double k = ++cnt[g];
        double delta = x - mn[g];
        double deltaN = delta / k;
        mn[g] += deltaN;
        sq[g] += delta * (delta - deltaN);
      }
    }

    @Override
    void emit(int g, int o) {
      if (count[g] < 2) {
        outNulls = Bits.setting(outNulls, outRows, o);
        return;
      }
      double variance = m2[g] / (count[g] - 1);
      out[o] = stddev ? Math.sqrt(variance) : variance;
    }

    @Override
    Vec finish() {
      return Vec.ofDoubles(out, outNulls);
    }
  }

  // ---- median -----------------------------------------------------------------------------------

  /** The continuous median: the mean of the two middle values (interpolated as Spark does). */
  static final class Median extends Accumulator {
    private final Vec arg;
    private DoubleArrayList[] values;
    private double[] cached;
    private boolean[] fresh;
    private double[] out;
    private long[] outNulls;
    private int outRows;

    Median(Vec arg) {
      this.arg = arg;
    }

    @Override
    void init(int groups, int rows) {
      values = new DoubleArrayList[groups];
      cached = new double[groups];
      fresh = new boolean[groups];
      out = new double[rows];
      outRows = rows;
    }

    @Override
    void add(int g, int row) {
      if (arg.isNull(row)) {
        return;
      }
      if (values[g] == null) {
        values[g] = new DoubleArrayList();
      }
      values[g].add(asDouble(arg, row));
      fresh[g] = false;
    }

    /**
     * All rows at once (groupBy: medians do not merge, so the range is every row): the values are
     * laid out by group with a counting sort into one primitive array, and each group's middle is
     * selected in its slice without sorting it (groups in parallel above {@link
     * Parallelism#PARALLEL_ROWS} rows); no per-group lists.
     */
    @Override
    void addRange(int[] groupOf, int from, int to) {
      int groups = values.length;
      double[] v = asDoubles(arg);
      long[] nulls = arg.nulls();
      int[] start = new int[groups + 1];
      for (int r = from; r < to; r++) {
        if (!Bits.get(nulls, r)) {
          start[groupOf[r] + 1]++;
        }
      }
      for (int g = 0; g < groups; g++) {
        start[g + 1] += start[g];
      }
      int[] at = Arrays.copyOf(start, groups);
      double[] laid = new double[start[groups]];
      for (int r = from; r < to; r++) {
        if (!Bits.get(nulls, r)) {
          laid[at[groupOf[r]]++] = v[r];
        }
      }
      // the groups' slices are disjoint: they sort independently, on every core
      Parallelism.forEach(
          groups,
          to - from,
          g -> {
            if (start[g + 1] > start[g]) {
              cached[g] = selectMiddle(laid, start[g], start[g + 1]);
              fresh[g] = true;
              values[g] = new DoubleArrayList(0); // marks "has values"; the result is cached
            }
          });
    }

    /**
     * The interpolated middle of {@code v[from..to)}, which it reorders: the value that sorting the
     * slice would put at the lower middle position is selected (a three-way quickselect in {@link
     * Double#compare}'s order, the order {@link Arrays#sort(double[])} gives: -0.0 before 0.0, NaN
     * last), and the upper middle is the smallest value after it. The same result as {@link
     * #middle} on the sorted slice, in time linear in the slice.
     */
    static double selectMiddle(double[] v, int from, int to) {
      double position = (to - from - 1) * 0.5;
      int k = from + (int) Math.floor(position);
      int lo = from;
      int hi = to - 1;
      while (hi > lo) {
        double p = medianOfThree(v[lo], v[(lo + hi) >>> 1], v[hi]);
        int lt = lo;
        int gt = hi;
        int i = lo;
        while (i <= gt) {
          int c = Double.compare(v[i], p);
          if (c < 0) {
            swap(v, lt++, i++);
          } else if (c > 0) {
            swap(v, i, gt--);
          } else {
            i++;
          }
        }
        if (k < lt) {
          hi = lt - 1;
        } else if (k > gt) {
          lo = gt + 1;
        } else {
          break;
        }
      }
      double lower = v[k];
      double higher = lower;
      if (k + 1 < to && position != Math.floor(position)) {
        higher = v[k + 1];
        for (int j = k + 2; j < to; j++) {
          if (Double.compare(v[j], higher) < 0) {
            higher = v[j];
          }
        }
      }
      return lower == higher ? lower : lower + (position - Math.floor(position)) * (higher - lower);
    }

    private static double medianOfThree(double a, double b, double c) {
      if (Double.compare(a, b) > 0) {
        double t = a;
        a = b;
        b = t;
      }
      if (Double.compare(b, c) > 0) {
        b = c;
      }
      return Double.compare(a, b) > 0 ? a : b;
    }

    private static void swap(double[] v, int i, int j) {
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }

    /** The interpolated middle of the sorted {@code v[from..to)}. */
    private static double middle(double[] v, int from, int to) {
      double position = (to - from - 1) * 0.5;
      double lower = v[from + (int) Math.floor(position)];
      double higher = v[from + (int) Math.ceil(position)];
      return lower == higher ? lower : lower + (position - Math.floor(position)) * (higher - lower);
    }

    @Override
    void emit(int g, int o) {
      DoubleArrayList v = values[g];
      if (v == null) {
        outNulls = Bits.setting(outNulls, outRows, o);
        return;
      }
      if (!fresh[g]) {
        double[] sorted = v.toDoubleArray();
        Arrays.sort(sorted); // NaN last, as in the value order
        cached[g] = middle(sorted, 0, sorted.length);
        fresh[g] = true;
      }
      out[o] = cached[g];
    }

    @Override
    Vec finish() {
      return Vec.ofDoubles(out, outNulls);
    }
  }
}
