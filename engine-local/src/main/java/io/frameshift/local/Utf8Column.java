package io.frameshift.local;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings stored as one UTF-8 byte array and the offset of each value: the local engine's storage
 * for string columns whose values are mostly distinct, where {@link CodedStrings} would keep a
 * {@code String} per distinct value, about one per row (about 57 bytes for a 9-character id: object
 * header, hash, array header); here the same value takes its bytes and a 4-byte offset. A value is
 * decoded each time it is read, so this only pays where values rarely repeat.
 *
 * <p>It is also how strings arrive from Arrow, whose bytes and offsets are copied in bulk without
 * knowing whether values repeat. Such a column is coded ({@link #coded}) when a kernel first asks
 * for codes: once, by hashing bytes, and only if the values turn out to repeat.
 */
final class Utf8Column {
  /** {@link #coded} found the values mostly distinct, or they were known to be. */
  private static final Object DISTINCT = new Object();

  private final byte[] bytes;
  private final int[] offsets;

  /** {@link CodedStrings} of the same rows, {@link #DISTINCT}, or null while not yet looked at. */
  private volatile Object coded;

  private Utf8Column(byte[] bytes, int[] offsets, Object coded) {
    this.bytes = bytes;
    this.offsets = offsets;
    this.coded = coded;
  }

  /**
   * Values {@code i} spanning {@code bytes[offsets[i], offsets[i + 1])}, taken as they are (from
   * Arrow): whether they repeat is found out on first need of {@link #coded}.
   */
  static Utf8Column wrap(byte[] bytes, int[] offsets) {
    return new Utf8Column(bytes, offsets, null);
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
    return new Utf8Column(at == bytes.length ? bytes : Arrays.copyOf(bytes, at), offsets, DISTINCT);
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
    return new Utf8Column(bytes, offsets, DISTINCT);
  }

  /**
   * The same rows as distinct values and codes, made on first call by hashing each row's bytes
   * ({@link Utf8Dictionary}: a {@code String} per distinct value, none per row), or null when more
   * than {@code maxDistinct} values differ (then the column stays UTF-8 only, and later calls
   * answer at once). Null rows ({@code nulls}, the owning vector's mask) get code 0.
   */
  CodedStrings coded(long[] nulls, int maxDistinct) {
    Object c = coded;
    if (c == null) {
      synchronized (this) {
        c = coded;
        if (c == null) {
          CodedStrings made = code(nulls, maxDistinct);
          c = coded = made == null ? DISTINCT : made;
        }
      }
    }
    return c == DISTINCT ? null : (CodedStrings) c;
  }

  /** {@link #coded} if it has been made, without making it. */
  CodedStrings codedIfMade() {
    return coded instanceof CodedStrings c ? c : null;
  }

  private CodedStrings code(long[] nulls, int maxDistinct) {
    int n = size();
    int[] codes = new int[n];
    Utf8Dictionary d = new Utf8Dictionary();
    for (int i = 0; i < n; i++) {
      if (!Bits.get(nulls, i)) {
        codes[i] = d.add(bytes, offsets[i], offsets[i + 1] - offsets[i]);
        if (d.size() > maxDistinct) {
          return null;
        }
      }
    }
    String[] values = new String[d.size()];
    for (int id = 0; id < values.length; id++) {
      values[id] = d.string(id);
    }
    return CodedStrings.of(values, codes);
  }

  /** The UTF-8 of every row end to end (callers must not modify it). */
  byte[] bytes() {
    return bytes;
  }

  /** Row {@code i} spans {@code offset(i)} to {@code offset(i + 1)} of {@link #bytes}. */
  int offset(int i) {
    return offsets[i];
  }

  /** The offsets (size + 1 of them; callers must not modify them). */
  int[] offsets() {
    return offsets;
  }

  int size() {
    return offsets.length - 1;
  }

  String get(int i) {
    if (coded instanceof CodedStrings c) {
      return c.get(i); // shared instances, no decoding
    }
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
