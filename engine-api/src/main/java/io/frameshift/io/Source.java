package io.frameshift.io;

import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a frame's data comes from. {@code schema} is null until the session resolves it (given by
 * the user or inferred); engines are always handed a source with a schema and must produce exactly
 * it.
 *
 * @param format the data format
 * @param paths files or directories of part files
 * @param options format options, validated by the format's option record (e.g. {@link CsvOptions})
 * @param schema the schema to read with, or null before resolution
 */
public record Source(
    Format format, List<String> paths, Map<String, String> options, Schema schema) {
  public Source {
    Objects.requireNonNull(format, "format");
    paths = List.copyOf(paths);
    options = Map.copyOf(options);
  }

  public Source withSchema(Schema resolved) {
    return new Source(format, paths, options, resolved);
  }

  @Override
  public String toString() {
    return format.label() + " " + (paths.size() == 1 ? paths.get(0) : paths.toString());
  }
}
