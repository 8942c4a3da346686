package io.frameshift.bench;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One generated table, column by column, in plain Java arrays: the neutral form every system loads
 * its own copy from, outside the timed region.
 */
record Data(String name, List<Col> columns, int rows) {

  /** A column; a null array of nulls means "no missing value". */
  sealed interface Col permits Ints, Doubles, Strings {
    String name();

    /** Bytes of the column in Arrow's columnar layout (validity bitmaps not counted). */
    long columnarBytes();
  }

  record Ints(String name, int[] values, boolean[] nulls) implements Col {
    @Override
    public long columnarBytes() {
      return 4L * values.length;
    }
  }

  record Doubles(String name, double[] values, boolean[] nulls) implements Col {
    @Override
    public long columnarBytes() {
      return 8L * values.length;
    }
  }

  /** Strings; a null element is missing. Equal values share one instance. */
  record Strings(String name, String[] values) implements Col {
    /**
     * The smaller of Arrow's two layouts: dictionary-encoded (a 4-byte code per row, plus an offset
     * and the bytes of every distinct value) or plain (an offset and the bytes of every row). The
     * generated ids are ASCII, so a value's length is its UTF-8 size.
     */
    @Override
    public long columnarBytes() {
      Set<String> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
      long plain = 4L * (values.length + 1);
      for (String v : values) {
        if (v != null) {
          plain += v.length();
          distinct.add(v);
        }
      }
      long dictionary = 4L * values.length + 4L * (distinct.size() + 1);
      for (String v : distinct) {
        dictionary += v.length();
      }
      return Math.min(plain, dictionary);
    }
  }

  Col column(String n) {
    for (Col c : columns) {
      if (c.name().equals(n)) {
        return c;
      }
    }
    throw new IllegalArgumentException("No column '" + n + "' in " + name);
  }

  long columnarBytes() {
    long b = 0;
    for (Col c : columns) {
      b += c.columnarBytes();
    }
    return b;
  }
}
