package io.frameshift;

import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.internal.Analyzer;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Format;
import io.frameshift.io.LocalPaths;
import io.frameshift.io.Source;
import io.frameshift.spi.Engine;
import io.frameshift.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a source into a {@link DataFrame}: {@code fs.read().option("delimiter", ";").csv(path)}.
 * The schema is resolved at once (given with {@link #schema(Schema)} or inferred from the data), so
 * a missing file or a bad option fails here, not later.
 */
public final class DataFrameReader {
  private final Frameshift session;
  private final Map<String, String> options = new LinkedHashMap<>();
  private Schema schema;

  DataFrameReader(Frameshift session) {
    this.session = session;
  }

  /** A format option, e.g. {@code header}, {@code delimiter}, {@code nullValue}. */
  public DataFrameReader option(String key, String value) {
    options.put(key, value);
    return this;
  }

  public DataFrameReader options(Map<String, String> more) {
    options.putAll(more);
    return this;
  }

  /** Reads with this schema instead of inferring one. */
  public DataFrameReader schema(Schema given) {
    this.schema = given;
    return this;
  }

  /** CSV files, or directories of CSV part files. Options: {@link CsvOptions#KEYS}. */
  public DataFrame csv(String... paths) {
    CsvOptions.from(options);
    return load(Format.CSV, paths);
  }

  /** Arrow IPC files (or streams), or directories of {@code .arrow} part files. */
  public DataFrame arrow(String... paths) {
    if (!options.isEmpty()) {
      throw new InvalidOptionException(
          "Arrow IPC reading takes no options; got " + options.keySet());
    }
    return load(Format.ARROW, paths);
  }

  /** Reads any {@link Format} an engine of the session supports. */
  public DataFrame format(Format format, String... paths) {
    return load(format, paths);
  }

  private DataFrame load(Format format, String... paths) {
    if (paths.length == 0) {
      throw new InvalidOptionException("read()." + format.label() + "(..) needs at least one path");
    }
    for (String p : paths) {
      checkExists(p);
    }
    Source source = new Source(format, Arrays.asList(paths), options, schema);
    if (schema == null) {
      // inference runs where the engines say it is cheap: in-process, no cluster to start
      Engine inferring = session.engine(session.execution().inferringEngine(format));
      source = source.withSchema(inferring.inferSchema(source));
    }
    return new DataFrame(session, Analyzer.scan(source));
  }

  private static void checkExists(String path) {
    Optional<Path> local = LocalPaths.of(path);
    if (local.isEmpty()) {
      return; // a remote file system: the engine that reads it reports a missing path
    }
    Path p = local.get();
    if (!Files.exists(p)) {
      Path parent = p.toAbsolutePath().getParent();
      String hint = "";
      if (parent != null && Files.isDirectory(parent)) {
        try (var list = Files.list(parent)) {
          List<String> names =
              list.map(x -> x.getFileName().toString()).sorted().limit(10).toList();
          hint = "; " + parent + " holds " + names;
        } catch (java.io.IOException e) {
          hint = "";
        }
      }
      throw new SourceNotFoundException("Input path does not exist: " + p.toAbsolutePath() + hint);
    }
  }
}
