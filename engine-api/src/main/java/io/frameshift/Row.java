package io.frameshift;

import io.frameshift.error.InputException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row of a collected frame: values in schema order, each carried in the Java class of its
 * {@link io.frameshift.types.DataType} (null for a missing value). Immutable.
 */
public final class Row {
  private final Schema schema;
  private final Object[] values;

  private Row(Schema schema, Object[] values) {
    if (values.length != schema.size()) {
      throw new InputException(
          "A row of schema "
              + schema
              + " needs "
              + schema.size()
              + " values, got "
              + values.length);
    }
    this.schema = schema;
    this.values = values;
  }

  /** A row of {@code values} in the order of {@code schema}; the values are checked by type. */
  public static Row of(Schema schema, Object... values) {
    Object[] copy = values.clone();
    for (int i = 0; i < copy.length && i < schema.size(); i++) {
      Object v = copy[i];
      Class<?> expected = schema.field(i).type().javaClass();
      if (v != null && !expected.isInstance(v)) {
        throw new TypeMismatchException(
            "Value "
                + v
                + " of column '"
                + schema.field(i).name()
                + "' is a "
                + v.getClass().getSimpleName()
                + "; type "
                + schema.field(i).type()
                + " expects "
                + expected.getSimpleName());
      }
    }
    return new Row(schema, copy);
  }

  /**
   * A row whose values the caller guarantees match {@code schema}; engines use it on hot paths. The
   * array is taken over, not copied.
   */
  public static Row trusted(Schema schema, Object[] values) {
    return new Row(schema, values);
  }

  public Schema schema() {
    return schema;
  }

  public int size() {
    return values.length;
  }

  public Object get(int i) {
    return values[i];
  }

  public Object get(String column) {
    return values[schema.indexOf(column)];
  }

  public boolean isNull(int i) {
    return values[i] == null;
  }

  public boolean isNull(String column) {
    return get(column) == null;
  }

  /** The values in schema order (an unmodifiable view; may hold nulls). */
  public List<Object> values() {
    return Collections.unmodifiableList(Arrays.asList(values));
  }

  public Boolean getBoolean(String column) {
    return as(column, Boolean.class);
  }

  public Integer getInt(String column) {
    return as(column, Integer.class);
  }

  /** The value as a Long; an INT32 value widens. */
  public Long getLong(String column) {
    Object v = get(column);
    return v instanceof Integer i ? Long.valueOf(i) : as(column, Long.class);
  }

  public Float getFloat(String column) {
    return as(column, Float.class);
  }

  /** The value as a Double; a FLOAT32 value widens. */
  public Double getDouble(String column) {
    Object v = get(column);
    return v instanceof Float f ? Double.valueOf(f) : as(column, Double.class);
  }

  public String getString(String column) {
    return as(column, String.class);
  }

  public LocalDate getDate(String column) {
    return as(column, LocalDate.class);
  }

  public Instant getTimestamp(String column) {
    return as(column, Instant.class);
  }

  public LocalDateTime getTimestampNtz(String column) {
    return as(column, LocalDateTime.class);
  }

  public BigDecimal getDecimal(String column) {
    return as(column, BigDecimal.class);
  }

  private <T> T as(String column, Class<T> type) {
    Object v = get(column);
    if (v == null || type.isInstance(v)) {
      return type.cast(v);
    }
    throw new TypeMismatchException(
        "Column '"
            + column
            + "' is of type "
            + schema.field(column).type()
            + "; it cannot be read as "
            + type.getSimpleName());
  }

  /** Equal when the schemas and all values are equal; NaN equals NaN. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Row r && r.schema.equals(schema) && Arrays.equals(r.values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schema, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return Arrays.toString(values);
  }
}
