package io.frameshift.io;

import io.frameshift.error.InvalidOptionException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options of CSV reading and writing, validated in one place for every engine.
 *
 * @param header whether the first line names the columns (default true)
 * @param delimiter the field separator (default {@code ,})
 * @param quote the quote character (default {@code "})
 * @param escape the character escaping a quote inside a quoted field (default {@code "})
 * @param nullValue the text that stands for null (default: the empty field)
 * @param inferSchema whether to infer column types; when false every column is a string
 */
public record CsvOptions(
    boolean header,
    char delimiter,
    char quote,
    char escape,
    String nullValue,
    boolean inferSchema) {

  /** The option keys, as accepted by {@code read().option(key, value)}. */
  public static final List<String> KEYS =
      List.of("header", "delimiter", "quote", "escape", "nullValue", "inferSchema");

  public static final CsvOptions DEFAULTS = new CsvOptions(true, ',', '"', '"', "", true);

  /**
   * Reads options from their string form; an unknown key or a malformed value throws {@link
   * InvalidOptionException} naming it and what is accepted.
   */
  public static CsvOptions from(Map<String, String> options) {
    CsvOptions o = DEFAULTS;
    boolean header = o.header;
    char delimiter = o.delimiter;
    char quote = o.quote;
    char escape = o.escape;
    String nullValue = o.nullValue;
    boolean infer = o.inferSchema;
    for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "header" -> header = bool("header", v);
        case "delimiter", "sep" -> delimiter = character("delimiter", v);
        case "quote" -> quote = character("quote", v);
        case "escape" -> escape = character("escape", v);
        case "nullValue" -> nullValue = v;
        case "inferSchema" -> infer = bool("inferSchema", v);
        default -> throw OptionValues.unknown("CSV", e.getKey(), KEYS);
      }
    }
    return new CsvOptions(header, delimiter, quote, escape, nullValue, infer);
  }

  private static boolean bool(String key, String v) {
    return OptionValues.bool("CSV", key, v);
  }

  private static char character(String key, String v) {
    if (v.equals("\\t")) {
      return '\t';
    }
    if (v.length() != 1) {
      throw new InvalidOptionException(
          "CSV option '" + key + "' is '" + v + "'; expected a single character");
    }
    return v.charAt(0);
  }
}
