package io.frameshift.local.format;

import io.frameshift.io.CsvOptions;
import io.frameshift.io.Format;
import io.frameshift.io.JsonOptions;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Vec;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.Progress;
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
      case JSON -> Json.infer(source);
      case PARQUET -> Parquet.inferSchema(source);
      // a table's scan carries the schema of the snapshot it reads
      case ICEBERG -> TableFiles.scanOf(source).schema();
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
   * Reads {@code source}, which has a schema, with exactly its projected schema ({@link
   * Source#projectedSchema()}).
   *
   * <p>Every reader reports to {@code progress} as it goes, per chunk of input, never per row: the
   * bytes of its files as it consumes them ({@code advance(-1, bytes)}, adding up to the files'
   * sizes by the end), and rows once counted ({@code advance(rows, 0)}, or both at once). CSV
   * reports per input buffer and per file, JSON per block and per byte range, Arrow per batch. A
   * Parquet reader calls {@code progress.advance(rowGroup.getRowCount(),
   * rowGroup.getCompressedSize())} after each row group it decodes and {@code progress.advance(-1,
   * fileSize - sumOfItsRowGroups)} after each file, from whichever pool thread reads it (the
   * progress is thread-safe).
   */
  public LocalFrame read(Source source, Progress progress) {
    return switch (source.format()) {
      // Arrow columns are found by name: read only those the plan needs
      case ARROW -> ArrowFiles.load(source.withSchema(source.projectedSchema()), progress);
      // CSV columns are found by position: every cell is split anyway
      case CSV -> project(Csv.read(source.withColumns(null), progress), source.projectedSchema());
      case JSON -> Json.read(source, progress);
      case PARQUET -> Parquet.read(source, progress);
      case ICEBERG -> TableFiles.read(source, progress);
      default -> throw unsupported(source.format());
    };
  }

  private static LocalFrame project(LocalFrame frame, Schema projected) {
    if (projected.equals(frame.schema())) {
      return frame;
    }
    List<Vec> columns = new ArrayList<>();
    for (String name : projected.names()) {
      columns.add(frame.column(frame.schema().indexOf(name)));
    }
    return new LocalFrame(projected, columns, frame.rows());
  }

  /**
   * Writes {@code frame} as the dataset {@code sink} names, atomically and split into the hive
   * folders of {@link Sink#partitionBy()} ({@link DatasetWriter}), which reports each part file's
   * rows and size to {@code written} once the format's writer has written it.
   */
  public void write(LocalFrame frame, Sink sink, Progress written) {
    switch (sink.format()) {
      case ARROW -> writer.write(frame, sink, "arrow", ArrowFiles::write, written);
      case CSV -> {
        CsvOptions options = CsvOptions.from(sink.options());
        writer.write(frame, sink, "csv", (part, file) -> Csv.write(part, options, file), written);
      }
      case JSON -> {
        JsonOptions.forWrite(sink.options());
        writer.write(frame, sink, "json", Json::write, written);
      }
      case PARQUET -> Parquet.write(frame, sink, writer, written);
      case ICEBERG -> TableFiles.write(frame, sink, written);
      default -> throw unsupported(sink.format());
    }
  }

  // the engine refuses unsupported formats with the user-facing error before it gets here
  private static IllegalArgumentException unsupported(Format format) {
    return new IllegalArgumentException("No local reader or writer for " + format);
  }
}
