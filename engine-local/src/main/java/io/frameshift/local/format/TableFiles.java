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
import java.util.concurrent.atomic.LongAdder;
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
    List<LocalFrame> frames = new ArrayList<>();
    for (Shape shape : plan(source, scan, own)) {
      // the files of one shape read as one Parquet dataset of their own column names and types
      LocalFrame files = ParquetScan.read(shape.plan(), true, progress);
      frames.add(files.arrange(output, shape.from()));
    }
    for (DataFileTask t : generic) {
      frames.add(readByTable(scan, t, source.columns(), output));
      progress.advance(t.rows(), t.bytes());
    }
    if (frames.isEmpty()) {
      // a table with no snapshot, or a filter no file may satisfy
      return ParquetScan.read(plan(output, List.of()), true, progress);
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

  /**
   * Data files whose projected columns have the same names and types in the file: read together as
   * {@code plan}, whose output holds the file columns present; output column {@code c} of the read
   * is column {@code from[c]} of it (widened to the table's type), or null where -1. Files written
   * since the table's last schema change are all of one shape.
   */
  record Shape(ParquetScan.Plan plan, int[] from) {}

  /** One data file planned: its part (row groups kept) and its columns for the output. */
  private record FilePlan(ParquetScan.Part part, List<Field> columns) {}

  /** The scan's Parquet files on this machine, by shape: row groups kept, columns by field id. */
  static List<Shape> plan(Source source, TableScan scan, List<DataFileTask> tasks) {
    Schema output = source.projectedSchema();
    FilePlan[] files = new FilePlan[tasks.size()];
    Parallelism.forEach(
        tasks.size(),
        tasks.size() > 1 ? Parallelism.PARALLEL_ROWS : 0,
        i -> files[i] = planFile(source, scan, tasks.get(i)));
    Map<List<Field>, List<ParquetScan.Part>> shapes = new LinkedHashMap<>();
    for (FilePlan f : files) {
      shapes.computeIfAbsent(f.columns(), k -> new ArrayList<>()).add(f.part());
    }
    List<Shape> out = new ArrayList<>();
    for (Map.Entry<List<Field>, List<ParquetScan.Part>> e : shapes.entrySet()) {
      List<Field> present = new ArrayList<>();
      int[] from = new int[output.size()];
      for (int c = 0; c < from.length; c++) {
        Field f = e.getKey().get(c);
        from[c] = f == null ? -1 : present.size();
        if (f != null) {
          present.add(f);
        }
      }
      out.add(new Shape(plan(Schema.of(present), e.getValue()), from));
    }
    return out;
  }

  /** A plan reading {@code parts} as a dataset of {@code columns}, stored in every file. */
  private static ParquetScan.Plan plan(Schema columns, List<ParquetScan.Part> parts) {
    return new ParquetScan.Plan(
        columns,
        IntStream.range(0, columns.size()).toArray(),
        Schema.of(List.of()),
        parts,
        parts.size(),
        parts.stream().mapToInt(p -> p.footer().getBlocks().size()).sum(),
        new LongAdder());
  }

  /**
   * The file's column of each projected column (its name and type in the file; null where the file
   * lacks it), checking that each widens to the table's type, and the row groups the filter keeps.
   */
  private static FilePlan planFile(Source source, TableScan scan, DataFileTask task) {
    Schema all = source.schema();
    Schema output = source.projectedSchema();
    Path path = LocalPaths.of(task.path()).orElseThrow();
    ParquetMetadata footer = footer(path, scan);
    MessageType schema = footer.getFileMetaData().getSchema();
    Type[] found = match(schema, all, scan.fieldIds());
    Field[] columns = new Field[output.size()];
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
        columns[output.indexOf(f.name())] = new Field(p.getName(), type, true);
      }
      // the filter hint names the table's columns: only those under the same name and type in
      // the file may prune its row groups (a renamed column's old name may be another's)
      if (p.getName().equals(f.name()) && type.equals(f.type())) {
        aligned.add(p);
      }
    }
    List<BlockMetaData> kept = footer.getBlocks();
    MessageType prunable = new MessageType(schema.getName(), aligned);
    // the file is opened only for a filter Parquet may test (its dictionaries, blooms)
    if (source.filter() != null && ParquetPushdown.predicate(source.filter(), prunable) != null) {
      try (ParquetFileReader reader = ParquetScan.open(path, footer)) {
        kept = ParquetScan.keptRowGroups(reader, source, prunable);
      } catch (IOException | RuntimeException e) {
        throw ParquetScan.failure(path, e);
      }
    }
    long size = task.bytes() > 0 ? task.bytes() : sizeOf(path);
    Datasets.DataFile file = new Datasets.DataFile(path, size, path.getParent(), List.of());
    return new FilePlan(ParquetScan.part(file, footer, kept), Arrays.asList(columns));
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

  /**
   * Whether a table column of type {@code from} may since have been widened to {@code to}: such
   * values are read as they are stored and cast, exactly, to the table's type.
   */
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
    Map<String, Integer> fieldIds = write.fieldIds();
    int[] ids = new int[schema.size()];
    for (int c = 0; c < ids.length; c++) {
      Integer id = fieldIds.get(schema.field(c).name());
      if (id == null) {
        throw new OutputException(
            "Column '"
                + schema.field(c).name()
                + "' has no field id in table "
                + write.table()
                + ", whose ids are "
                + fieldIds);
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
