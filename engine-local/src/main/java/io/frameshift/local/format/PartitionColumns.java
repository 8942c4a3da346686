package io.frameshift.local.format;

import io.frameshift.error.InputException;
import io.frameshift.local.Text;
import io.frameshift.local.Vec;
import io.frameshift.types.Field;
import io.frameshift.types.Values;
import java.util.Arrays;
import java.util.List;

/**
 * The hive partition columns of a read ({@link io.frameshift.io.Datasets}): one value per file,
 * repeated for the file's rows. Values go through their text form so a column declared with another
 * type than the listing inferred (a user's schema) reads as {@code CAST(text AS type)}.
 */
final class PartitionColumns {
  private PartitionColumns() {}

  /**
   * Column {@code field}: {@code values.get(f)} (null for the default partition) repeated {@code
   * rowsPerFile[f]} times, for {@code rows} rows in all.
   */
  static Vec constantPerFile(Field field, List<Object> values, int[] rowsPerFile, int rows) {
    String[] texts = new String[rows];
    int at = 0;
    for (int f = 0; f < rowsPerFile.length; f++) {
      Arrays.fill(texts, at, at + rowsPerFile[f], Values.toText(values.get(f)));
      at += rowsPerFile[f];
    }
    return Text.parse(
        texts,
        field.type(),
        (row, text) ->
            new InputException(
                "Partition folder value '"
                    + text
                    + "' of column '"
                    + field.name()
                    + "' is not "
                    + field.type()));
  }
}
