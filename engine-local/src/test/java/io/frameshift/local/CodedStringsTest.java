package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Strings held as distinct values and a code per row, built from Java strings or from UTF-8 bytes
 * ({@link Utf8Dictionary}, as the Parquet reader builds them): codes one, two or four bytes wide by
 * the number of distinct values, one instance per distinct value, and concatenation that merges the
 * dictionaries instead of coding every row again.
 */
class CodedStringsTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aUtf8DictionaryNumbersValuesByFirstAppearanceWhateverTheirLength() {
    Utf8Dictionary d = new Utf8Dictionary();
    // inline lengths, their border (15, 16), long values, a prefix of another, empty, non-ASCII
    String[] values = {
      "a",
      "",
      "a\0",
      "id0000000001",
      "123456789012345",
      "1234567890123456",
      "é".repeat(40),
      "é".repeat(40) + "x",
      "123456789012345" + "6",
    };
    byte[] page = new byte[4096];
    int[] ids = new int[values.length];
    int at = 7; // values taken from the middle of an array, as from a page
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < values.length; i++) {
        byte[] b = utf8(values[i]);
        System.arraycopy(b, 0, page, at, b.length);
        int id = d.add(page, at, b.length);
        if (round == 0) {
          ids[i] = id;
        }
        assertThat(id).as(values[i]).isEqualTo(ids[i]);
        at += b.length + 3;
      }
    }
    assertThat(ids).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 5);
    assertThat(d.size()).isEqualTo(8);
    for (int i = 0; i < values.length; i++) {
      assertThat(d.string(ids[i])).isEqualTo(values[i]);
    }
  }

  @Test
  void aValueAtTheEndOfItsArrayIsReadWithoutGoingPastIt() {
    Utf8Dictionary d = new Utf8Dictionary();
    byte[] b = utf8("xyz");
    assertThat(d.add(b, 0, 3)).isEqualTo(0);
    assertThat(d.add(utf8("__xyz"), 2, 3)).isEqualTo(0);
    assertThat(d.add(b, 1, 2)).isEqualTo(1);
  }

  @Test
  void mergedDictionariesRenumberCodesThroughATable() {
    Utf8Dictionary a = new Utf8Dictionary();
    Utf8Dictionary b = new Utf8Dictionary();
    for (String s : List.of("x", "y", "z")) {
      a.add(utf8(s), 0, s.length());
    }
    for (String s : List.of("z", "w", "x")) {
      b.add(utf8(s), 0, s.length());
    }
    Utf8Dictionary merged = new Utf8Dictionary();
    assertThat(merged.addAll(a)).containsExactly(0, 1, 2);
    assertThat(merged.addAll(b)).containsExactly(2, 3, 0);
    assertThat(merged.addAll(new Utf8Dictionary())).as("never empty").hasSize(1);
  }

  @Test
  void manyDistinctValuesGrowTheTableAndKeepTheirIds() {
    Utf8Dictionary d = new Utf8Dictionary();
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      byte[] b = utf8("v" + i);
      assertThat(d.add(b, 0, b.length)).isEqualTo(i);
    }
    for (int i = 0; i < n; i += 997) {
      byte[] b = utf8("v" + i);
      assertThat(d.add(b, 0, b.length)).isEqualTo(i);
    }
  }

  @Test
  void codesTakeOneTwoOrFourBytesByTheDistinctValues() {
    for (int distinct : new int[] {1, 256, 257, 65_536, 65_537}) {
      int rows = Math.max(2 * distinct, 1000) + 5;
      String[] values = new String[rows];
      for (int i = 0; i < rows; i++) {
        values[i] = i % 7 == 3 ? null : "s" + (i % distinct);
      }
      Vec v = Vec.ofStrings(values.clone());
      CodedStrings c = v.dictionary();
      assertThat(c).as("%d distinct", distinct).isNotNull();
      assertThat(c.codeBytes()).isEqualTo(distinct <= 256 ? 1 : distinct <= 65_536 ? 2 : 4);
      int[] keys = v.dictionaryKeys();
      for (int i = 0; i < rows; i++) {
        assertThat(v.isNull(i)).isEqualTo(values[i] == null);
        if (values[i] != null) {
          assertThat(v.str(i)).isEqualTo(values[i]);
          assertThat(c.value(keys[i])).isSameAs(v.str(i));
        }
      }
    }
  }

  @Test
  void stringsFromUtf8CodesAreCodedOrHeldAsUtf8WhenMostlyDistinct() {
    int rows = 200_000;
    Utf8Dictionary few = new Utf8Dictionary();
    Utf8Dictionary many = new Utf8Dictionary();
    int[] fewCodes = new int[rows];
    int[] manyCodes = new int[rows];
    long[] nulls = Bits.create(rows);
    for (int i = 0; i < rows; i++) {
      byte[] a = utf8("k" + i % 1000);
      byte[] b = utf8("u" + i);
      fewCodes[i] = few.add(a, 0, a.length);
      manyCodes[i] = many.add(b, 0, b.length);
      if (i % 13 == 0) {
        Bits.set(nulls, i);
      }
    }
    Vec coded = Vec.ofStrings(few, fewCodes, nulls);
    Vec utf8 = Vec.ofStrings(many, manyCodes, nulls);
    assertThat(coded.dictionary()).isNotNull();
    assertThat(utf8.dictionary()).isNull();
    for (int i = 0; i < rows; i += 7) {
      assertThat(coded.isNull(i)).isEqualTo(i % 13 == 0);
      if (i % 13 != 0) {
        assertThat(coded.str(i)).isEqualTo("k" + i % 1000);
        assertThat(utf8.str(i)).isEqualTo("u" + i);
      }
    }
  }

  @Test
  void concatenatedCodedStringsMergeTheirDictionaries() {
    Vec a = Vec.ofStrings(new String[] {"x", null, "y", "x"});
    Vec b = Vec.ofStrings(new String[] {"z", "x", null});
    Vec gathered = b.take(new int[] {2, 0, -1, 1});
    List<Vec> parts = new ArrayList<>(List.of(a, b, gathered));
    Vec all = Vec.concat(DataType.STRING, parts);

    assertThat(all.dictionary()).isNotNull();
    String[] expected = {"x", null, "y", "x", "z", "x", null, null, "z", null, "x"};
    assertThat(all.size()).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(all.isNull(i)).as("row %d", i).isEqualTo(expected[i] == null);
      if (expected[i] != null) {
        assertThat(all.str(i)).isEqualTo(expected[i]);
      }
    }
    int[] codes = Codes.of(all).code();
    assertThat(codes[0]).isEqualTo(codes[3]).isEqualTo(codes[5]).isEqualTo(codes[10]);
    assertThat(codes[4]).isEqualTo(codes[8]).isNotEqualTo(codes[0]);
    assertThat(codes[1]).isEqualTo(codes[6]).isNotEqualTo(codes[0]).isNotEqualTo(codes[2]);
  }
}
