package io.frameshift.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Distinct strings as UTF-8, numbered from 0 in order of first appearance and found again by their
 * bytes: what a reader builds a string column from when it has the bytes of each value (a Parquet
 * page) and no {@code String} yet. A {@code String} is made once per distinct value, when the
 * column is built ({@link Vec#ofStrings(Utf8Dictionary, int[], long[])}).
 *
 * <p>Values are found through an open-addressing table whose slot holds the hash, the id and the
 * value's first 15 bytes with its length: a short value (an id, a code) is matched by reading its
 * slot alone. The rows of a page come in random order and a table of a hundred thousand values is
 * past a core's cache, so each lookup costs about one miss; a slot pointing to the bytes elsewhere
 * would cost two or three.
 *
 * <p>Public for the readers of {@code io.frameshift.local.format}: the local engine's internals,
 * not API. Not thread-safe: a reader fills one per task and merges them ({@link #addAll}).
 */
public final class Utf8Dictionary {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Longs per slot: hash and id, bytes 0..7, bytes 8..14 and the length. */
  private static final int SLOT = 3;

  /** Values longer than this are compared with their bytes, not only their slot. */
  private static final int INLINE = 15;

  /** The values in id order, end to end: value {@code id} spans offsets id to id + 1. */
  private byte[] bytes = new byte[256];

  private int[] offsets = new int[17];
  private int[] hashes = new int[16];
  private int size;

  /** {@link #SLOT} longs a slot; a slot whose first long is 0 is free. */
  private long[] table = new long[32 * SLOT];

  /** The number of distinct values. */
  public int size() {
    return size;
  }

  /** The id of the value in {@code src[from, from + length)}, added when new. */
  public int add(byte[] src, int from, int length) {
    long w0 = word(src, from, length, 0);
    long w1 = lastWord(src, from, length);
    int h = length <= INLINE ? hash(w0, w1) : hash(src, from, length);
    return find(src, from, length, h, w0, w1);
  }

  /** The id of the value, whose hash is {@code hash} and slot words {@code w0}, {@code w1}. */
  private int find(byte[] src, int from, int length, int hash, long w0, long w1) {
    int mask = table.length / SLOT - 1;
    int slot = hash & mask;
    while (true) {
      int at = slot * SLOT;
      long head = table[at];
      if (head == 0) {
        return append(src, from, length, hash, at, w0, w1);
      }
      if ((int) (head >>> 32) == hash && table[at + 1] == w0 && table[at + 2] == w1) {
        int id = (int) head - 1;
        if (length <= INLINE
            || Arrays.equals(bytes, offsets[id], offsets[id + 1], src, from, from + length)) {
          return id;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  private int append(byte[] src, int from, int length, int hash, int at, long w0, long w1) {
    int end = offsets[size];
    if (end + length > bytes.length) {
      long grown = Math.max((long) end + length, (long) bytes.length * 2);
      if (grown > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("distinct strings of more than 2 GB of UTF-8");
      }
      bytes = Arrays.copyOf(bytes, (int) grown);
    }
    System.arraycopy(src, from, bytes, end, length);
    if (size + 1 == hashes.length) {
      hashes = Arrays.copyOf(hashes, hashes.length * 2);
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    int id = size++;
    hashes[id] = hash;
    offsets[id + 1] = end + length;
    table[at] = ((long) hash << 32) | (id + 1L);
    table[at + 1] = w0;
    table[at + 2] = w1;
    if (size * 4L > table.length / SLOT * 3L) {
      table = grow(table);
    }
    return id;
  }

  private static long[] grow(long[] table) {
    long[] grown = new long[table.length * 2];
    int mask = grown.length / SLOT - 1;
    for (int at = 0; at < table.length; at += SLOT) {
      long head = table[at];
      if (head != 0) {
        int slot = (int) (head >>> 32) & mask;
        while (grown[slot * SLOT] != 0) {
          slot = (slot + 1) & mask;
        }
        System.arraycopy(table, at, grown, slot * SLOT, SLOT);
      }
    }
    return grown;
  }

  /** Bytes {@code skip..skip+7} of the value, zero past its end, little endian. */
  private static long word(byte[] src, int from, int length, int skip) {
    int have = Math.min(8, length - skip);
    if (have <= 0) {
      return 0;
    }
    if (from + skip + 8 <= src.length) {
      long w = (long) LONGS.get(src, from + skip);
      return have == 8 ? w : w & ((1L << (8 * have)) - 1);
    }
    long w = 0;
    for (int k = 0; k < have; k++) {
      w |= (src[from + skip + k] & 0xFFL) << (8 * k);
    }
    return w;
  }

  /** Bytes 8..14 of the value and, in the top byte, its length (255 for longer values). */
  private static long lastWord(byte[] src, int from, int length) {
    long w = word(src, from, Math.min(length, INLINE), 8);
    return w | (long) Math.min(length, 255) << 56;
  }

  /**
   * Adds the values of {@code other} (those not here yet); returns, for each id of {@code other},
   * its id here: the table that renumbers codes made with {@code other}. Never empty, so a code of
   * a null row (0, whatever it was) stays a valid index.
   */
  public int[] addAll(Utf8Dictionary other) {
    int[] ids = new int[Math.max(1, other.size)];
    for (int id = 0; id < other.size; id++) {
      int from = other.offsets[id];
      int length = other.offsets[id + 1] - from;
      ids[id] =
          find(
              other.bytes,
              from,
              length,
              other.hashes[id],
              word(other.bytes, from, length, 0),
              lastWord(other.bytes, from, length));
    }
    return ids;
  }

  /** Value {@code id} decoded. */
  String string(int id) {
    return new String(bytes, offsets[id], offsets[id + 1] - offsets[id], StandardCharsets.UTF_8);
  }

  /** The UTF-8 of every value, end to end; value {@code id} spans {@link #offset} id to id + 1. */
  byte[] bytes() {
    return bytes;
  }

  int offset(int id) {
    return offsets[id];
  }

  /** The hash of a value of at most {@value #INLINE} bytes: of its slot words. */
  private static int hash(long w0, long w1) {
    return (int) Keys.mix(w0 * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(w1, 31));
  }

  /** A hash of the bytes, eight at a time, finished by {@link Keys#mix}. */
  private static int hash(byte[] src, int from, int length) {
    long h = length;
    int i = from;
    int end = from + length;
    for (; i + 8 <= end; i += 8) {
      h = Long.rotateLeft(h ^ (long) LONGS.get(src, i), 29) * 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (src[i] & 0xFFL) << shift;
    }
    return (int) Keys.mix(h ^ tail);
  }
}
