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
import org.apache.parquet.column.EncodingStats;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

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

  /**
   * What reading {@code source} would give, from the footers alone (no data read): the rows of the
   * row groups the scan keeps, and the heap the local engine takes to decode its projected columns
   * ({@link #heapBytes}). Files are kept as the scan keeps them, by their partition values; row
   * groups by parquet-java's statistics test only, since its dictionary and bloom-filter tests read
   * pages: the rows are exact unless that test had a filter to apply (the scan may then keep
   * fewer). The selector sizes a scan by this before anything is read.
   */
  static FrameStats stats(Source source) {
    Datasets.Listing listing = Datasets.list(source.paths());
    Schema partitions = listing.partitionSchema();
    Schema output = source.schema() == null ? inferSchema(source) : source.projectedSchema();
    List<Datasets.DataFile> kept =
        listing.files().stream()
            .filter(f -> ParquetPushdown.mayMatch(source.filter(), partitions, f.partitionValues()))
            .toList();
    long rows = 0;
    long bytes = 0;
    boolean exact = true;
    for (Footer f : footers(new Datasets.Listing(kept, partitions))) {
      MessageType schema = f.footer().getFileMetaData().getSchema();
      FilterPredicate predicate = ParquetPushdown.predicate(source.filter(), schema);
      List<BlockMetaData> blocks = f.footer().getBlocks();
      if (predicate != null) {
        exact = false;
        blocks = RowGroupFilter.filterRowGroups(FilterCompat.get(predicate), blocks, schema);
      }
      for (BlockMetaData b : blocks) {
        rows += b.getRowCount();
        for (Field field : output.fields()) {
          ColumnChunkMetaData chunk =
              partitions.contains(field.name()) || !schema.containsField(field.name())
                  ? null
                  : b.getColumns().get(schema.getFieldIndex(field.name()));
          bytes += heapBytes(field.type(), b.getRowCount(), chunk);
        }
      }
    }
    return new FrameStats(rows, bytes, exact);
  }

  /**
   * The heap a column chunk of {@code rows} rows takes while the scan decodes it into a column of
   * {@code type} ({@code chunk} null: a partition column, one value on every row). Fixed-width
   * values take their width. A string is decoded into a {@code String[]} (a reference per row) and
   * then coded in the column's dictionary (a code per row), and the decoded values are objects: a
   * dictionary-encoded chunk decodes each of its dictionary's values once (as many as its
   * uncompressed bytes allow: counted three times, for the object headers), a plain one a String
   * per row (about 40 bytes besides the characters).
   */
  static long heapBytes(DataType type, long rows, ColumnChunkMetaData chunk) {
    long nulls = rows / 8;
    return nulls
        + switch (type.id()) {
          case BOOLEAN -> rows;
          case INT32, FLOAT32, DATE -> 4 * rows;
          case INT64, FLOAT64, TIMESTAMP, TIMESTAMP_NTZ -> 8 * rows;
          case DECIMAL -> (((DataType.Decimal) type).precision() <= 18 ? 8 : 48) * rows;
          case STRING -> {
            if (chunk == null) {
              yield 8 * rows;
            }
            long text = chunk.getTotalUncompressedSize();
            EncodingStats encodings = chunk.getEncodingStats();
            boolean dictionary =
                chunk.hasDictionaryPage()
                    && (encodings == null || !encodings.hasNonDictionaryEncodedPages());
            yield dictionary ? 8 * rows + 3 * text : 48 * rows + text;
          }
        };
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
