package io.frameshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;

/**
 * Strings imported from Arrow keep Arrow's bytes and offsets and are coded only when a kernel first
 * needs codes: the kernels, the estimate and the export give what they give for strings built
 * coded, and the memory of every batch is released.
 */
class ArrowStringsTest {
  private static final int N = 200_000;

  /** 3,000 values, some non-ASCII, one long; a null every 13th row. */
  private static String[] values() {
    String[] v = new String[N];
    for (int i = 0; i < N; i++) {
      int k = (int) ((i * 2_654_435_761L) % 3000);
      v[i] = i % 13 == 4 ? null : (k % 7 == 0 ? "ü-" : k == 5 ? "x".repeat(40) : "v") + k;
    }
    return v;
  }

  private static LocalFrame frame(Vec s) {
    return new LocalFrame(Schema.of(Field.of("s", DataType.STRING)), List.of(s), s.size());
  }

  /** The vector through Arrow in batches of 4,096 rows (so several batches are joined). */
  private static Vec throughArrow(Vec v) {
    try (ArrowBatches out = ArrowExport.export(frame(v), 4096)) {
      return ArrowImport.importBatches(out).columns().get(0);
    }
  }

  @Test
  void importedStringsAreCodedOnFirstNeedOnlyAndReadAsBuilt() {
    Vec built = Vec.ofStrings(values());
    Vec imported = throughArrow(built);

    assertThat(imported.utf8Base()).as("held as Arrow's UTF-8").isNotNull();
    long estimate = imported.estimatedBytes();
    assertThat(imported.utf8Base().codedIfMade()).as("an estimate does not code").isNull();
    assertThat(estimate).isPositive();
    for (int i = 0; i < N; i++) {
      assertThat(imported.isNull(i)).isEqualTo(built.isNull(i));
      if (!built.isNull(i)) {
        assertThat(imported.str(i)).isEqualTo(built.str(i));
      }
    }

    CodedStrings coded = imported.dictionary();
    assertThat(coded).as("coded once a kernel asks: the values repeat").isNotNull();
    assertThat(coded.cardinality()).isEqualTo(built.dictionary().cardinality());
    assertThat(imported.dictionary()).as("made once").isSameAs(coded);
    assertThat(imported.str(3)).as("shares instances once coded").isSameAs(imported.str(3));
  }

  @Test
  void kernelsOnImportedStringsGiveTheAnswersOfBuiltOnes() {
    Vec built = Vec.ofStrings(values());
    Vec imported = throughArrow(built);

    Codes a = Codes.of(built);
    Codes b = Codes.of(imported);
    int[] ranksA = Order.stringRanks(built);
    int[] ranksB = Order.stringRanks(imported);
    for (int i = 1; i < N; i++) {
      assertThat(a.code()[i] == a.code()[i - 1])
          .as("same group as the row before, row %d", i)
          .isEqualTo(b.code()[i] == b.code()[i - 1]);
      assertThat(Integer.signum(Integer.compare(ranksA[i], ranksA[i - 1])))
          .as("rank order, row %d", i)
          .isEqualTo(Integer.signum(Integer.compare(ranksB[i], ranksB[i - 1])));
    }
  }

  @Test
  void mostlyDistinctImportedStringsStayUtf8AndGroupByValue() {
    String[] distinct = new String[N];
    for (int i = 0; i < N; i++) {
      distinct[i] = i % 11 == 0 ? null : "id" + (i == 7 ? 8 : i);
    }
    Vec imported = throughArrow(Vec.ofStrings(distinct));

    assertThat(imported.dictionary()).as("too many values to code").isNull();
    Codes codes = Codes.of(imported);
    assertThat(codes.code()[7]).isEqualTo(codes.code()[8]);
    assertThat(codes.code()[9]).isNotEqualTo(codes.code()[10]);
  }

  @Test
  void gatheredAndCodedImportsExportTheirRows() {
    Vec imported = throughArrow(Vec.ofStrings(values()));
    int[] idx = new int[N / 2];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k % 17 == 3 ? -1 : N - 1 - 2 * k;
    }
    Vec gathered = imported.take(idx);

    Vec utf8Rows = throughArrow(gathered); // from the base's bytes, row by row
    imported.dictionary();
    Vec codedRows = throughArrow(gathered); // from the codes, now that they exist
    for (Vec back : List.of(utf8Rows, codedRows)) {
      for (int k = 0; k < idx.length; k++) {
        assertThat(back.isNull(k)).isEqualTo(gathered.isNull(k));
        if (!gathered.isNull(k)) {
          assertThat(back.str(k)).isEqualTo(gathered.str(k));
        }
      }
    }
  }

  /**
   * Coded strings are gathered by 8-byte words that may run past a value: every length from empty
   * to past two words, one- to four-byte characters, nulls between, each row comes back as built.
   */
  @Test
  void codedStringsOfEveryLengthExportExactly() {
    String[] distinct = new String[40];
    for (int len = 0; len < distinct.length; len++) {
      StringBuilder b = new StringBuilder();
      for (int c = 0; b.toString().getBytes(StandardCharsets.UTF_8).length < len; c++) {
        b.append(c % 5 == 3 ? "é" : c % 11 == 7 ? "😀" : String.valueOf((char) ('a' + c % 26)));
      }
      distinct[len] = b.toString();
    }
    String[] v = new String[N];
    for (int i = 0; i < N; i++) {
      v[i] = i % 9 == 2 ? null : distinct[(int) ((i * 2_654_435_761L) % distinct.length)];
    }
    Vec built = Vec.ofStrings(v);
    assertThat(built.dictionary()).as("built coded").isNotNull();
    Vec back = throughArrow(built);
    for (int i = 0; i < N; i++) {
      assertThat(back.isNull(i)).as("null at row %d", i).isEqualTo(v[i] == null);
      if (v[i] != null) {
        assertThat(back.str(i)).as("row %d", i).isEqualTo(v[i]);
      }
    }
  }

  /** A vector whose offsets start past 0 (a slice, as other producers hand them) is read right. */
  @Test
  void offsetsThatDoNotStartAtZeroAreRebased() {
    Schema schema = Schema.of(Field.of("s", DataType.STRING));
    byte[] data = "skipmeaß-bc".getBytes(StandardCharsets.UTF_8);
    int[] offsets = {6, 7, 7, 11, 12}; // "a", null, "ß-b", "c" after 6 bytes of something else
    LocalFrame frame;
    try (BufferAllocator allocator = ArrowMemory.child("test-slice")) {
      VarCharVector v =
          new VarCharVector("s", FieldType.nullable(ArrowType.Utf8.INSTANCE), allocator);
      v.allocateNew(data.length, 4);
      v.getDataBuffer().setBytes(0, data);
      for (int i = 0; i < offsets.length; i++) {
        v.getOffsetBuffer().setInt(4L * i, offsets[i]);
      }
      for (int i : new int[] {0, 2, 3}) {
        BitVectorHelper.setBit(v.getValidityBuffer(), i);
      }
      v.setLastSet(3);
      v.setValueCount(4);
      frame = ArrowImport.importBatches(ArrowBatches.of(schema, List.of(VectorSchemaRoot.of(v))));
      assertThat(allocator.getAllocatedMemory()).as("released").isZero();
    }
    Vec s = frame.columns().get(0);
    assertThat(s.str(0)).isEqualTo("a");
    assertThat(s.isNull(1)).isTrue();
    assertThat(s.str(2)).isEqualTo("ß-b");
    assertThat(s.str(3)).isEqualTo("c");
  }
}
