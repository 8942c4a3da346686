package io.frameshift.local;

import java.util.Arrays;
import java.util.List;

/**
 * Hashing and equality of key values for grouping, distinct and joins. Keys are equal as the order
 * of {@link Order} says: NaN equals NaN and {@code -0.0} equals {@code 0.0}, so both are normalised
 * before hashing.
 */
final class Keys {
  private static final long NULL_HASH = 0x5bd1e9955bd1e995L;
  private static final long SEED = 0x9E3779B97F4A7C15L;

  private Keys() {}

  /** Per row, a hash of its values in {@code keys} (nulls hash alike). */
  static long[] hashes(List<Vec> keys, int n) {
    long[] h = new long[n];
    Arrays.fill(h, SEED);
    for (Vec v : keys) {
      long[] nulls = v.nulls();
      // one loop per kind over the values' array: no dispatch per row
      switch (v.kind()) {
        case BOOLEAN -> {
          boolean[] x = v.booleans();
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], Bits.get(nulls, i) ? NULL_HASH : hash(x[i]));
          }
        }
        case INT, DATE -> {
          int[] x = v.ints();
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], Bits.get(nulls, i) ? NULL_HASH : x[i]);
          }
        }
        case LONG -> {
          long[] x = v.longs();
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], Bits.get(nulls, i) ? NULL_HASH : x[i]);
          }
        }
        case FLOAT -> {
          float[] x = v.floats();
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], Bits.get(nulls, i) ? NULL_HASH : hash(x[i]));
          }
        }
        case DOUBLE -> {
          double[] x = v.doubles();
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], Bits.get(nulls, i) ? NULL_HASH : hash(x[i]));
          }
        }
        case STRING, WIDE_DECIMAL -> {
          for (int i = 0; i < n; i++) {
            h[i] = combine(h[i], Bits.get(nulls, i) ? NULL_HASH : valueHash(v, i));
          }
        }
      }
    }
    for (int i = 0; i < n; i++) {
      h[i] = mix(h[i]);
    }
    return h;
  }

  private static long combine(long h, long valueHash) {
    return (h ^ valueHash) * SEED;
  }

  static long valueHash(Vec v, int i) {
    return switch (v.kind()) {
      case BOOLEAN -> hash(v.bool(i));
      case INT, DATE -> v.i32(i);
      case LONG -> v.i64(i);
      case FLOAT -> hash(v.f32(i));
      case DOUBLE -> hash(v.f64(i));
      case STRING -> v.str(i).hashCode();
      case WIDE_DECIMAL -> v.wide()[i].hashCode();
    };
  }

  private static long hash(boolean b) {
    return b ? 1 : 2;
  }

  /** Equal keys hash alike: -0.0 as 0.0, every NaN as one. */
  private static long hash(float f) {
    return f == 0 ? 0 : Float.isNaN(f) ? 0x7fc00000 : Float.floatToRawIntBits(f);
  }

  private static long hash(double d) {
    return d == 0 ? 0 : Double.isNaN(d) ? 0x7ff8000000000000L : Double.doubleToRawLongBits(d);
  }

  /** Murmur3's 64-bit finaliser: spreads the bits so low bits index a hash table well. */
  static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** Whether the non-null values at {@code a[i]} and {@code b[j]} (one type) are equal keys. */
  static boolean equal(Vec a, int i, Vec b, int j) {
    return switch (a.kind()) {
      case BOOLEAN -> a.bool(i) == b.bool(j);
      case INT, DATE -> a.i32(i) == b.i32(j);
      case LONG -> a.i64(i) == b.i64(j);
      case FLOAT -> Order.compareDoubles(a.f32(i), b.f32(j)) == 0;
      case DOUBLE -> Order.compareDoubles(a.f64(i), b.f64(j)) == 0;
      case STRING -> a.str(i).equals(b.str(j));
      case WIDE_DECIMAL -> a.wide()[i].compareTo(b.wide()[j]) == 0;
    };
  }

  /** Whether two rows are equal on every key, a null equal only to a null. */
  static boolean rowsEqual(List<Vec> a, int i, List<Vec> b, int j) {
    for (int k = 0; k < a.size(); k++) {
      Vec x = a.get(k);
      Vec y = b.get(k);
      boolean xn = x.isNull(i);
      boolean yn = y.isNull(j);
      if (xn || yn) {
        if (xn && yn) {
          continue;
        }
        return false;
      }
      if (!equal(x, i, y, j)) {
        return false;
      }
    }
    return true;
  }

  /**
   * A group key column with {@code -0.0} turned into {@code 0.0}: a group holding both is one key,
   * shown as Spark shows it. Other columns come back as they are.
   */
  static Vec canonical(Vec v) {
    int n = v.size();
    switch (v.kind()) {
      case FLOAT -> {
        float[] out = new float[n];
        boolean changed = false;
        for (int i = 0; i < n; i++) {
          float f = v.f32(i);
          changed |= f == 0 && Float.floatToRawIntBits(f) != 0;
          out[i] = f == 0 ? 0f : f;
        }
        return changed ? Vec.ofFloats(out, v.nulls()) : v;
      }
      case DOUBLE -> {
        double[] out = new double[n];
        boolean changed = false;
        for (int i = 0; i < n; i++) {
          double d = v.f64(i);
          changed |= d == 0 && Double.doubleToRawLongBits(d) != 0;
          out[i] = d == 0 ? 0.0 : d;
        }
        return changed ? Vec.ofDoubles(out, v.nulls()) : v;
      }
      case BOOLEAN, INT, LONG, STRING, DATE, WIDE_DECIMAL -> {
        return v;
      }
    }
    throw new IllegalStateException("unreachable: " + v.kind());
  }

  /** Whether any key of row {@code i} is null. */
  static boolean anyNull(List<Vec> keys, int i) {
    for (Vec v : keys) {
      if (v.isNull(i)) {
        return true;
      }
    }
    return false;
  }
}
