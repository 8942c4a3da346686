package io.frameshift.local;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings stored as one UTF-8 byte array and the offset of each value: the local engine's storage
 * for string columns whose values are mostly distinct, where {@link CodedStrings} would keep a
 * {@code String} per distinct value, about one per row (about 57 bytes for a 9-character id: object
 * header, hash, array header); here the same value takes its bytes and a 4-byte offset. A value is
 * decoded each time it is read, so this only pays where values rarely repeat.
 */
final class Utf8Column {
  private final byte[] bytes;
  private final int[] offsets;

  private Utf8Column(byte[] bytes, int[] offsets) {
    this.bytes = bytes;
    this.offsets = offsets;
  }

  /**
   * {@code values} (no nulls: the caller's mask has them) encoded, or null when their UTF-8 exceeds
   * what one array holds.
   */
  static Utf8Column of(String[] values) {
    int[] offsets = new int[values.length + 1];
    byte[] bytes = new byte[Math.max(16, values.length * 8)];
    int at = 0;
    for (int i = 0; i < values.length; i++) {
      String s = values[i];
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if ((long) at + b.length > Integer.MAX_VALUE - 16) {
        return null;
      }
      if (at + b.length > bytes.length) {
        long grown = Math.max((long) at + b.length, bytes.length + (bytes.length >> 1));
        bytes = Arrays.copyOf(bytes, (int) Math.min(grown, Integer.MAX_VALUE - 16));
      }
      System.arraycopy(b, 0, bytes, at, b.length);
      at += b.length;
      offsets[i + 1] = at;
    }
    return new Utf8Column(at == bytes.length ? bytes : Arrays.copyOf(bytes, at), offsets);
  }

  /**
   * The values {@code codes} name in {@code dictionary}, empty on null rows, copied byte for byte;
   * null when they exceed what one array holds.
   */
  static Utf8Column of(Utf8Dictionary dictionary, int[] codes, long[] nulls) {
    int n = codes.length;
    byte[] from = dictionary.bytes();
    int[] offsets = new int[n + 1];
    long total = 0;
    for (int i = 0; i < n; i++) {
      if (!Bits.get(nulls, i)) {
        total += dictionary.offset(codes[i] + 1) - dictionary.offset(codes[i]);
      }
      offsets[i + 1] = (int) Math.min(total, Integer.MAX_VALUE);
    }
    if (total > Integer.MAX_VALUE - 16) {
      return null;
    }
    byte[] bytes = new byte[(int) total];
    for (int i = 0; i < n; i++) {
      int start = dictionary.offset(codes[i]);
      System.arraycopy(from, start, bytes, offsets[i], offsets[i + 1] - offsets[i]);
    }
    return new Utf8Column(bytes, offsets);
  }

  int size() {
    return offsets.length - 1;
  }

  String get(int i) {
    return new String(bytes, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8);
  }

  /** Value {@code i}'s UTF-8 bytes (a copy). */
  byte[] utf8(int i) {
    return Arrays.copyOfRange(bytes, offsets[i], offsets[i + 1]);
  }

  /** The heap this column takes: its bytes and offsets. */
  long heapBytes() {
    return bytes.length + 4L * offsets.length;
  }
}
