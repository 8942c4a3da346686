package io.frameshift.io;

import io.frameshift.error.InvalidOptionException;
import java.util.Arrays;

/**
 * What a reader does with a record that does not parse or whose value does not fit its column's
 * type (the {@code mode} read option, named as Spark names it).
 */
public enum ReadMode {
  /** The read fails, naming the file, line and (for a bad value) the column and value. */
  FAILFAST,
  /** The record is skipped. */
  DROPMALFORMED,
  /**
   * The record is kept: the fields that do not fit are null, and the record's text goes to the
   * corrupt-record column when the schema has one (see {@link JsonOptions#columnNameOfCorruptRecord
   * columnNameOfCorruptRecord}).
   */
  PERMISSIVE;

  /** The mode named {@code value} (any case); anything else throws naming the modes. */
  public static ReadMode of(String value) {
    for (ReadMode m : values()) {
      if (m.name().equalsIgnoreCase(value.trim())) {
        return m;
      }
    }
    throw new InvalidOptionException(
        "Read option 'mode' is '" + value + "'; expected one of " + Arrays.toString(values()));
  }
}
