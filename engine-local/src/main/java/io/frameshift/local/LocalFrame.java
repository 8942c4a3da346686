package io.frameshift.local;

import io.frameshift.spi.EngineFrame;
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
