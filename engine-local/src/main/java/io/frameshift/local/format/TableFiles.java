package io.frameshift.local.format;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.io.LocalPaths;
import io.frameshift.io.ParquetOptions;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.local.ArrowImport;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Parallelism;
import io.frameshift.spi.Progress;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableScan.DataFileTask;
import io.frameshift.spi.TableWrite;
import io.frameshift.spi.TableWrite.PartitionColumn;
import io.frameshift.spi.TableWrite.WrittenFile;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A table's data files read and written by the local engine's own Parquet reader and writer, with
 * no class of the table format: the {@link TableScan} plans the files of a snapshot and the {@link
 * TableWrite} places and commits them. Columns are matched to files by Parquet field id, as every
 * Iceberg reader matches them: a column renamed since a file was written keeps its id (and its old
 * name in the file), a column added since is absent (null), and a column widened since (int to
 * long, float to double, a decimal's precision) holds the narrower type in older files.
 */
final class TableFiles {
  private static final Logger LOG = LoggerFactory.getLogger(TableFiles.class);

  /** The engine named in the snapshot summaries of its commits. */
  static final String ENGINE = "local";

  /** Iceberg's default target size of a data file ({@code write.target-file-size-bytes}). */
  static final long TARGET_FILE_BYTES = 512L << 20;

  private TableFiles() {}

  // ---- reading ----------------------------------------------------------------------------------

  /** The rows of the source's table snapshot, projected, skipping files its filter rules out. */
  static LocalFrame read(Source source, Progress progress) {
    TableScan scan = scanOf(source);
    Schema output = source.projectedSchema();
    List<DataFileTask> tasks = scan.plan(source.columns(), source.filter());
    List<DataFileTask> own = new ArrayList<>();
    List<DataFileTask> generic = new ArrayList<>();
    for (DataFileTask t : tasks) {
      // delete files, other formats and remote storage go through the table format's own reader
      boolean ours =
          !t.hasDeletes() && t.format() == Format.PARQUET && LocalPaths.of(t.path()).isPresent();
      (ours ? own : generic).add(t);
    }
    LOG.debug(
        "Reading {}: {} data files by the engine's reader, {} by the table's",
        scan.describe(),
        own.size(),
        generic.size());
    LocalFrame files = ParquetScan.read(plan(source, scan, own), true, progress);
    if (generic.isEmpty()) {
      return files;
    }
    List<LocalFrame> frames = new ArrayList<>();
    frames.add(files);
    for (DataFileTask t : generic) {
      frames.add(readByTable(scan, t, source.columns(), output));
      progress.advance(t.rows(), t.bytes());
    }
    return LocalFrame.concat(output, frames);
  }

  static TableScan scanOf(Source source) {
    if (source.table() == null) {
      throw new InvalidOptionException(
          "A table is read by name with read().table(\"catalog.namespace.table\"), not as files: "
              + source.paths());
    }
    return source.table();
  }

  /** The plan of the scan's Parquet files on this machine: row groups kept, columns by id. */
  static ParquetScan.Plan plan(Source source, TableScan scan, List<DataFileTask> tasks) {
    Schema output = source.projectedSchema();
    Schema all = source.schema();
    ParquetScan.Part[] parts = new ParquetScan.Part[tasks.size()];
    int[] groups = new int[tasks.size()];
    Parallelism.forEach(
        tasks.size(),
        tasks.size() > 1 ? Parallelism.PARALLEL_ROWS : 0,
        i -> {
          DataFileTask task = tasks.get(i);
          Path path = LocalPaths.of(task.path()).orElseThrow();
          ParquetMetadata footer = footer(path, scan);
          MessageType schema = footer.getFileMetaData().getSchema();
          Type[] found = match(schema, all, scan.fieldIds());
          String[] columns = new String[output.size()];
          List<Type> aligned = new ArrayList<>();
          for (int c = 0; c < all.size(); c++) {
            Field f = all.field(c);
            if (found[c] == null) {
              continue;
            }
            PrimitiveType p = ParquetTypes.flat(found[c], path);
            DataType type = ParquetTypes.typeOf(p, path);
            if (!type.equals(f.type()) && !widens(type, f.type())) {
              throw new InputException(
                  "Column '"
                      + f.name()
                      + "' (field id "
                      + scan.fieldIds().get(f.name())
                      + ") of table "
                      + scan.table()
                      + " is "
                      + f.type()
                      + ", but data file "
                      + path
                      + " holds it as '"
                      + p.getName()
                      + "' of type "
                      + type
                      + " (Parquet "
                      + ParquetTypes.describe(p)
                      + "), which does not widen to it");
            }
            if (output.contains(f.name())) {
              columns[output.indexOf(f.name())] = p.getName();
            }
            // the filter hint names the table's columns: only those under the same name and type
            // in the file may prune its row groups (a renamed column's old name may be another's)
            if (p.getName().equals(f.name()) && type.equals(f.type())) {
              aligned.add(p);
            }
          }
          List<BlockMetaData> kept = footer.getBlocks();
          // the file is opened only for a filter Parquet may test (its dictionaries, blooms)
          if (source.filter() != null
              && ParquetPushdown.predicate(
                      source.filter(), new MessageType(schema.getName(), aligned))
                  != null) {
            kept = rowGroups(source, path, footer, new MessageType(schema.getName(), aligned));
          }
          long size = task.bytes() > 0 ? task.bytes() : sizeOf(path);
          Datasets.DataFile file = new Datasets.DataFile(path, size, path.getParent(), List.of());
          groups[i] = footer.getBlocks().size();
          parts[i] = ParquetScan.part(file, footer, kept).withColumns(columns);
        });
    int[] fileColumns = IntStream.range(0, output.size()).toArray();
    return new ParquetScan.Plan(
        output,
        fileColumns,
        Schema.of(List.of()),
        List.of(parts),
        tasks.size(),
        Arrays.stream(groups).sum(),
        new java.util.concurrent.atomic.LongAdder());
  }

  /** The row groups of the file that parquet-java cannot rule out for the filter. */
  private static List<BlockMetaData> rowGroups(
      Source source, Path path, ParquetMetadata footer, MessageType aligned) {
    try (ParquetFileReader reader = ParquetScan.open(path, footer)) {
      return ParquetScan.keptRowGroups(reader, source, aligned);
    } catch (IOException | RuntimeException e) {
      throw ParquetScan.failure(path, e);
    }
  }

  private static ParquetMetadata footer(Path path, TableScan scan) {
    if (!Files.exists(path)) {
      throw new SourceNotFoundException(
          "Data file "
              + path
              + " of table "
              + scan.table()
              + " does not exist: it was removed outside the table (snapshot "
              + scan.snapshotId()
              + ")");
    }
    return ParquetFooters.of(path);
  }

  private static long sizeOf(Path path) {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw ParquetScan.failure(path, e);
    }
  }

  /**
   * The file column of each of {@code schema}'s columns, found by its field id; null where the file
   * has none. A file with no field id at all (imported into the table from elsewhere) is matched by
   * name, as a table's default name mapping matches it.
   */
  static Type[] match(MessageType file, Schema schema, Map<String, Integer> ids) {
    Map<Integer, Type> byId = new HashMap<>();
    for (Type t : file.getFields()) {
      if (t.getId() != null) {
        byId.put(t.getId().intValue(), t);
      }
    }
    Type[] out = new Type[schema.size()];
    for (int c = 0; c < out.length; c++) {
      String name = schema.field(c).name();
      Integer id = ids.get(name);
      if (byId.isEmpty() || id == null) {
        out[c] = file.containsField(name) ? file.getType(name) : null;
      } else {
        out[c] = byId.get(id);
      }
    }
    return out;
  }

  /** Whether a table column of type {@code from} may since have been widened to {@code to}. */
  static boolean widens(DataType from, DataType to) {
    if (from.equals(DataType.INT32) && to.equals(DataType.INT64)) {
      return true;
    }
    if (from.equals(DataType.FLOAT32) && to.equals(DataType.FLOAT64)) {
      return true;
    }
    return from instanceof DataType.Decimal a
        && to instanceof DataType.Decimal b
        && a.scale() == b.scale()
        && a.precision() <= b.precision();
  }

  /**
   * A decoder of file column {@code p} into {@code out}, an array of {@code type}: the file's own
   * decoder when the types agree, else one that widens each value.
   */
  static ParquetDecoders.Decoder decoder(PrimitiveType p, DataType type, Object out) {
    DataType found = ParquetTypes.typeOf(p, null); // checked when planned: names no file
    if (found.equals(DataType.FLOAT32) && type.equals(DataType.FLOAT64)) {
      return new FloatsAsDoubles((double[]) out);
    }
    if (out instanceof BigDecimal[] wide
        && found instanceof DataType.Decimal d
        && ParquetDecoders.allocate(d, 0) instanceof long[]) {
      return new CompactAsWideDecimals(wide, d.scale());
    }
    // int to long (the long decoder takes ints) and decimals stored alike read as they are
    return ParquetDecoders.of(p, type, out);
  }

  /** FLOAT values widened to DOUBLE, as Iceberg's readers widen them: exactly. */
  private static final class FloatsAsDoubles extends ParquetDecoders.Decoder {
    private final double[] out;

    FloatsAsDoubles(double[] out) {
      this.out = out;
    }

    @Override
    public void addFloat(float value) {
      out[row] = value;
    }
  }

  /** Decimals of up to 18 digits (INT32, INT64) read into a column of more digits. */
  private static final class CompactAsWideDecimals extends ParquetDecoders.Decoder {
    private final BigDecimal[] out;
    private final int scale;

    CompactAsWideDecimals(BigDecimal[] out, int scale) {
      this.out = out;
      this.scale = scale;
    }

    @Override
    public void addInt(int value) {
      out[row] = BigDecimal.valueOf(value, scale);
    }

    @Override
    public void addLong(long value) {
      out[row] = BigDecimal.valueOf(value, scale);
    }

    @Override
    public void addBinary(org.apache.parquet.io.api.Binary value) {
      out[row] = new BigDecimal(new java.math.BigInteger(value.getBytesUnsafe()), scale);
    }
  }

  /** A data file with delete files (or not local, or not Parquet), by the table format's reader. */
  private static LocalFrame readByTable(
      TableScan scan, DataFileTask task, List<String> columns, Schema output) {
    try (ArrowBatches batches = scan.readWithDeletes(task, columns)) {
      Schema got = batches.schema();
      int[] from = new int[output.size()];
      for (int c = 0; c < from.length; c++) {
        from[c] = got.indexOf(output.field(c).name());
        if (from[c] < 0) {
          throw new InputException(
              "The reader of table "
                  + scan.table()
                  + " gave no column '"
                  + output.field(c).name()
                  + "' for data file "
                  + task.path()
                  + "; it gave "
                  + got.names());
        }
      }
      ArrowImport.Importer importer = new ArrowImport.Importer(output);
      for (var b = batches.next(); b != null; b = batches.next()) {
        try (var root = b) {
          importer.add(root, from, "data file " + task.path() + " of table " + scan.table());
        }
      }
      return importer.finish();
    }
  }

  // ---- writing ----------------------------------------------------------------------------------

  /**
   * The file settings of a write: the Parquet options, and when a partition's rows go to more than
   * one file.
   *
   * @param parquet codec and row-group size
   * @param targetBytes the size a data file is cut at (estimated from the frame's size in memory,
   *     which is larger than on disk: files come out smaller than this, never larger)
   * @param maxRows the most rows a data file holds
   */
  record FileSettings(ParquetOptions parquet, long targetBytes, long maxRows) {
    /**
     * From the write's file options: Frameshift's Parquet options ({@code compression}, {@code
     * rowGroupSize}, {@code maxRecordsPerFile}) or the table's own properties ({@code
     * write.parquet.compression-codec}, {@code write.parquet.row-group-size-bytes}, {@code
     * write.target-file-size-bytes}); other table properties are not the writer's and are ignored.
     */
    static FileSettings of(Map<String, String> options) {
      Map<String, String> parquet = new LinkedHashMap<>();
      long target = TARGET_FILE_BYTES;
      long maxRows = Long.MAX_VALUE;
      for (Map.Entry<String, String> e : options.entrySet()) {
        String v = e.getValue();
        switch (e.getKey()) {
          case "compression", "write.parquet.compression-codec" ->
              parquet.put("compression", v.toLowerCase(Locale.ROOT));
          case "rowGroupSize", "write.parquet.row-group-size-bytes" ->
              parquet.put("rowGroupSize", v);
          case "write.target-file-size-bytes", "targetFileSize" -> target = count(e.getKey(), v);
          case "maxRecordsPerFile" -> maxRows = count(e.getKey(), v);
          default -> {
            // a table property of the catalog or the format, not of the file writer
          }
        }
      }
      return new FileSettings(ParquetOptions.forWrite(parquet), target, maxRows);
    }

    private static long count(String key, String v) {
      try {
        long n = Long.parseLong(v.trim());
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new InvalidOptionException(
          "Table write option '" + key + "' is '" + v + "'; expected a positive whole number");
    }

    /**
     * How many files {@code rows} rows of {@code bytesPerRow} each go to: enough for the target
     * size and row count, and for a large partition one per thread, as the dataset writer splits.
     */
    int files(int rows, double bytesPerRow) {
      long bySize = (long) Math.ceil(rows * bytesPerRow / targetBytes);
      long byRows = (rows + maxRows - 1) / maxRows;
      long byThreads = Math.min(Parallelism.threadsHere(), rows / Parquet.ROWS_PER_PART);
      return (int) Math.max(1, Math.min(rows, Math.max(bySize, Math.max(byRows, byThreads))));
    }
  }

  /**
   * Writes {@code frame} into the sink's table: rows split by the table's partitioning, each part
   * written as Parquet files (in parallel, by {@link DatasetWriter#writeAll}) with the columns'
   * field ids, then committed as one snapshot. A failure while writing deletes the files written
   * and raises; a failed commit is the table's to clean up (its contract: it deletes the files when
   * it knows the commit failed, and keeps them when it cannot know whether it succeeded).
   */
  static void write(LocalFrame frame, Sink sink, Progress written) {
    TableWrite write = sink.table();
    if (write == null) {
      throw new InvalidOptionException(
          "A table is written by name with write().table(\"catalog.namespace.table\"), not as"
              + " files: "
              + sink.path());
    }
    Schema schema = frame.schema();
    int[] ids = new int[schema.size()];
    for (int c = 0; c < ids.length; c++) {
      Integer id = write.fieldIds().get(schema.field(c).name());
      if (id == null) {
        throw new OutputException(
            "Column '"
                + schema.field(c).name()
                + "' has no field id in table "
                + write.table()
                + ", whose ids are "
                + write.fieldIds());
      }
      ids[c] = id;
    }
    FileSettings settings = FileSettings.of(write.fileOptions());
    int[] columns = IntStream.range(0, schema.size()).toArray();
    double bytesPerRow = frame.rows() == 0 ? 0 : (double) frame.estimatedBytes() / frame.rows();
    List<DatasetWriter.Part> parts = new ArrayList<>();
    List<Path> paths = new ArrayList<>();
    List<String> locations = new ArrayList<>();
    Map<Integer, WrittenFile> done = new ConcurrentHashMap<>();
    for (Map.Entry<List<Object>, int[]> p : partitions(frame, write.partitioning()).entrySet()) {
      List<Object> values = p.getKey();
      int[] rows = p.getValue();
      if (rows.length == 0) {
        continue; // an empty frame: a commit of no files (OVERWRITE still empties the table)
      }
      int files = settings.files(rows.length, bytesPerRow);
      for (int s = 0; s < files; s++) {
        int from = (int) ((long) rows.length * s / files);
        int to = (int) ((long) rows.length * (s + 1) / files);
        int[] slice =
            rows.length == frame.rows() && files == 1 ? null : Arrays.copyOfRange(rows, from, to);
        String location = write.newDataFile(values);
        Path path =
            LocalPaths.of(location)
                .orElseThrow(
                    () ->
                        new UnsupportedCapabilityException(
                            "The local engine writes data files on this machine's file system"
                                + " only; table "
                                + write.table()
                                + " puts them at "
                                + location));
        int k = parts.size();
        paths.add(path);
        locations.add(location);
        parts.add(
            new DatasetWriter.Part(
                "",
                file -> {
                  ParquetOutput.write(frame, columns, slice, settings.parquet(), file, ids);
                  long bytes = Files.size(file);
                  done.put(k, new WrittenFile(location, to - from, bytes, values));
                  written.advance(to - from, bytes);
                }));
      }
    }
    try {
      DatasetWriter.writeAll(parts, paths::get);
    } catch (IOException | RuntimeException e) {
      List<WrittenFile> left = new ArrayList<>();
      for (int k = 0; k < paths.size(); k++) {
        if (Files.exists(paths.get(k))) {
          WrittenFile f = done.get(k);
          left.add(f != null ? f : new WrittenFile(locations.get(k), 0, 0, List.of()));
        }
      }
      if (!left.isEmpty()) {
        try {
          write.abort(left);
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      if (e instanceof IOException io) {
        throw new OutputException(
            "Cannot write a data file of table " + write.table() + ": " + io, io);
      }
      throw (RuntimeException) e;
    }
    List<WrittenFile> files = new ArrayList<>();
    for (int k = 0; k < parts.size(); k++) {
      files.add(done.get(k));
    }
    LOG.debug(
        "Committing {} data files ({} rows) to {}", files.size(), frame.rows(), write.table());
    write.commit(files, ENGINE);
  }

  /**
   * The rows of each partition, keyed by its values (one per partition field, null for a null
   * source value), in order of first appearance; one key of no values for an unpartitioned table.
   */
  static Map<List<Object>, int[]> partitions(LocalFrame frame, List<PartitionColumn> by) {
    if (by.isEmpty()) {
      return Map.of(List.of(), IntStream.range(0, frame.rows()).toArray());
    }
    Schema schema = frame.schema();
    int[] cols = new int[by.size()];
    for (int k = 0; k < cols.length; k++) {
      cols[k] = schema.indexOf(by.get(k).sourceColumn());
      if (cols[k] < 0) {
        throw new OutputException(
            "Partition field '"
                + by.get(k).name()
                + "' is derived from column '"
                + by.get(k).sourceColumn()
                + "', which the frame lacks: "
                + schema.names());
      }
    }
    return DatasetWriter.groups(
        frame.rows(),
        r -> {
          Object[] key = new Object[cols.length];
          for (int k = 0; k < cols.length; k++) {
            Object v = frame.column(cols[k]).get(r);
            PartitionColumn p = by.get(k);
            key[k] = v == null || p.identity() ? v : p.transform().apply(v);
          }
          return Arrays.asList(key);
        });
  }
}
