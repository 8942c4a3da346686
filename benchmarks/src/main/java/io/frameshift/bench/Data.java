package io.frameshift.bench;

import java.util.List;

/**
 * One generated table, column by column, in plain Java arrays: the neutral form every system loads
 * its own copy from, outside the timed region.
 */
record Data(String name, List<Col> columns, int rows) {

  /** A column; a null array of nulls means "no missing value". */
  sealed interface Col permits Ints, Doubles, Strings {
    String name();

    /** Bytes of the column in a plain columnar layout (strings as 4-byte dictionary codes). */
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
    @Override
    public long columnarBytes() {
      return 4L * values.length;
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
