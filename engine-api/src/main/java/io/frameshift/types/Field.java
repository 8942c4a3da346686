package io.frameshift.types;

import java.util.Objects;

/**
 * A named, typed column of a {@link Schema}.
 *
 * @param name the column name, case-sensitive
 * @param type the column type
 * @param nullable whether the column may hold nulls
 */
public record Field(String name, DataType type, boolean nullable) implements java.io.Serializable {
  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A nullable field. */
  public static Field of(String name, DataType type) {
    return new Field(name, type, true);
  }

  public Field withName(String newName) {
    return new Field(newName, type, nullable);
  }

  @Override
  public String toString() {
    return name + ": " + type + (nullable ? "" : " not null");
  }
}
