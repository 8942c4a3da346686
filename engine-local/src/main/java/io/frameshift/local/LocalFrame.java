package io.frameshift.local;

import io.frameshift.spi.EngineFrame;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The local engine's frame: fully computed columns ({@link Vec}: arrays of values plus a null mask)
 * and the Frameshift schema it was built with, returned unchanged by {@link #schema()}. Immutable;
 * frames share column vectors. Public (constructor, rows, columns, take, select) for the readers
 * and writers of {@code io.frameshift.local.format}: the local engine's internals, not API.
 */
public final class LocalFrame implements EngineFrame {
  /** The engine that makes every local frame; held here so storage needs nothing above it. */
  static final String ENGINE = "local";

  private final Schema schema;
  private final Vec[] columns;
  private final int rows;

  public LocalFrame(Schema schema, List<Vec> columns, int rows) {
    if (schema.size() != columns.size()) {
      throw new IllegalArgumentException(
          "schema " + schema + " has " + schema.size() + " columns, got " + columns.size());
    }
    for (int i = 0; i < columns.size(); i++) {
      Vec v = columns.get(i);
      if (v.size() != rows || !v.type().equals(schema.field(i).type())) {
        throw new IllegalArgumentException(
            "column "
                + schema.field(i)
                + " got "
                + v.size()
                + " values of "
                + v.type()
                + ", expected "
                + rows);
      }
    }
    this.schema = schema;
    this.columns = columns.toArray(new Vec[0]);
    this.rows = rows;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String engine() {
    return ENGINE;
  }

  public int rows() {
    return rows;
  }

  public Vec column(int i) {
    return columns[i];
  }

  Vec column(String name) {
    return columns[schema.indexOf(name)];
  }

  List<Vec> columns() {
    return List.of(columns);
  }

  /** The size of the columns in memory, estimated as for the selector. */
  public long estimatedBytes() {
    long bytes = 0;
    for (Vec v : columns) {
      bytes += v.estimatedBytes();
    }
    return bytes;
  }

  /** The rows of {@code frames}, one after the other, with {@code schema} (which they all have). */
  public static LocalFrame concat(Schema schema, List<LocalFrame> frames) {
    if (frames.size() == 1) {
      return frames.get(0);
    }
    List<Vec> vecs = new ArrayList<>();
    int rows = 0;
    for (LocalFrame f : frames) {
      rows = Math.addExact(rows, f.rows());
    }
    for (int c = 0; c < schema.size(); c++) {
      List<Vec> parts = new ArrayList<>();
      for (LocalFrame f : frames) {
        parts.add(f.column(c));
      }
      vecs.add(Vec.concat(schema.field(c).type(), parts));
    }
    return new LocalFrame(schema, vecs, rows);
  }

  /**
   * This frame's rows with the columns of {@code target}: column {@code c} is this frame's column
   * {@code from[c]} cast to the target's type (as {@code CAST} does: a table's file column widened
   * to the table's type), or all null where {@code from[c]} is -1.
   */
  public LocalFrame arrange(Schema target, int[] from) {
    List<Vec> out = new ArrayList<>(target.size());
    for (int c = 0; c < target.size(); c++) {
      DataType type = target.field(c).type();
      out.add(from[c] < 0 ? Vec.constant(type, null, rows) : Casts.cast(columns[from[c]], type));
    }
    return new LocalFrame(target, out, rows);
  }

  /** The rows at {@code idx} (-1 gives a row of nulls) of every column. */
  public LocalFrame take(int[] idx) {
    Vec[] out = new Vec[columns.length];
    // columns gather independently
    Parallelism.forEach(columns.length, idx.length, c -> out[c] = columns[c].take(idx));
    return new LocalFrame(schema, List.of(out), idx.length);
  }

  /** Only the named columns, in the given order. */
  public LocalFrame select(Collection<String> names) {
    List<Field> fields = new ArrayList<>();
    List<Vec> vecs = new ArrayList<>();
    for (String n : names) {
      int i = schema.indexOf(n);
      fields.add(schema.field(i));
      vecs.add(columns[i]);
    }
    return new LocalFrame(Schema.of(fields), vecs, rows);
  }

  @Override
  public String toString() {
    return "LocalFrame " + schema + " (" + rows + " rows)";
  }
}
