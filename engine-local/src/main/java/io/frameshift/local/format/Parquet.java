package io.frameshift.local.format;

import io.frameshift.error.InputException;
import io.frameshift.io.Datasets;
import io.frameshift.io.ParquetOptions;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Parallelism;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.Progress;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * The local engine's Parquet format: schema and size from the footers, reads by {@link
 * ParquetScan}, writes by {@link ParquetOutput} into {@link DatasetWriter}'s atomic layout, one
 * part file per slice of rows (written in parallel) or per partition folder.
 */
final class Parquet {
  /** A part file holds at least this many rows when a frame is split to write in parallel. */
  static final int ROWS_PER_PART = 1 << 20;

  private Parquet() {}

  /** A dataset's footers, read in parallel: (file, footer) in listing order. */
  private record Footer(Datasets.DataFile file, ParquetMetadata footer) {}

  private static List<Footer> footers(Datasets.Listing listing) {
    List<Datasets.DataFile> files = listing.files();
    Footer[] out = new Footer[files.size()];
    IntStream all = IntStream.range(0, files.size());
    (files.size() > 1 ? all.parallel() : all)
        .forEach(
            i -> {
              out[i] = new Footer(files.get(i), ParquetFooters.of(files.get(i).path()));
            });
    return List.of(out);
  }

  /**
   * The schema of the first file's footer, then the partition columns; every other part file must
   * have the same columns with the same types.
   */
  static Schema inferSchema(Source source) {
    Datasets.Listing listing = Datasets.list(source.paths());
    if (listing.files().isEmpty()) {
      throw new InputException(
          "No Parquet files in " + source.paths() + "; there is no schema to infer, give one");
    }
    List<Footer> footers = footers(listing);
    Path first = footers.get(0).file().path();
    Schema schema =
        ParquetTypes.schemaOf(footers.get(0).footer().getFileMetaData().getSchema(), first);
    for (Footer f : footers.subList(1, footers.size())) {
      Path path = f.file().path();
      Schema other = ParquetTypes.schemaOf(f.footer().getFileMetaData().getSchema(), path);
      conflict(schema, other, first, path);
      conflict(other, schema, path, first);
    }
    List<Field> fields = new ArrayList<>(schema.fields());
    for (Field p : listing.partitionSchema().fields()) {
      if (!schema.contains(p.name())) {
        fields.add(p);
      }
    }
    return Schema.of(fields);
  }

  /** Refuses a column of {@code a} (of file {@code pa}) that {@code b} lacks or types otherwise. */
  private static void conflict(Schema a, Schema b, Path pa, Path pb) {
    for (Field f : a.fields()) {
      DataType other = b.find(f.name()).map(Field::type).orElse(null);
      if (!f.type().equals(other)) {
        throw new InputException(
            "Parquet part files disagree on column '"
                + f.name()
                + "': it is "
                + f.type()
                + " in "
                + pa
                + " but "
                + (other == null ? "missing" : other.toString())
                + " in "
                + pb
                + "; read them separately, or give a schema and cast");
      }
    }
  }

  /** Exact rows and the data's uncompressed bytes, from the footers: no data is read. */
  static FrameStats stats(Source source) {
    Datasets.Listing listing = Datasets.list(source.paths());
    long rows = 0;
    long bytes = 0;
    for (Footer f : footers(listing)) {
      for (BlockMetaData b : f.footer().getBlocks()) {
        rows += b.getRowCount();
        bytes += b.getTotalByteSize();
      }
    }
    return new FrameStats(rows, bytes, true);
  }

  /** Reads the source's projected columns, skipping what its filter rules out. */
  static LocalFrame read(Source source, Progress progress) {
    ParquetOptions.forRead(source.options());
    return ParquetScan.read(ParquetScan.plan(source), true, progress);
  }

  /**
   * Writes {@code frame} as {@code sink} asks: without partition columns, in slices of at least
   * {@link #ROWS_PER_PART} rows, one per thread at most; else one file per partition folder.
   */
  static void write(LocalFrame frame, Sink sink, DatasetWriter writer, Progress written) {
    ParquetOptions options = ParquetOptions.forWrite(sink.options());
    Schema schema = frame.schema();
    List<String> by = sink.partitionBy();
    List<Integer> stored = new ArrayList<>();
    for (int c = 0; c < schema.size(); c++) {
      if (!by.contains(schema.field(c).name())) {
        stored.add(c);
      }
    }
    int[] columns = stored.stream().mapToInt(Integer::intValue).toArray();
    List<DatasetWriter.Part> parts = new ArrayList<>();
    if (by.isEmpty()) {
      int rows = frame.rows();
      int slices = Math.max(1, Math.min(Parallelism.threadsHere(), rows / ROWS_PER_PART));
      for (int s = 0; s < slices; s++) {
        int from = (int) ((long) rows * s / slices);
        int to = (int) ((long) rows * (s + 1) / slices);
        int[] range = slices == 1 ? null : IntStream.range(from, to).toArray();
        parts.add(
            new DatasetWriter.Part(
                "",
                file -> {
                  ParquetOutput.write(frame, columns, range, options, file);
                  written.advance(to - from, Files.size(file));
                }));
      }
    } else {
      for (Map.Entry<String, int[]> group : DatasetWriter.partitions(frame, by).entrySet()) {
        int[] rows = group.getValue();
        parts.add(
            new DatasetWriter.Part(
                group.getKey(),
                file -> {
                  ParquetOutput.write(frame, columns, rows, options, file);
                  written.advance(rows.length, Files.size(file));
                }));
      }
    }
    writer.write(sink, "parquet", parts);
  }
}
