package io.frameshift.io;

import io.frameshift.error.InvalidOptionException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of Parquet reading and writing, validated in one place for every engine. Reading
 * takes no options (the file's footer says everything); writing takes:
 *
 * @param compression the codec of the data pages: {@code snappy} (default), {@code zstd}, {@code
 *     gzip} or {@code none} ({@code uncompressed} is accepted for none), in lower case
 * @param rowGroupSize the target size of a row group in bytes (default 128 MiB, as Spark's {@code
 *     parquet.block.size}); accepts a plain number or one with a suffix {@code k}, {@code m},
 *     {@code g}
 */
public record ParquetOptions(String compression, long rowGroupSize) {

  /** The options Parquet reading accepts: none. */
  public static final List<String> READ_KEYS = List.of();

  /** The options Parquet writing accepts. */
  public static final List<String> WRITE_KEYS = List.of("compression", "rowGroupSize");

  /** The codecs {@link #compression()} may name. */
  public static final List<String> CODECS = List.of("snappy", "zstd", "gzip", "none");

  /** 128 MiB. */
  public static final long DEFAULT_ROW_GROUP_SIZE = 128L << 20;

  public static final ParquetOptions DEFAULTS =
      new ParquetOptions("snappy", DEFAULT_ROW_GROUP_SIZE);

  public ParquetOptions {
    if (!CODECS.contains(compression)) {
      throw new InvalidOptionException(
          "Parquet option 'compression' is '" + compression + "'; expected one of " + CODECS);
    }
    if (rowGroupSize <= 0) {
      throw new InvalidOptionException(
          "Parquet option 'rowGroupSize' is " + rowGroupSize + "; expected a positive byte count");
    }
  }

  /** Checks the options of a read, which accepts none. */
  public static ParquetOptions forRead(Map<String, String> options) {
    OptionValues.checkKeys("Parquet read", options, READ_KEYS);
    return DEFAULTS;
  }

  /**
   * Reads write options from their string form; an unknown key or a malformed value throws {@link
   * InvalidOptionException} naming it and what is accepted.
   */
  public static ParquetOptions forWrite(Map<String, String> options) {
    OptionValues.checkKeys("Parquet write", options, WRITE_KEYS);
    String codec = DEFAULTS.compression;
    long rowGroup = DEFAULTS.rowGroupSize;
    for (Map.Entry<String, String> e : options.entrySet()) {
      String v = e.getValue();
      if (e.getKey().equals("compression")) {
        codec = v.trim().toLowerCase(Locale.ROOT);
        codec = codec.equals("uncompressed") ? "none" : codec;
        if (!CODECS.contains(codec)) {
          throw new InvalidOptionException(
              "Parquet option 'compression' is '"
                  + v
                  + "'; expected one of "
                  + CODECS
                  + " (or uncompressed)");
        }
      } else {
        rowGroup = OptionValues.bytes("Parquet", "rowGroupSize", v);
      }
    }
    return new ParquetOptions(codec, rowGroup);
  }
}
