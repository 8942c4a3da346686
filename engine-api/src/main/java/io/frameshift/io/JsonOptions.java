package io.frameshift.io;

import io.frameshift.error.InvalidOptionException;
import java.util.List;
import java.util.Map;

/**
 * The options of JSON-lines reading, validated in one place for every engine. Writing takes no
 * options.
 *
 * <p>A JSON-lines file holds one JSON object per line; blank lines are skipped. Schema inference
 * reads the first {@link #samplingRows} non-blank lines of the dataset (files in listing order) and
 * gives the columns sorted by name (as Spark does): a column whose values are all whole numbers is
 * INT64 (FLOAT64 past 64 bits), all numbers FLOAT64, all {@code true}/{@code false} BOOLEAN,
 * anything else (text, mixed kinds, nested objects and arrays) STRING; a column that is only ever
 * null is STRING. Nested values read into a STRING column as their JSON text. Fields missing from a
 * line are null; fields not in the schema are ignored.
 *
 * @param mode what to do with a line that does not parse or a value that does not fit its column
 *     (default {@link ReadMode#FAILFAST})
 * @param columnNameOfCorruptRecord in {@link ReadMode#PERMISSIVE} mode, the STRING column that
 *     receives the text of a bad line (default {@code _corrupt_record}); it is filled only when the
 *     schema has it, and inference adds it when a sampled line is malformed
 * @param samplingRows how many non-blank lines schema inference reads (default 1,000); a value past
 *     the dataset's line count reads every line
 */
public record JsonOptions(ReadMode mode, String columnNameOfCorruptRecord, int samplingRows) {

  /** The options JSON-lines reading accepts. */
  public static final List<String> READ_KEYS =
      List.of("mode", "columnNameOfCorruptRecord", "samplingRows");

  /** The options JSON-lines writing accepts: none. */
  public static final List<String> WRITE_KEYS = List.of();

  /** The default of {@link #samplingRows}. */
  public static final int DEFAULT_SAMPLING_ROWS = 1000;

  public static final JsonOptions DEFAULTS =
      new JsonOptions(ReadMode.FAILFAST, "_corrupt_record", DEFAULT_SAMPLING_ROWS);

  /**
   * Reads read options from their string form; an unknown key or a malformed value throws {@link
   * io.frameshift.error.InvalidOptionException} naming it and what is accepted.
   */
  public static JsonOptions forRead(Map<String, String> options) {
    OptionValues.checkKeys("JSON read", options, READ_KEYS);
    ReadMode mode = DEFAULTS.mode;
    String corrupt = DEFAULTS.columnNameOfCorruptRecord;
    int sampling = DEFAULTS.samplingRows;
    for (Map.Entry<String, String> e : options.entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "mode" -> mode = ReadMode.of(v);
        case "columnNameOfCorruptRecord" -> {
          if (v.isBlank()) {
            throw new InvalidOptionException(
                "JSON option 'columnNameOfCorruptRecord' is empty; expected a column name");
          }
          corrupt = v;
        }
        default -> sampling = OptionValues.positiveInt("JSON", "samplingRows", v);
      }
    }
    return new JsonOptions(mode, corrupt, sampling);
  }

  /** Checks the options of a write, which accepts none. */
  public static void forWrite(Map<String, String> options) {
    OptionValues.checkKeys("JSON write", options, WRITE_KEYS);
  }
}
