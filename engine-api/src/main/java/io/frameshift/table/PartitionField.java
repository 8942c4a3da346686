package io.frameshift.table;

import io.frameshift.error.InvalidOptionException;
import java.util.Objects;

/**
 * How one column partitions a table's rows.
 *
 * @param column the source column
 * @param transform what is derived from the column's value
 * @param parameter the number of buckets of {@link Transform#BUCKET}, the width of {@link
 *     Transform#TRUNCATE}, 0 for the others
 */
public record PartitionField(String column, Transform transform, int parameter) {

  /** The partition transforms of the table format. */
  public enum Transform {
    /** The value itself. */
    IDENTITY,
    /** A hash of the value modulo {@code parameter} buckets. */
    BUCKET,
    /** Numbers rounded down to a multiple of {@code parameter}; strings cut to that length. */
    TRUNCATE,
    /** Years since 1970 of a date or timestamp. */
    YEAR,
    /** Months since 1970-01 of a date or timestamp. */
    MONTH,
    /** The day of a date or timestamp. */
    DAY,
    /** Hours since 1970-01-01T00:00 of a timestamp. */
    HOUR
  }

  public PartitionField {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(transform, "transform");
    boolean takesParameter = transform == Transform.BUCKET || transform == Transform.TRUNCATE;
    if (takesParameter ? parameter <= 0 : parameter != 0) {
      throw new InvalidOptionException(
          "Partition transform "
              + transform
              + " of column '"
              + column
              + "' got parameter "
              + parameter
              + (takesParameter ? "; expected a positive number" : "; it takes none"));
    }
  }

  public static PartitionField identity(String column) {
    return new PartitionField(column, Transform.IDENTITY, 0);
  }

  public static PartitionField bucket(String column, int buckets) {
    return new PartitionField(column, Transform.BUCKET, buckets);
  }

  public static PartitionField truncate(String column, int width) {
    return new PartitionField(column, Transform.TRUNCATE, width);
  }

  public static PartitionField year(String column) {
    return new PartitionField(column, Transform.YEAR, 0);
  }

  public static PartitionField month(String column) {
    return new PartitionField(column, Transform.MONTH, 0);
  }

  public static PartitionField day(String column) {
    return new PartitionField(column, Transform.DAY, 0);
  }

  public static PartitionField hour(String column) {
    return new PartitionField(column, Transform.HOUR, 0);
  }

  @Override
  public String toString() {
    String name = transform.name().toLowerCase(java.util.Locale.ROOT);
    return switch (transform) {
      case IDENTITY -> column;
      case BUCKET, TRUNCATE -> name + "(" + parameter + ", " + column + ")";
      default -> name + "(" + column + ")";
    };
  }
}
