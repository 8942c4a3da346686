package io.frameshift.local;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/** Arrow validity bitmaps and buffers against the local engine's null masks and arrays. */
final class ArrowBuffers {
  // ---- bitmaps and buffers ----------------------------------------------------------------------

  /** The first {@code n * width} bytes of {@code buf}, little endian as Arrow lays them out. */
  static ByteBuffer bytes(ArrowBuf buf, int n, int width) {
    return buf.nioBuffer(0, Math.multiplyExact(n, width)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The validity words of rows {@code [start, start + len)} ({@code start} a multiple of 64). */
  static long[] validWords(long[] nulls, int start, int len) {
    long[] words = new long[(len + 63) >>> 6];
    int first = start >>> 6;
    for (int w = 0; w < words.length; w++) {
      words[w] = nulls == null ? -1L : ~nulls[first + w];
    }
    if ((len & 63) != 0) {
      words[words.length - 1] &= (1L << len) - 1; // bits past the end stay 0
    }
    return words;
  }

  /** Writes the first {@code n} bits of {@code words} as an Arrow bitmap. */
  static void writeBits(ArrowBuf buf, long[] words, int n) {
    int bytes = (n + 7) >>> 3;
    int full = bytes >>> 3;
    for (int w = 0; w < full; w++) {
      buf.setLong(8L * w, words[w]);
    }
    for (int b = full << 3; b < bytes; b++) {
      buf.setByte(b, (byte) (words[b >>> 3] >>> ((b & 7) << 3)));
    }
  }

  /** The first {@code n} bits of an Arrow bitmap; bits past {@code n} are 0. */
  static long[] readBits(ArrowBuf buf, int n) {
    long[] words = new long[(n + 63) >>> 6];
    int bytes = (n + 7) >>> 3;
    int full = bytes >>> 3;
    for (int w = 0; w < full; w++) {
      words[w] = buf.getLong(8L * w);
    }
    for (int b = full << 3; b < bytes; b++) {
      words[b >>> 3] |= (buf.getByte(b) & 0xFFL) << ((b & 7) << 3);
    }
    if ((n & 63) != 0) {
      words[words.length - 1] &= (1L << n) - 1;
    }
    return words;
  }

  /** The null mask of a vector (null when it has no nulls). */
  static long[] readNulls(FieldVector v, int n) {
    if (n == 0 || v.getNullCount() == 0) {
      return null;
    }
    long[] mask = readBits(v.getValidityBuffer(), n);
    for (int w = 0; w < mask.length; w++) {
      mask[w] = ~mask[w];
    }
    if ((n & 63) != 0) {
      mask[mask.length - 1] &= (1L << n) - 1;
    }
    return mask;
  }

  private ArrowBuffers() {}
}
