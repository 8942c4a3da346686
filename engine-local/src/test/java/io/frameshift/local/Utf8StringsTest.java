package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mostly-distinct strings (more than half the rows, past the 65,536 values two-byte codes number),
 * which the local engine keeps as UTF-8 bytes instead of a Java string per row: every kernel that
 * reads strings gives the same answers as for dictionary strings.
 */
class Utf8StringsTest {
  private static final int N = 100_000;

  /** "id0".."id99999" with non-ASCII in some values, a null every 97th row, two repeats. */
  private static String[] values() {
    String[] v = new String[N];
    for (int i = 0; i < N; i++) {
      v[i] = i % 97 == 5 ? null : (i % 1000 == 3 ? "é-" : "id") + i;
    }
    v[10] = v[11];
    return v;
  }

  @Test
  void mostlyDistinctStringsAreHeldAsUtf8InAFractionOfTheSpace() {
    Vec v = Vec.ofStrings(values());

    assertThat(v.dictionary()).as("not coded").isNull();
    // ~7 bytes and an offset per value; a String per row would be ~50
    assertThat(v.estimatedBytes()).isLessThan(16L * N);
    String[] expected = values();
    for (int i = 0; i < N; i++) {
      assertThat(v.isNull(i)).isEqualTo(expected[i] == null);
      if (expected[i] != null) {
        assertThat(v.str(i)).isEqualTo(expected[i]);
      }
    }
  }

  @Test
  void gatheredRowsGroupAndRankLikeTheirValues() {
    Vec v = Vec.ofStrings(values());
    int[] idx = new int[N];
    for (int i = 0; i < N; i++) {
      idx[i] = N - 1 - i;
    }
    idx[0] = -1;
    Vec reversed = v.take(idx);
    String[] expected = values();

    assertThat(reversed.isNull(0)).isTrue();
    for (int i = 1; i < N; i++) {
      String e = expected[N - 1 - i];
      assertThat(reversed.isNull(i)).isEqualTo(e == null);
      if (e != null) {
        assertThat(reversed.str(i)).isEqualTo(e);
      }
    }
    Codes codes = Codes.of(reversed);
    assertThat(codes.code()[N - 1 - 10]).isEqualTo(codes.code()[N - 1 - 11]);
    assertThat(codes.code()[N - 1 - 12]).isNotEqualTo(codes.code()[N - 1 - 13]);
    int[] ranks = Order.stringRanks(reversed);
    for (int i = 2; i < N; i++) {
      String a = expected[N - i];
      String b = expected[N - 1 - i];
      if (a != null && b != null) {
        assertThat(Integer.signum(Integer.compare(ranks[i - 1], ranks[i])))
            .as("rank order of %s and %s", a, b)
            .isEqualTo(Integer.signum(a.compareTo(b)));
      }
    }
  }

  @Test
  void utf8StringsRoundTripThroughArrow() {
    LocalEngine engine = new LocalEngine();
    Schema schema = Schema.of(Field.of("s", DataType.STRING));
    List<Vec> cols = new ArrayList<>(List.of(Vec.ofStrings(values())));
    LocalFrame frame = new LocalFrame(schema, cols, N);

    LocalFrame back;
    try (ArrowBatches out = engine.exportArrow(frame)) {
      back = (LocalFrame) engine.importArrow(out);
    }

    String[] expected = values();
    Vec s = back.columns().get(0);
    for (int i = 0; i < N; i++) {
      assertThat(s.isNull(i)).isEqualTo(expected[i] == null);
      if (expected[i] != null) {
        assertThat(s.str(i)).isEqualTo(expected[i]);
      }
    }
  }

  /**
   * Past two-byte codes but repeating (here 80,000 values over 400,000 rows, each parsed as its own
   * instance, as a CSV reader makes them): the rows are coded, and equal rows share one instance,
   * so hashing and comparing them stays cheap.
   */
  @Test
  void repeatingStringsPastTheDictionaryShareInstances() {
    int rows = 400_000;
    int distinct = 80_000;
    String[] parsed = new String[rows];
    for (int i = 0; i < rows; i++) {
      parsed[i] = new String(("id" + i % distinct).toCharArray());
    }
    Vec v = Vec.ofStrings(parsed);

    assertThat(v.dictionary()).as("coded: the values repeat").isNotNull();
    for (int i = 0; i < distinct; i++) {
      assertThat(v.str(i + distinct)).isEqualTo("id" + i).isSameAs(v.str(i));
      assertThat(v.str(i + 3 * distinct)).isSameAs(v.str(i));
    }
  }
}
