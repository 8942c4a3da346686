package io.frameshift.io;

import io.frameshift.WriteMode;
import java.util.Map;
import java.util.Objects;

/**
 * Where a frame is written.
 *
 * @param format the data format
 * @param path the target file or directory
 * @param mode what to do when the target exists
 * @param options format options
 */
public record Sink(Format format, String path, WriteMode mode, Map<String, String> options) {
  public Sink {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(mode, "mode");
    options = Map.copyOf(options);
  }
}
