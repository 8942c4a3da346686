package io.frameshift.bench;

import java.util.Arrays;

/**
 * What a system answered, reduced as db-benchmark reduces it: the row count and the sums of the
 * question's checked columns (for the sort: the sum of v3 and the v3 of the first and last rows,
 * which only a correctly ordered result gets right).
 */
record Answer(long rows, double[] sums) {

  /** Equal within a relative 1e-6 (summation order differs between systems). */
  boolean matches(Answer o) {
    if (rows != o.rows || sums.length != o.sums.length) {
      return false;
    }
    for (int i = 0; i < sums.length; i++) {
      double a = sums[i];
      double b = o.sums[i];
      if (Double.isNaN(a) || Double.isNaN(b)) {
        if (Double.isNaN(a) != Double.isNaN(b)) {
          return false;
        }
        continue;
      }
      if (Math.abs(a - b) > 1e-6 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return rows + " rows " + Arrays.toString(sums);
  }
}
