package io.frameshift.local.format;

import io.frameshift.error.FrameshiftException;
import io.frameshift.error.InputException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Source;
import io.frameshift.local.Bits;
import io.frameshift.local.LocalFrame;
import io.frameshift.local.Parallelism;
import io.frameshift.local.Temporal;
import io.frameshift.local.Utf8Dictionary;
import io.frameshift.local.Vec;
import io.frameshift.spi.Progress;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import io.frameshift.types.TypeId;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet dataset into a local frame. A {@link Plan} is made from the footers alone: the
 * files whose partition values may satisfy the filter hint, and in each the row groups
 * parquet-java's statistics and dictionary filters keep. Then the (row group, column) chunks are
 * decoded in parallel on the calling pool when there are enough rows ({@link ParquetPages} for the
 * common encodings, else parquet-java's column reader), straight into the frame's arrays at the row
 * group's offset: no row objects, no copy after decoding. Strings are decoded into codes and a
 * {@link Utf8Dictionary} per task, merged per column at the end.
 */
final class ParquetScan {
  /** Row groups this small are decoded whole by one task rather than a task per column. */
  private static final long SPLIT_ROWS = 65_536;

  private ParquetScan() {}

  /** One file to read: its footer and the indexes (into the footer's) of the row groups kept. */
  record Part(Datasets.DataFile file, ParquetMetadata footer, int[] rowGroups, long rows) {}

  /**
   * What a read decodes.
   *
   * @param output the frame's schema (the source's projected schema)
   * @param fileColumns the output columns stored in the files, by output index, else -1
   * @param partitions the dataset's partition columns
   * @param parts the files kept, in listing order
   * @param filesListed the files of the listing
   * @param rowGroupsTotal the row groups of the kept files' footers
   * @param chunksDecoded column chunks decoded so far (a test's view of the work done)
   */
  record Plan(
      Schema output,
      int[] fileColumns,
      Schema partitions,
      List<Part> parts,
      int filesListed,
      int rowGroupsTotal,
      LongAdder chunksDecoded) {
    int rowGroupsRead() {
      return parts.stream().mapToInt(p -> p.rowGroups().length).sum();
    }

    long rows() {
      return parts.stream().mapToLong(Part::rows).sum();
    }
  }

  // ---- planning ---------------------------------------------------------------------------------

  static Plan plan(Source source) {
    Datasets.Listing listing = Datasets.list(source.paths());
    Schema output = source.projectedSchema();
    Schema partitions = listing.partitionSchema();
    int[] fileColumns = new int[output.size()];
    List<Field> stored = new ArrayList<>();
    for (int c = 0; c < output.size(); c++) {
      Field f = output.field(c);
      if (partitions.contains(f.name())) {
        fileColumns[c] = -1;
      } else {
        fileColumns[c] = stored.size();
        stored.add(f);
      }
    }
    List<Datasets.DataFile> files =
        listing.files().stream()
            .filter(f -> ParquetPushdown.mayMatch(source.filter(), partitions, f.partitionValues()))
            .toList();
    Part[] parts = new Part[files.size()];
    int[] groups = new int[files.size()];
    IntStream all = IntStream.range(0, files.size());
    (files.size() > 1 ? all.parallel() : all)
        .forEach(
            i -> {
              Datasets.DataFile file = files.get(i);
              ParquetMetadata footer = ParquetFooters.of(file.path());
              try (ParquetFileReader reader = open(file.path(), footer)) {
                MessageType schema = footer.getFileMetaData().getSchema();
                for (Field f : stored) {
                  check(schema, f, file.path());
                }
                groups[i] = footer.getBlocks().size();
                parts[i] = part(file, footer, keptRowGroups(reader, source, schema));
              } catch (IOException | RuntimeException e) {
                throw failure(file.path(), e);
              }
            });
    return new Plan(
        output,
        fileColumns,
        partitions,
        List.of(parts),
        listing.files().size(),
        Arrays.stream(groups).sum(),
        new LongAdder());
  }

  /** The row groups of the file that parquet-java cannot rule out for the filter. */
  static List<BlockMetaData> keptRowGroups(
      ParquetFileReader reader, Source source, MessageType schema) {
    List<BlockMetaData> blocks = reader.getFooter().getBlocks();
    FilterPredicate predicate = ParquetPushdown.predicate(source.filter(), schema);
    if (predicate == null) {
      return blocks;
    }
    return RowGroupFilter.filterRowGroups(
        List.of(
            RowGroupFilter.FilterLevel.STATISTICS,
            RowGroupFilter.FilterLevel.DICTIONARY,
            RowGroupFilter.FilterLevel.BLOOMFILTER),
        FilterCompat.get(predicate),
        blocks,
        reader);
  }

  static Part part(Datasets.DataFile file, ParquetMetadata footer, List<BlockMetaData> kept) {
    List<BlockMetaData> blocks = footer.getBlocks();
    int[] indexes = new int[kept.size()];
    long rows = 0;
    for (int k = 0; k < indexes.length; k++) {
      indexes[k] = blocks.indexOf(kept.get(k));
      rows += kept.get(k).getRowCount();
    }
    return new Part(file, footer, indexes, rows);
  }

  /** Checks that {@code file} has column {@code f} as a flat column of {@code f}'s type. */
  private static void check(MessageType file, Field f, Path path) {
    if (!file.containsField(f.name())) {
      throw new InputException(
          "Parquet file "
              + path
              + " has no column '"
              + f.name()
              + "'; its columns are "
              + file.getFields().stream().map(Type::getName).toList());
    }
    PrimitiveType p = ParquetTypes.flat(file.getType(f.name()), path);
    DataType found = ParquetTypes.typeOf(p, path);
    if (!found.equals(f.type())) {
      throw new InputException(
          "Column '"
              + f.name()
              + "' of Parquet file "
              + path
              + " is "
              + found
              + " (Parquet "
              + ParquetTypes.describe(p)
              + "), not "
              + f.type()
              + " as the schema asks; read it as "
              + found
              + " and cast it");
    }
  }

  // ---- decoding ---------------------------------------------------------------------------------

  /** A row group to decode, written from row {@code offset} of the frame on. */
  private record Slice(Part part, int rowGroup, int offset, int rows) {}

  /**
   * One task: some file columns of some row groups. Strings of one task share one dictionary, so a
   * task takes a range of row groups of a string column: the dictionaries merged afterwards are
   * then a few, each about the column's distinct values, rather than one per row group.
   */
  private record Task(List<Slice> slices, int[] columns) {
    long rows() {
      return slices.stream().mapToLong(Slice::rows).sum();
    }
  }

  static LocalFrame read(Plan plan, boolean parallel) {
    return read(plan, parallel, Progress.NONE);
  }

  /**
   * Decodes the plan's row groups; {@code progress} hears of each task's rows and column-chunk
   * bytes as it finishes, and of the rest of the files' bytes (footers, row groups skipped) at the
   * end, so the bytes add up to the files' sizes.
   */
  static LocalFrame read(Plan plan, boolean parallel, Progress progress) {
    long total = plan.rows();
    if (total > Integer.MAX_VALUE - 16) {
      throw new InputException(
          "Parquet input of "
              + total
              + " rows is more than a local frame holds ("
              + (Integer.MAX_VALUE - 16)
              + "); filter it on the Spark engine or read fewer files");
    }
    int rows = (int) total;
    Schema output = plan.output();
    int n = output.size();
    Object[] values = new Object[n];
    List<Integer> stored = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      values[c] = ParquetDecoders.allocate(output.field(c).type(), rows);
      if (plan.fileColumns()[c] >= 0) {
        stored.add(c);
      }
    }
    List<Task> tasks = tasks(plan, stored, parallel ? Parallelism.threadsHere() : 1);
    // each task's null masks, by task, column and slice, laid into the frame's masks afterwards:
    // tasks of neighbouring row groups may share a mask word, so they do not write it directly
    long[][][][] taskNulls = new long[tasks.size()][][][];
    // each task's strings, by task and column: codes of its rows index these until merged
    Utf8Dictionary[][] taskStrings = new Utf8Dictionary[tasks.size()][];
    LongAdder reported = new LongAdder();
    Parallelism.forEach(
        tasks.size(),
        parallel ? rows : 0,
        t -> {
          Task task = tasks.get(t);
          taskStrings[t] = new Utf8Dictionary[task.columns().length];
          taskNulls[t] = decode(plan, task, values, taskStrings[t]);
          long bytes = chunkBytes(plan, task);
          reported.add(bytes);
          // a row group's rows count once: with the task holding its first column
          boolean first = task.columns()[0] == stored.get(0);
          progress.advance(first ? task.rows() : 0, bytes);
        });
    long sizes = 0;
    for (Part part : plan.parts()) {
      sizes += part.file().size();
    }
    progress.advance(stored.isEmpty() ? rows : 0, Math.max(0, sizes - reported.sum()));
    long[][] nulls = new long[n][];
    for (int t = 0; t < tasks.size(); t++) {
      Task task = tasks.get(t);
      for (int k = 0; k < task.columns().length; k++) {
        int c = task.columns()[k];
        for (int s = 0; s < task.slices().size(); s++) {
          nulls[c] = Bits.orAt(nulls[c], taskNulls[t][k][s], task.slices().get(s).offset(), rows);
        }
      }
    }
    Utf8Dictionary[] strings = new Utf8Dictionary[n];
    for (int c = 0; c < n; c++) {
      if (output.field(c).type().id() == TypeId.STRING) {
        strings[c] = new Utf8Dictionary();
      }
    }
    mergeStrings(tasks, taskStrings, values, strings);
    fillPartitionColumns(plan, values, nulls, strings, rows);
    List<Vec> columns = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      DataType type = output.field(c).type();
      columns.add(
          strings[c] != null
              ? Vec.ofStrings(strings[c], (int[]) values[c], nulls[c])
              : vec(type, values[c], nulls[c]));
    }
    return new LocalFrame(output, columns, rows);
  }

  /**
   * The decoding tasks: a small row group's columns together; of a large one, each column apart,
   * but strings, whose large row groups are split into {@code ranges} runs of row groups per
   * column.
   */
  private static List<Task> tasks(Plan plan, List<Integer> stored, int ranges) {
    List<Slice> large = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    int offset = 0;
    for (Part part : plan.parts()) {
      List<BlockMetaData> blocks = part.footer().getBlocks();
      for (int g : part.rowGroups()) {
        int groupRows = Math.toIntExact(blocks.get(g).getRowCount());
        Slice slice = new Slice(part, g, offset, groupRows);
        if (!stored.isEmpty()) {
          if (groupRows >= SPLIT_ROWS) {
            large.add(slice);
          } else {
            tasks.add(
                new Task(List.of(slice), stored.stream().mapToInt(Integer::intValue).toArray()));
          }
        }
        offset += groupRows;
      }
    }
    for (int c : stored) {
      if (plan.output().field(c).type().id() == TypeId.STRING) {
        int runs = Math.max(1, Math.min(ranges, large.size()));
        for (int r = 0; r < runs; r++) {
          List<Slice> run = large.subList(large.size() * r / runs, large.size() * (r + 1) / runs);
          tasks.add(new Task(List.copyOf(run), new int[] {c}));
        }
      } else {
        for (Slice slice : large) {
          tasks.add(new Task(List.of(slice), new int[] {c}));
        }
      }
    }
    return tasks;
  }

  /**
   * Merges the tasks' string dictionaries into one per column, in task order, renumbering each
   * task's codes through a table from its dictionary's ids to the merged ones.
   */
  private static void mergeStrings(
      List<Task> tasks, Utf8Dictionary[][] taskStrings, Object[] values, Utf8Dictionary[] into) {
    for (int t = 0; t < tasks.size(); t++) {
      Task task = tasks.get(t);
      for (int k = 0; k < task.columns().length; k++) {
        int c = task.columns()[k];
        Utf8Dictionary local = taskStrings[t][k];
        if (local == null) {
          continue;
        }
        boolean first = into[c].size() == 0;
        int[] id = into[c].addAll(local);
        if (!first) {
          int[] codes = (int[]) values[c];
          for (Slice slice : task.slices()) {
            for (int i = slice.offset(), end = slice.offset() + slice.rows(); i < end; i++) {
              codes[i] = id[codes[i]];
            }
          }
        }
      }
    }
  }

  /** The compressed bytes of the task's column chunks in the file. */
  private static long chunkBytes(Plan plan, Task task) {
    long bytes = 0;
    for (Slice slice : task.slices()) {
      BlockMetaData block = slice.part().footer().getBlocks().get(slice.rowGroup());
      for (int c : task.columns()) {
        String name = plan.output().field(c).name();
        for (var chunk : block.getColumns()) {
          if (chunk.getPath().size() == 1 && chunk.getPath().toArray()[0].equals(name)) {
            bytes += chunk.getTotalSize();
          }
        }
      }
    }
    return bytes;
  }

  /**
   * Decodes one task's chunks, strings into {@code strings} (one per column, made here); returns
   * their null masks by column and slice (each relative to the slice's first row).
   */
  private static long[][][] decode(
      Plan plan, Task task, Object[] values, Utf8Dictionary[] strings) {
    int k = task.columns().length;
    for (int i = 0; i < k; i++) {
      if (plan.output().field(task.columns()[i]).type().id() == TypeId.STRING) {
        strings[i] = new Utf8Dictionary();
      }
    }
    long[][][] masks = new long[k][task.slices().size()][];
    for (int s = 0; s < task.slices().size(); s++) {
      long[][] sliceMasks = decode(plan, task.slices().get(s), task.columns(), values, strings);
      for (int i = 0; i < k; i++) {
        masks[i][s] = sliceMasks[i];
      }
    }
    return masks;
  }

  /**
   * Decodes some columns of one row group; returns their null masks (relative to the slice's first
   * row). Chunks {@link ParquetPages} covers are decoded by it, the others through parquet-java's
   * column reader.
   */
  private static long[][] decode(
      Plan plan, Slice slice, int[] columns, Object[] values, Utf8Dictionary[] strings) {
    Path path = slice.part().file().path();
    MessageType fileSchema = slice.part().footer().getFileMetaData().getSchema();
    BlockMetaData block = slice.part().footer().getBlocks().get(slice.rowGroup());
    int k = columns.length;
    List<Type> fields = new ArrayList<>(k);
    ParquetDecoders.Decoder[] decoders = new ParquetDecoders.Decoder[k];
    for (int i = 0; i < k; i++) {
      Field f = plan.output().field(columns[i]);
      PrimitiveType p = fileSchema.getType(f.name()).asPrimitiveType();
      fields.add(p);
      decoders[i] = ParquetDecoders.of(p, f.type(), values[columns[i]], strings[i]);
    }
    MessageType requested = new MessageType(fileSchema.getName(), fields);
    long[][] masks = new long[k][];
    try (ParquetFileReader reader = open(path, slice.part().footer())) {
      reader.setRequestedSchema(requested);
      PageReadStore pages = reader.readRowGroup(slice.rowGroup());
      ColumnReadStoreImpl store =
          new ColumnReadStoreImpl(
              pages,
              new Columns(decoders),
              requested,
              slice.part().footer().getFileMetaData().getCreatedBy());
      List<ColumnDescriptor> descriptors = requested.getColumns();
      for (int i = 0; i < k; i++) {
        ColumnDescriptor d = descriptors.get(i);
        DataType type = plan.output().field(columns[i]).type();
        masks[i] =
            ParquetPages.decodes(d, type, chunk(block, d))
                ? ParquetPages.decode(
                    pages.getPageReader(d),
                    d,
                    type,
                    values[columns[i]],
                    strings[i],
                    slice.offset(),
                    slice.rows())
                : decodeColumn(store.getColumnReader(d), d, decoders[i], slice);
        plan.chunksDecoded().increment();
      }
    } catch (IOException | RuntimeException e) {
      throw failure(path, e);
    }
    return masks;
  }

  /** The metadata of {@code column}'s chunk in {@code block}. */
  private static ColumnChunkMetaData chunk(BlockMetaData block, ColumnDescriptor column) {
    ColumnPath path = ColumnPath.get(column.getPath());
    for (ColumnChunkMetaData chunk : block.getColumns()) {
      if (chunk.getPath().equals(path)) {
        return chunk;
      }
    }
    throw new IllegalStateException("no chunk of " + path + " in its row group");
  }

  private static long[] decodeColumn(
      ColumnReader reader, ColumnDescriptor column, ParquetDecoders.Decoder decoder, Slice slice) {
    int defined = column.getMaxDefinitionLevel();
    int rows = slice.rows();
    int offset = slice.offset();
    long[] nulls = null;
    for (int i = 0; i < rows; i++) {
      if (reader.getCurrentDefinitionLevel() == defined) {
        decoder.row = offset + i;
        reader.writeCurrentValueToConverter();
      } else {
        nulls = Bits.setting(nulls, rows, i);
      }
      reader.consume();
    }
    return nulls;
  }

  /** The record converter a column store needs to find each column's converter: flat columns. */
  private static final class Columns extends GroupConverter {
    private final ParquetDecoders.Decoder[] decoders;

    Columns(ParquetDecoders.Decoder[] decoders) {
      this.decoders = decoders;
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return decoders[fieldIndex];
    }

    @Override
    public void start() {}

    @Override
    public void end() {}
  }

  /**
   * Partition columns hold their file's folder value on every row of the file; strings as codes
   * into {@code strings}.
   */
  private static void fillPartitionColumns(
      Plan plan, Object[] values, long[][] nulls, Utf8Dictionary[] strings, int rows) {
    Schema output = plan.output();
    for (int c = 0; c < output.size(); c++) {
      if (plan.fileColumns()[c] >= 0) {
        continue;
      }
      Field f = output.field(c);
      int k = plan.partitions().indexOf(f.name());
      int at = 0;
      for (Part part : plan.parts()) {
        int n = (int) part.rows();
        Object v = part.file().partitionValues().get(k);
        if (v == null) {
          for (int i = at; i < at + n; i++) {
            nulls[c] = Bits.setting(nulls[c], rows, i);
          }
        } else {
          fill(values[c], strings[c], f, v, at, at + n, part.file().path());
        }
        at += n;
      }
    }
  }

  private static void fill(
      Object array, Utf8Dictionary strings, Field f, Object v, int from, int to, Path path) {
    DataType t = f.type();
    if (!t.javaClass().isInstance(v)) {
      throw new InputException(
          "Partition column '"
              + f.name()
              + "' of "
              + path
              + " holds "
              + v
              + ", not a value of its type "
              + t);
    }
    switch (t.id()) {
      case INT32 -> Arrays.fill((int[]) array, from, to, (Integer) v);
      case INT64 -> Arrays.fill((long[]) array, from, to, (Long) v);
      case FLOAT64 -> Arrays.fill((double[]) array, from, to, (Double) v);
      case FLOAT32 -> Arrays.fill((float[]) array, from, to, (Float) v);
      case BOOLEAN -> Arrays.fill((boolean[]) array, from, to, (Boolean) v);
      case STRING -> {
        byte[] utf8 = ((String) v).getBytes(StandardCharsets.UTF_8);
        Arrays.fill((int[]) array, from, to, strings.add(utf8, 0, utf8.length));
      }
      case DATE -> {
        long day = ((LocalDate) v).toEpochDay();
        Arrays.fill((int[]) array, from, to, Temporal.packedDate(day, f.name()));
      }
      default ->
          throw new InputException(
              "Partition column '" + f.name() + "' of " + path + " cannot be read as " + t);
    }
  }

  private static Vec vec(DataType type, Object values, long[] nulls) {
    return switch (type.id()) {
      case BOOLEAN -> Vec.ofBooleans((boolean[]) values, nulls);
      case INT32, DATE -> Vec.ofInts(type, (int[]) values, nulls);
      case FLOAT32 -> Vec.ofFloats((float[]) values, nulls);
      case FLOAT64 -> Vec.ofDoubles((double[]) values, nulls);
      case STRING -> throw new IllegalStateException("strings are built from their codes");
      case INT64, TIMESTAMP, TIMESTAMP_NTZ -> Vec.ofLongs(type, (long[]) values, nulls);
      case DECIMAL ->
          values instanceof long[] unscaled
              ? Vec.ofLongs(type, unscaled, nulls)
              : Vec.ofDecimals(type, nullsIn((BigDecimal[]) values, nulls));
    };
  }

  /** The factories of object columns take nulls as null elements. */
  private static <T> T[] nullsIn(T[] values, long[] nulls) {
    if (nulls != null) {
      for (int i = 0; i < values.length; i++) {
        if (Bits.get(nulls, i)) {
          values[i] = null;
        }
      }
    }
    return values;
  }

  // ---- files ------------------------------------------------------------------------------------

  /**
   * A reader of {@code path}; with a footer already read, it is not read again. Row groups are
   * filtered by {@link #keptRowGroups}, so the reader itself filters nothing; each reader has its
   * own codec factory (built with its options), as decompressors are not shared across threads.
   */
  static ParquetFileReader open(Path path, ParquetMetadata footer) throws IOException {
    InputFile in = new LocalInputFile(path);
    if (in.getLength() == 0) {
      throw new InputException("Parquet file " + path + " is empty (0 bytes), not a Parquet file");
    }
    // a plain configuration: the default builder makes a Hadoop Configuration, which parses
    // core-default.xml from Hadoop's jar again for every reader (every row group and column task)
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration())
            .useStatsFilter(false)
            .useDictionaryFilter(false)
            .useBloomFilter(false)
            .useColumnIndexFilter(false)
            .useRecordFilter(false)
            .build();
    return footer == null
        ? new ParquetFileReader(in, options)
        : new ParquetFileReader(in, footer, options, in.newStream());
  }

  /** {@code e} as raised by reading {@code path}: the engine's own errors pass unchanged. */
  static FrameshiftException failure(Path path, Exception e) {
    if (e instanceof FrameshiftException f) {
      return f;
    }
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    return new InputException(
        "Cannot read Parquet file " + path + ": it is truncated or not Parquet (" + why + ")", e);
  }
}
