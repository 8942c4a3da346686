package io.frameshift.spi;

import io.frameshift.JoinType;
import io.frameshift.expr.Expr;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A join's type and how rows match: either on {@code keys} shared by name (SQL {@code USING}) or on
 * a {@code condition} over columns of both sides (names must then be unambiguous).
 *
 * <p>Output columns are fixed here for every engine: for a key join, the keys once (for RIGHT and
 * FULL joins holding whichever side is non-null), then the left's other columns, then the right's
 * other columns; for a condition join, all left columns then all right columns. A right column
 * whose name is taken gets {@code suffix}. SEMI and ANTI joins output the left columns only.
 *
 * @param type the join type
 * @param keys the shared key column names; empty for a condition join
 * @param condition the join condition, or null for a key join
 * @param suffix appended to clashing right-side names
 */
public record JoinSpec(JoinType type, List<String> keys, Expr condition, String suffix) {
  public static final String DEFAULT_SUFFIX = "_right";

  public JoinSpec {
    Objects.requireNonNull(type, "type");
    keys = List.copyOf(keys);
    Objects.requireNonNull(suffix, "suffix");
    if (keys.isEmpty() == (condition == null)) {
      throw new IllegalArgumentException("a join has either keys or a condition");
    }
  }

  /** Where an output column comes from. */
  public enum Side {
    LEFT,
    RIGHT,
    /** A key column: the left value, or the right one where the left is null. */
    KEY
  }

  /**
   * One output column: its origin side, its name on that side, and its output name.
   *
   * @param side where it comes from
   * @param column its name in the input (for KEY, the key name on both sides)
   * @param name its output name
   */
  public record Output(Side side, String column, String name) {}

  /** The output columns in order. */
  public List<Output> outputs(Schema left, Schema right) {
    List<Output> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    Set<String> keySet = new HashSet<>(keys);
    boolean leftOnly = type == JoinType.SEMI || type == JoinType.ANTI;
    if (!leftOnly) {
      for (String k : keys) {
        out.add(
            new Output(
                type == JoinType.RIGHT || type == JoinType.FULL ? Side.KEY : Side.LEFT, k, k));
        taken.add(k);
      }
    }
    for (String n : left.names()) {
      if (leftOnly || !keySet.contains(n)) {
        out.add(new Output(Side.LEFT, n, n));
        taken.add(n);
      }
    }
    if (leftOnly) {
      return out;
    }
    for (String n : right.names()) {
      if (keySet.contains(n)) {
        continue;
      }
      String name = n;
      while (taken.contains(name)) {
        name = name + suffix;
      }
      out.add(new Output(Side.RIGHT, n, name));
      taken.add(name);
    }
    return out;
  }

  /** The output schema: see the class comment. Outer joins make the other side nullable. */
  public Schema outputSchema(Schema left, Schema right) {
    List<Field> fields = new ArrayList<>();
    for (Output o : outputs(left, right)) {
      Field f =
          switch (o.side()) {
            case LEFT -> left.field(o.column());
            case RIGHT -> right.field(o.column());
            case KEY -> left.field(o.column());
          };
      boolean nullable =
          f.nullable()
              || (o.side() == Side.LEFT && (type == JoinType.RIGHT || type == JoinType.FULL))
              || (o.side() == Side.RIGHT && (type == JoinType.LEFT || type == JoinType.FULL))
              || (o.side() == Side.KEY && right.field(o.column()).nullable());
      fields.add(new Field(o.name(), f.type(), nullable));
    }
    return Schema.of(fields);
  }
}
