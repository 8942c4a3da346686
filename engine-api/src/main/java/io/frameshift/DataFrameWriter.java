package io.frameshift;

import io.frameshift.internal.Executor;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a frame: {@code df.write().mode(WriteMode.OVERWRITE).csv("out/result")}. Writes are
 * atomic: a failed write leaves what was at the target intact.
 */
public final class DataFrameWriter {
  private final DataFrame frame;
  private final Map<String, String> options = new LinkedHashMap<>();
  private WriteMode mode = WriteMode.ERROR_IF_EXISTS;

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

  /** A directory of CSV part files. Options: {@link CsvOptions#KEYS}. */
  public void csv(String path) {
    CsvOptions.from(options);
    save(Format.CSV, path);
  }

  /** A directory of Arrow IPC part files, readable by every engine. */
  public void arrow(String path) {
    save(Format.ARROW, path);
  }

  /** Writes in any {@link Format} the engine running the frame supports. */
  public void save(Format format, String path) {
    Executor.write(
        frame.session().execution(), frame.plan(), new Sink(format, path, mode, options));
  }
}
