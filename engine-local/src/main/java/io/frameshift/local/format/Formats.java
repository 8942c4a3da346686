package io.frameshift.local.format;

import io.frameshift.io.CsvOptions;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Vec;
import io.frameshift.spi.FrameStats;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The local engine's one door into its readers and writers: the engine checks that it supports a
 * format, this class picks the reader or writer for it, so a new format is added here and in the
 * engine's capabilities only.
 */
public final class Formats {
  private final DatasetWriter writer;

  /**
   * @param beforeCommit runs on each write's staged output just before it is committed (a test
   *     seam; a no-op in production)
   */
  public Formats(Consumer<Path> beforeCommit) {
    this.writer = new DatasetWriter(beforeCommit);
  }

  /** The schema of {@code source}'s data (its format's own, or inferred from text). */
  public Schema inferSchema(Source source) {
    return switch (source.format()) {
      case ARROW -> ArrowFiles.inferSchema(source);
      case CSV -> Csv.infer(source);
      case PARQUET -> Parquet.inferSchema(source);
      default -> throw unsupported(source.format());
    };
  }

  /**
   * What the footers tell of {@code source}'s size, with no data read; {@link FrameStats#UNKNOWN}
   * for formats without such metadata.
   */
  public FrameStats stats(Source source) {
    return source.format() == Format.PARQUET ? Parquet.stats(source) : FrameStats.UNKNOWN;
  }

  /**
   * Reads {@code source}, which has a schema, giving exactly its {@link Source#projectedSchema()}.
   */
  public LocalFrame read(Source source) {
    return switch (source.format()) {
      // Arrow columns are found by name: read only those the plan needs
      case ARROW -> ArrowFiles.load(source.withSchema(source.projectedSchema()));
      case CSV -> project(Csv.read(source.withColumns(null)), source);
      case PARQUET -> Parquet.read(source);
      default -> throw unsupported(source.format());
    };
  }

  /** {@code whole} restricted to the columns {@code source} asks for. */
  private static LocalFrame project(LocalFrame whole, Source source) {
    if (source.columns() == null) {
      return whole;
    }
    Schema all = whole.schema();
    List<Vec> columns = new ArrayList<>();
    for (String name : source.columns()) {
      columns.add(whole.column(all.indexOf(name)));
    }
    return new LocalFrame(source.projectedSchema(), columns, whole.rows());
  }

  /** Writes {@code frame} as the dataset {@code sink} names, atomically ({@link DatasetWriter}). */
  public void write(LocalFrame frame, Sink sink) {
    switch (sink.format()) {
      case ARROW -> writer.write(sink, "arrow", file -> ArrowFiles.write(frame, file));
      case CSV -> {
        CsvOptions options = CsvOptions.from(sink.options());
        writer.write(sink, "csv", file -> Csv.write(frame, options, file));
      }
      case PARQUET -> Parquet.write(frame, sink, writer);
      default -> throw unsupported(sink.format());
    }
  }

  // the engine refuses unsupported formats with the user-facing error before it gets here
  private static IllegalArgumentException unsupported(Format format) {
    return new IllegalArgumentException("No local reader or writer for " + format);
  }
}
