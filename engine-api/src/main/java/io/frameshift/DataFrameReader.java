package io.frameshift;

import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.internal.Analyzer;
import io.frameshift.io.CsvOptions;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.io.JsonOptions;
import io.frameshift.io.LocalPaths;
import io.frameshift.io.ParquetOptions;
import io.frameshift.io.Source;
import io.frameshift.spi.Engine;
import io.frameshift.spi.TableScan;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /**
   * A format option, e.g. {@code header} (CSV), {@code mode} (JSON); each format's option record
   * lists what it accepts, and an unknown key fails the read listing them.
   */
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

  /**
   * CSV files, directories of CSV part files, or globs. Options: {@link CsvOptions#KEYS}. CSV is
   * always read FAILFAST: a bad line fails the read naming its file and line.
   */
  public DataFrame csv(String... paths) {
    return load(Format.CSV, paths);
  }

  /** Arrow IPC files (or streams), or directories of {@code .arrow} part files. */
  public DataFrame arrow(String... paths) {
    return load(Format.ARROW, paths);
  }

  /**
   * Parquet files, directories of part files (with hive-style partition folders), or globs; see
   * {@link Datasets}. Reading takes no options ({@link ParquetOptions#READ_KEYS}).
   */
  public DataFrame parquet(String... paths) {
    return load(Format.PARQUET, paths);
  }

  /**
   * JSON-lines files (one object per line), directories of part files, or globs. Options: {@link
   * JsonOptions#READ_KEYS}; see {@link JsonOptions} for the read modes and schema inference.
   */
  public DataFrame json(String... paths) {
    return load(Format.JSON, paths);
  }

  /**
   * Reads a dataset whose format is told by the extension of a path or of its first data file
   * ({@code .parquet}, {@code .json} / {@code .jsonl} / {@code .ndjson}, {@code .csv}, {@code
   * .arrow} / {@code .ipc} / {@code .feather}), else by that file's first bytes ({@code PAR1},
   * {@code ARROW1}, <code>{</code>). Paths on remote file systems must name the format instead.
   */
  public DataFrame load(String... paths) {
    List<String> all = List.of(paths);
    if (paths.length == 0 || !Datasets.allLocal(all)) {
      throw new InvalidOptionException(
          "read().load(..) tells the format of local paths only; got "
              + all
              + ": use read().parquet(..), .json(..), .csv(..) or .arrow(..)");
    }
    return load(Datasets.detect(all, Datasets.list(all)), paths);
  }

  /**
   * A table's rows: {@code catalog.namespace.table}. The frame reads one snapshot, fixed now: the
   * current one, or the one these options choose: {@code versionAsOf} (a snapshot id), {@code
   * timestampAsOf} (the snapshot current at an ISO-8601 instant), {@code branch} or {@code tag}.
   *
   * @throws io.frameshift.error.TableNotFoundException if the table does not exist
   */
  public DataFrame table(String name) {
    TableScan scan = session.execution().tables().load(name).scan(options);
    return new DataFrame(session, Analyzer.scan(Source.table(scan, options)));
  }

  /** Reads any {@link Format} an engine of the session supports. */
  public DataFrame format(Format format, String... paths) {
    return load(format, paths);
  }

  private DataFrame load(Format format, String... paths) {
    if (paths.length == 0) {
      throw new InvalidOptionException("read()." + format.label() + "(..) needs at least one path");
    }
    checkOptions(format, options, false);
    for (String p : paths) {
      if (!Datasets.isGlob(p)) {
        checkExists(p);
      }
    }
    List<String> all = Arrays.asList(paths);
    Schema partitions = Schema.of();
    if (Datasets.allLocal(all) && format != Format.ICEBERG) {
      Datasets.Listing listing = Datasets.list(all);
      if (listing.files().isEmpty()) {
        throw new InputException(
            "No " + format.label() + " data files in " + all + " (hidden _ and . names skipped)");
      }
      partitions = listing.partitionSchema();
    }
    Source source = new Source(format, all, options, schema);
    // inference and metadata run where the engines say it is cheap: in-process, no cluster
    Engine inferring = session.engine(session.execution().inferringEngine(format));
    if (schema == null) {
      source = source.withSchema(inferring.inferSchema(source));
    } else if (!partitions.fields().isEmpty()) {
      source = source.withSchema(withPartitions(schema, partitions));
    }
    source = source.withStats(inferring.sourceStats(source));
    return new DataFrame(session, Analyzer.scan(source));
  }

  /**
   * A given schema with the partition columns it lacks appended: a user may give the files' columns
   * only, or name partition columns to choose their types.
   */
  private static Schema withPartitions(Schema given, Schema partitions) {
    List<Field> fields = new ArrayList<>(given.fields());
    for (Field p : partitions.fields()) {
      if (!given.contains(p.name())) {
        fields.add(p);
      }
    }
    return Schema.of(fields);
  }

  /**
   * Validates {@code options} for reading ({@code write} false) or writing {@code format}, with the
   * format's option record; throws {@link InvalidOptionException} naming what is wrong.
   */
  static void checkOptions(Format format, Map<String, String> options, boolean write) {
    switch (format) {
      case CSV -> CsvOptions.from(options);
      case JSON -> {
        if (write) {
          JsonOptions.forWrite(options);
        } else {
          JsonOptions.forRead(options);
        }
      }
      case PARQUET -> {
        if (write) {
          ParquetOptions.forWrite(options);
        } else {
          ParquetOptions.forRead(options);
        }
      }
      case ARROW -> {
        if (!options.isEmpty()) {
          throw new InvalidOptionException(
              "Arrow IPC "
                  + (write ? "writing" : "reading")
                  + " takes no options; got "
                  + options.keySet());
        }
      }
      case ICEBERG -> {}
    }
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
