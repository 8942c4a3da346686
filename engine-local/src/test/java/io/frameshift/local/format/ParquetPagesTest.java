package io.frameshift.local.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.local.Bits;
import io.frameshift.local.Utf8Dictionary;
import io.frameshift.local.Vec;
import io.frameshift.types.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

/**
 * Pages the common writers do not make but the format allows, built byte by byte: levels in the
 * deprecated BIT_PACKED encoding, a last bit-packed group cut short, a page of nulls without even
 * the ids' bit width.
 */
class ParquetPagesTest {
  private static ColumnDescriptor optional(PrimitiveTypeName type, LogicalTypeAnnotation a) {
    return Types.buildMessage()
        .addField(Types.optional(type).as(a).named("x"))
        .named("m")
        .getColumns()
        .get(0);
  }

  private static PageReader pages(DictionaryPage dictionary, DataPage... data) {
    ArrayDeque<DataPage> queue = new ArrayDeque<>(List.of(data));
    return new PageReader() {
      @Override
      public DictionaryPage readDictionaryPage() {
        return dictionary;
      }

      @Override
      public long getTotalValueCount() {
        return queue.stream().mapToLong(DataPage::getValueCount).sum();
      }

      @Override
      public DataPage readPage() {
        return queue.poll();
      }
    };
  }

  private static DataPageV1 v1(byte[] bytes, int count, Encoding levels, Encoding values) {
    return new DataPageV1(
        BytesInput.from(bytes), count, bytes.length, null, Encoding.BIT_PACKED, levels, values);
  }

  /**
   * Dictionary ids of every width up to 17 bits, encoded by parquet-java's own RLE / bit-packing
   * encoder (runs and packed groups mixed), decode to the values they name.
   */
  @Test
  void dictionaryIdsOfEveryWidthDecodeAsParquetJavaEncodesThem() throws IOException {
    Random r = new Random(5);
    for (int width = 0; width <= 17; width++) {
      int size = 1 << width;
      ByteBuffer d = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < size; i++) {
        d.putInt(i * 3 - 7);
      }
      int n = 1000 + r.nextInt(100);
      int[] ids = new int[n];
      RunLengthBitPackingHybridEncoder encoder =
          new RunLengthBitPackingHybridEncoder(
              width, 64, 1 << 20, HeapByteBufferAllocator.getInstance());
      for (int i = 0; i < n; i++) {
        ids[i] = i % 100 < 30 ? size - 1 : r.nextInt(size); // a run, then random ids
        encoder.writeInt(ids[i]);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      encoder.toBytes().writeAllTo(bytes);
      byte[] encoded = bytes.toByteArray();
      byte[] page = new byte[encoded.length + 1];
      page[0] = (byte) width;
      System.arraycopy(encoded, 0, page, 1, encoded.length);
      int[] out = new int[n];
      ParquetPages.decode(
          pages(
              new DictionaryPage(BytesInput.from(d.array()), size, Encoding.PLAIN),
              new DataPageV1(
                  BytesInput.from(page),
                  n,
                  page.length,
                  null,
                  Encoding.BIT_PACKED,
                  Encoding.BIT_PACKED,
                  Encoding.RLE_DICTIONARY)),
          Types.buildMessage()
              .addField(Types.required(PrimitiveTypeName.INT32).named("x"))
              .named("m")
              .getColumns()
              .get(0),
          DataType.INT32,
          out,
          null,
          0,
          n);
      for (int i = 0; i < n; i++) {
        assertThat(out[i]).as("width %d, row %d", width, i).isEqualTo(ids[i] * 3 - 7);
      }
    }
  }

  @Test
  void bitPackedLevelsAreReadHighBitFirst() {
    // 10 rows, null at 1 and 8: levels 1011 1111 | 01
    ByteBuffer b = ByteBuffer.allocate(2 + 8 * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0b1011_1111).put((byte) 0b0100_0000);
    for (int v = 1; v <= 8; v++) {
      b.putInt(v * 10);
    }
    int[] out = new int[12];
    long[] nulls =
        ParquetPages.decode(
            pages(null, v1(b.array(), 10, Encoding.BIT_PACKED, Encoding.PLAIN)),
            optional(PrimitiveTypeName.INT32, null),
            DataType.INT32,
            out,
            null,
            2,
            10);
    for (int i = 0; i < 10; i++) {
      assertThat(Bits.get(nulls, i)).as("row %d", i).isEqualTo(i == 1 || i == 8);
    }
    assertThat(out[2]).isEqualTo(10);
    assertThat(out[4]).isEqualTo(20);
    assertThat(out[9]).isEqualTo(70);
    assertThat(out[11]).isEqualTo(80);
  }

  @Test
  void dictionaryIdsInAShortLastGroupAndPagesOfNullsDecode() {
    // strings "a", "b", "c" in a dictionary page
    ByteBuffer d = ByteBuffer.allocate(15).order(ByteOrder.LITTLE_ENDIAN);
    for (String s : List.of("a", "b", "c")) {
      d.putInt(1).put((byte) s.charAt(0));
    }
    DictionaryPage dictionary = new DictionaryPage(BytesInput.from(d.array()), 3, Encoding.PLAIN);
    // page 1: 5 rows, no null: RLE levels (a run of five 1s), ids 2 0 1 1 2 bit-packed in one
    // group of 2-bit values whose bytes stop after the fifth value
    ByteBuffer p = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    p.putInt(2).put((byte) (5 << 1)).put((byte) 1); // levels
    p.put((byte) 2); // bit width
    p.put((byte) (1 << 1 | 1)); // one bit-packed group
    p.put((byte) (2 | 0 << 2 | 1 << 4 | 1 << 6)).put((byte) 2); // 2 0 1 1 | 2, cut short
    byte[] first = Arrays.copyOf(p.array(), p.position());
    // page 2: 3 rows, all null, and no values at all
    ByteBuffer q = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
    q.putInt(2).put((byte) (3 << 1)).put((byte) 0);
    int[] codes = new int[8];
    Utf8Dictionary strings = new Utf8Dictionary();
    long[] nulls =
        ParquetPages.decode(
            pages(
                dictionary,
                v1(first, 5, Encoding.RLE, Encoding.RLE_DICTIONARY),
                v1(q.array(), 3, Encoding.RLE, Encoding.RLE_DICTIONARY)),
            optional(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType()),
            DataType.STRING,
            codes,
            strings,
            0,
            8);
    String[] got = new String[5];
    for (int i = 0; i < 5; i++) {
      assertThat(Bits.get(nulls, i)).isFalse();
      got[i] = Vec.ofStrings(strings, new int[] {codes[i]}, null).str(0);
    }
    assertThat(got).containsExactly("c", "a", "b", "b", "c");
    for (int i = 5; i < 8; i++) {
      assertThat(Bits.get(nulls, i)).isTrue();
    }
  }
}
