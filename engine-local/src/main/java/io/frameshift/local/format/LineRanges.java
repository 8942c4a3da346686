package io.frameshift.local.format;

import io.frameshift.error.InputException;
import io.frameshift.spi.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Line-oriented files cut into byte ranges at line ends, for the readers that parse ranges in
 * parallel (JSON lines, CSV): {@link #ranges} cuts, {@link #forEachLine} streams a range's lines
 * and counts its line ends, and {@link #firstLines} turns the counts into each range's first line
 * in its file, so an error names the line of the file however the file was split.
 */
final class LineRanges {
  /** Ranges of about this many bytes are parsed in parallel; a smaller file is one range. */
  static final long RANGE_BYTES = 8L << 20;

  /** Lines are streamed through a buffer of this size (grown for a longer line). */
  private static final int BLOCK = 1 << 20;

  private LineRanges() {}

  @FunctionalInterface
  interface LineHandler {
    /**
     * One line, without its {@code \n}: bytes {@code [from, to)} of {@code buf}, {@code index} the
     * 0-based line number within the range read; false stops reading.
     */
    boolean line(byte[] buf, int from, int to, int index);
  }

  /** A byte range of a file starting at a line start, and its file's index in the listing. */
  record Range(int file, Path path, long start, long end) {}

  /**
   * Calls {@code handler} with each line of bytes {@code [start, end)} of {@code file}, where
   * {@code start} begins a line; returns the number of line ends ({@code \n}) seen. A byte-order
   * mark at the start of the file is skipped. The bytes of each block read are reported to {@code
   * progress} once its lines are handled.
   */
  static int forEachLine(Path file, long start, long end, Progress progress, LineHandler handler) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] buf = new byte[(int) Math.min(BLOCK, Math.max(end - start, 16))];
      int filled = 0;
      long pos = start;
      int lines = 0;
      boolean first = start == 0;
      while (true) {
        int want = (int) Math.min(buf.length - filled, end - pos);
        int n = want == 0 ? -1 : ch.read(ByteBuffer.wrap(buf, filled, want), pos);
        if (n > 0) {
          pos += n;
          filled += n;
        }
        int from = 0;
        if (first
            && filled >= 3
            && (buf[0] & 0xFF) == 0xEF
            && (buf[1] & 0xFF) == 0xBB
            && (buf[2] & 0xFF) == 0xBF) {
          from = 3;
        }
        if (first && (filled >= 3 || n <= 0)) {
          first = false;
        }
        int i = from;
        for (; i < filled; i++) {
          if (buf[i] == '\n') {
            if (!handler.line(buf, from, i, lines++)) {
              return lines;
            }
            from = i + 1;
          }
        }
        if (n > 0) {
          progress.advance(-1, n);
        }
        if (n <= 0) {
          if (from < filled) {
            handler.line(buf, from, filled, lines);
          }
          return lines;
        }
        // keep the partial line, growing the buffer when it fills it
        int rest = filled - from;
        if (rest == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        } else {
          System.arraycopy(buf, from, buf, 0, rest);
        }
        filled = rest;
      }
    } catch (IOException e) {
      throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Cuts the files into ranges of about {@code rangeBytes}, each cut moved forward to just after a
   * line end so every range holds whole lines.
   */
  static List<Range> ranges(List<Path> files, long rangeBytes) {
    List<Range> out = new ArrayList<>();
    for (int f = 0; f < files.size(); f++) {
      Path path = files.get(f);
      long size = size(path);
      long start = 0;
      while (start < size) {
        long end = start + rangeBytes >= size ? size : lineStartAfter(path, start + rangeBytes);
        out.add(new Range(f, path, start, end));
        start = end;
      }
    }
    return out;
  }

  /**
   * The 0-based line of its file each range starts at, given the line ends ({@link #forEachLine}'s
   * result) of every range.
   */
  static long[] firstLines(List<Range> ranges, int[] lineEnds) {
    long[] first = new long[ranges.size()];
    long offset = 0;
    for (int r = 0; r < first.length; r++) {
      if (r > 0 && ranges.get(r).file() != ranges.get(r - 1).file()) {
        offset = 0;
      }
      first[r] = offset;
      offset += lineEnds[r];
    }
    return first;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The position just after the first {@code \n} at or after {@code pos - 1}, or the size. */
  private static long lineStartAfter(Path file, long pos) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      long at = pos - 1;
      while (true) {
        b.clear();
        int n = ch.read(b, at);
        if (n <= 0) {
          return ch.size();
        }
        for (int i = 0; i < n; i++) {
          if (b.get(i) == '\n') {
            return at + i + 1;
          }
        }
        at += n;
      }
    } catch (IOException e) {
      throw new InputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
