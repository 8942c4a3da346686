package io.frameshift;

import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.internal.Executor;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.io.ParquetOptions;
import io.frameshift.io.Sink;
import io.frameshift.types.Schema;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a frame: {@code df.write().mode(WriteMode.OVERWRITE).csv("out/result")}. Writes are
 * atomic: a failed write leaves what was at the target intact.
 */
public final class DataFrameWriter {
  private final DataFrame frame;
  private final Map<String, String> options = new LinkedHashMap<>();
  private WriteMode mode = WriteMode.ERROR_IF_EXISTS;
  private List<String> partitionBy = List.of();

  DataFrameWriter(DataFrame frame) {
    this.frame = frame;
  }

  public DataFrameWriter mode(WriteMode m) {
    this.mode = m;
    return this;
  }

  public DataFrameWriter option(String key, String value) {
    options.put(key, value);
    return this;
  }

  /**
   * Partitions the output by these columns: rows go to hive-style folders {@code col=value/..} (see
   * {@link Datasets#partitionFolder}) and the columns are not stored in the files, as Spark writes
   * them; reading the directory gives them back as typed partition columns.
   */
  public DataFrameWriter partitionBy(String... columns) {
    partitionBy = List.of(columns);
    return this;
  }

  /** A directory of CSV part files. Options: {@link CsvOptions#KEYS}. */
  public void csv(String path) {
    save(Format.CSV, path);
  }

  /** A directory of Arrow IPC part files, readable by every engine. */
  public void arrow(String path) {
    save(Format.ARROW, path);
  }

  /** A directory of Parquet part files. Options: {@link ParquetOptions#WRITE_KEYS}. */
  public void parquet(String path) {
    save(Format.PARQUET, path);
  }

  /** A directory of JSON-lines part files (one object per row, null fields left out). */
  public void json(String path) {
    save(Format.JSON, path);
  }

  /** Writes in any {@link Format} the engine running the frame supports. */
  public void save(Format format, String path) {
    DataFrameReader.checkOptions(format, options, true);
    Schema schema = frame.schema();
    for (String c : partitionBy) {
      if (!schema.contains(c)) {
        throw new ColumnNotFoundException(
            c, schema.names(), "partitionBy column '" + c + "' is not a column of the frame");
      }
    }
    if (!partitionBy.isEmpty() && new HashSet<>(partitionBy).size() == schema.size()) {
      throw new InvalidOptionException(
          "partitionBy" + partitionBy + " names every column; the files would have none");
    }
    Executor.write(
        frame.session().execution(),
        frame.plan(),
        new Sink(format, path, mode, options, partitionBy));
  }
}
