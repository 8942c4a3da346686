package io.frameshift.io;

import io.frameshift.WriteMode;
import io.frameshift.spi.TableWrite;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a frame is written.
 *
 * @param format the data format
 * @param path the target directory
 * @param mode what to do when the target exists
 * @param options format options
 * @param partitionBy the columns whose values name hive-style folders ({@code col=value/part-..},
 *     see {@link Datasets#partitionFolder}); those columns are not stored in the files. Empty for
 *     none.
 * @param table for a {@link Format#ICEBERG} sink, the write an engine that writes data files itself
 *     uses ({@code path} then holds the table's name); null for files
 */
public record Sink(
    Format format,
    String path,
    WriteMode mode,
    Map<String, String> options,
    List<String> partitionBy,
    TableWrite table) {
  /**
   * The option of a {@link Format#ICEBERG} sink asking an engine with its own table connector to
   * delete the table's rows for which this SQL condition is true; the frame is not written.
   */
  public static final String DELETE_WHERE = "frameshift.deleteWhere";

  /**
   * The option of a {@link Format#ICEBERG} sink asking an engine with its own table connector to
   * replace the table's rows for which this SQL condition is true by the frame's rows, in one
   * commit.
   */
  public static final String OVERWRITE_WHERE = "frameshift.overwriteWhere";

  public Sink {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(mode, "mode");
    options = Map.copyOf(options);
    partitionBy = List.copyOf(partitionBy);
  }

  /** A sink of part files, partitioned by {@code partitionBy}. */
  public Sink(
      Format format,
      String path,
      WriteMode mode,
      Map<String, String> options,
      List<String> partitionBy) {
    this(format, path, mode, options, partitionBy, null);
  }

  /** A sink writing plain part files, partitioned by nothing. */
  public Sink(Format format, String path, WriteMode mode, Map<String, String> options) {
    this(format, path, mode, options, List.of());
  }
}
