package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * String ranks, checked against a code-point TreeMap: through Tablesaw's byte and short
 * dictionaries, and without one both by hashing (repeated values) and by sorting (distinct ones).
 */
class OrderTest {
  private static final String[] ALPHABET = {"a", "b", "Z", "é", "\uFF61", "\uD83D\uDE00", " "};

  private static String[] strings(int rows, int distinct, long seed) {
    Random r = new Random(seed);
    String[] pool = new String[distinct];
    for (int i = 0; i < distinct; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 1 + r.nextInt(6);
      for (int k = 0; k < len; k++) {
        sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
      }
      pool[i] = sb.append(i).toString(); // unique
    }
    String[] out = new String[rows];
    for (int i = 0; i < rows; i++) {
      // fresh instances, as a parser makes them; every tenth row null
      out[i] = i % 10 == 3 ? null : new String(pool[r.nextInt(distinct)]);
    }
    return out;
  }

  private static void assertRanksFollowCodePoints(String[] values) {
    assertRanksFollowCodePoints(values, Order.stringRanks(Vec.ofStrings(values.clone())));
    assertRanksFollowCodePoints(values, Order.stringRanksByValue(Vec.ofStrings(values.clone())));
  }

  private static void assertRanksFollowCodePoints(String[] values, int[] ranks) {
    TreeMap<String, Integer> expected = new TreeMap<>(Order::compareStrings);
    for (String s : values) {
      if (s != null) {
        expected.put(s, 0);
      }
    }
    int r = 0;
    for (var e : expected.entrySet()) {
      e.setValue(r++);
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        assertThat(ranks[i]).as("rank of %s", values[i]).isEqualTo(expected.get(values[i]));
      }
    }
  }

  @Test
  void ranksFewDistinctStrings() {
    assertRanksFollowCodePoints(strings(1000, 20, 1));
  }

  @Test
  void ranksManyRepeatedStrings() {
    assertRanksFollowCodePoints(strings(300_000, 2_000, 2));
  }

  @Test
  void ranksMostlyDistinctStrings() {
    assertRanksFollowCodePoints(strings(300_000, 280_000, 3));
  }

  @Test
  void codePointOrderDiffersFromUtf16Order() {
    assertThat(Order.compareStrings("\uFF61", "\uD83D\uDE00")).isNegative();
    assertThat("\uFF61".compareTo("\uD83D\uDE00")).isPositive();
    assertThat(Order.compareStrings("ab", "abc")).isNegative();
    assertThat(Order.compareStrings("b", "abc")).isPositive();
    assertThat(Order.compareDoubles(Double.NaN, Double.POSITIVE_INFINITY)).isPositive();
    assertThat(Order.compareDoubles(-0.0, 0.0)).isZero();
    assertThat(Order.compareDoubles(Double.NaN, Double.NaN)).isZero();
  }
}
