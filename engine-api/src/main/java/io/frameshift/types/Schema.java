package io.frameshift.types;

import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The ordered, uniquely named columns of a frame. Immutable. */
public final class Schema implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Field> fields;
  private final Map<String, Integer> index;

  private Schema(List<Field> fields) {
    this.fields = List.copyOf(fields);
    this.index = new HashMap<>();
    for (int i = 0; i < this.fields.size(); i++) {
      if (index.put(this.fields.get(i).name(), i) != null) {
        throw new AnalysisException(
            "Duplicate column name '" + this.fields.get(i).name() + "' in " + this.fields);
      }
    }
  }

  public static Schema of(List<Field> fields) {
    return new Schema(fields);
  }

  public static Schema of(Field... fields) {
    return new Schema(Arrays.asList(fields));
  }

  /** Starts a schema: {@code Schema.builder().column("id", DataType.INT64).build()}. */
  public static Builder builder() {
    return new Builder();
  }

  public List<Field> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public Field field(int i) {
    return fields.get(i);
  }

  /** The field named {@code name}; throws {@link ColumnNotFoundException} listing the columns. */
  public Field field(String name) {
    return fields.get(indexOf(name));
  }

  public Optional<Field> find(String name) {
    Integer i = index.get(name);
    return i == null ? Optional.empty() : Optional.of(fields.get(i));
  }

  public boolean contains(String name) {
    return index.containsKey(name);
  }

  /** The position of {@code name}; throws {@link ColumnNotFoundException} listing the columns. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new ColumnNotFoundException(name, names());
    }
    return i;
  }

  public List<String> names() {
    return fields.stream().map(Field::name).collect(Collectors.toUnmodifiableList());
  }

  public List<DataType> types() {
    return fields.stream().map(Field::type).collect(Collectors.toUnmodifiableList());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.stream().map(Field::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Accumulates fields in order. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    private Builder() {}

    public Builder column(String name, DataType type) {
      fields.add(Field.of(name, type));
      return this;
    }

    public Builder column(String name, DataType type, boolean nullable) {
      fields.add(new Field(name, type, nullable));
      return this;
    }

    public Schema build() {
      return new Schema(fields);
    }
  }
}
