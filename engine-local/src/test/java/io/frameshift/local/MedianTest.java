package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The group-by median selects each group's middle without sorting the group ({@link
 * Accumulator.Median#selectMiddle}): bit for bit the middle of the sorted values, with ties, NaN,
 * infinities, -0.0 beside 0.0, odd and even counts.
 */
class MedianTest {
  private static final double[] SPECIAL = {
    Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5, 1.5, -2.0
  };

  @Test
  void selectedMiddleIsTheSortedMiddle() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 20_000; trial++) {
      int n = 1 + random.nextInt(trial < 19_000 ? 40 : 3_000);
      double[] v = new double[n + 6];
      int from = random.nextInt(4);
      for (int i = 0; i < v.length; i++) {
        v[i] =
            random.nextInt(4) == 0
                ? SPECIAL[random.nextInt(SPECIAL.length)]
                : random.nextInt(2) == 0 ? random.nextInt(5) : random.nextDouble() * 100 - 50;
      }
      double[] sorted = Arrays.copyOfRange(v, from, from + n);
      Arrays.sort(sorted);
      double position = (n - 1) * 0.5;
      double lower = sorted[(int) Math.floor(position)];
      double higher = sorted[(int) Math.ceil(position)];
      double expected =
          lower == higher ? lower : lower + (position - Math.floor(position)) * (higher - lower);
      double[] around = v.clone();
      double actual = Accumulator.Median.selectMiddle(v, from, from + n);
      assertThat(Double.doubleToRawLongBits(actual))
          .as("median of %s", Arrays.toString(Arrays.copyOfRange(around, from, from + n)))
          .isEqualTo(Double.doubleToRawLongBits(expected));
      // only the slice moves, and its values stay the same
      assertThat(Arrays.copyOfRange(v, 0, from)).isEqualTo(Arrays.copyOfRange(around, 0, from));
      assertThat(Arrays.copyOfRange(v, from + n, v.length))
          .isEqualTo(Arrays.copyOfRange(around, from + n, v.length));
      double[] slice = Arrays.copyOfRange(v, from, from + n);
      Arrays.sort(slice);
      assertThat(slice).isEqualTo(sorted);
    }
  }
}
