package io.frameshift.iceberg;

import io.frameshift.WriteMode;
import io.frameshift.error.CommitFailedException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputException;
import io.frameshift.spi.TableWrite;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.mapping.MappingUtil;
import org.apache.iceberg.mapping.NameMapping;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.util.SerializableFunction;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A write of Parquet data files by an engine, committed as one Iceberg snapshot. The table is
 * loaded for this write alone, so concurrent writes in one process never share Iceberg's table
 * state.
 */
final class IcebergWrite implements TableWrite {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergWrite.class);

  /** The snapshot summary's key for the row-level change a commit made ({@code upsert}). */
  static final String OPERATION = "frameshift.operation";

  static final List<String> OPTIONS =
      List.of("compression", "rowGroupSize", "maxRecordsPerFile", "tag");

  private final String name;
  private final IcebergTable handle;
  private final Table table;
  private final WriteMode mode;
  private final Map<String, String> options;
  private final int retries;
  private final PartitionSpec spec;
  private final org.apache.iceberg.Schema icebergSchema;
  private final Schema schema;
  private final List<PartitionColumn> partitioning;
  private final OutputFileFactory files;
  private final Rewrite rewrite;

  /**
   * A copy-on-write change: the written files replace {@code replaced}, read from snapshot {@code
   * fromSnapshot} (null: the table had none) through a scan of the rows {@code conflictFilter}.
   */
  record Rewrite(
      Long fromSnapshot, List<DataFile> replaced, Expression conflictFilter, String operation) {
    Rewrite {
      replaced = List.copyOf(replaced);
    }
  }

  IcebergWrite(
      IcebergTable handle,
      Table table,
      WriteMode mode,
      Map<String, String> options,
      int retries,
      Rewrite rewrite) {
    this.rewrite = rewrite;
    this.name = handle.name();
    this.handle = handle;
    this.table = table;
    this.mode = mode;
    for (String k : options.keySet()) {
      if (!OPTIONS.contains(k)) {
        throw new InvalidOptionException(
            "Unknown option '" + k + "' for writing table " + name + "; accepted: " + OPTIONS);
      }
    }
    this.options = Map.copyOf(options);
    this.retries = retries;
    this.spec = table.spec();
    this.icebergSchema = table.schema();
    this.schema = IcebergTypes.toFrameshift(icebergSchema, name);
    this.partitioning = partitioning(spec, icebergSchema, schema);
    this.files =
        OutputFileFactory.builderFor(table, 0, 0)
            .format(FileFormat.PARQUET)
            .operationId(UUID.randomUUID().toString())
            .build();
  }

  private static List<PartitionColumn> partitioning(
      PartitionSpec spec, org.apache.iceberg.Schema icebergSchema, Schema schema) {
    List<PartitionColumn> out = new ArrayList<>();
    for (PartitionField f : spec.fields()) {
      String source = icebergSchema.findColumnName(f.sourceId());
      Type sourceType = icebergSchema.findType(f.sourceId());
      @SuppressWarnings("unchecked")
      Transform<Object, Object> t = (Transform<Object, Object>) f.transform();
      Type resultType = t.getResultType(sourceType);
      boolean identity = t.isIdentity();
      Function<Object, Object> fn;
      if (identity) {
        fn = v -> v;
      } else {
        SerializableFunction<Object, Object> bound = t.bind(sourceType);
        fn = v -> IcebergTypes.fromInternal(bound.apply(IcebergTypes.toInternal(v)), resultType);
      }
      DataType type =
          identity
              ? schema.field(source).type()
              : IcebergTypes.toFrameshift(resultType, f.name(), "partition of " + source);
      out.add(new PartitionColumn(f.name(), source, type, identity, fn));
    }
    return List.copyOf(out);
  }

  @Override
  public String table() {
    return name;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /** The table's schema this write was made for. */
  org.apache.iceberg.Schema icebergSchema() {
    return icebergSchema;
  }

  @Override
  public Map<String, Integer> fieldIds() {
    return IcebergTypes.fieldIds(icebergSchema);
  }

  @Override
  public List<PartitionColumn> partitioning() {
    return partitioning;
  }

  /**
   * {@code compression} (the write's option, else the table's {@code
   * write.parquet.compression-codec}, Iceberg's default zstd) and {@code rowGroupSize} (the write's
   * option, else {@code write.parquet.row-group-size-bytes}), under the keys of Parquet writes.
   */
  @Override
  public Map<String, String> fileOptions() {
    Map<String, String> out = new LinkedHashMap<>();
    String codec =
        options.getOrDefault(
            "compression",
            table
                .properties()
                .getOrDefault(
                    TableProperties.PARQUET_COMPRESSION,
                    TableProperties.PARQUET_COMPRESSION_DEFAULT));
    codec = codec.trim().toLowerCase(Locale.ROOT);
    codec = codec.equals("uncompressed") ? "none" : codec;
    if (!List.of("zstd", "snappy", "gzip", "none").contains(codec)) {
      LOG.warn(
          "Table {} asks for Parquet codec {}, which Frameshift does not write; writing zstd",
          name,
          codec);
      codec = "zstd";
    }
    out.put("compression", codec);
    out.put(
        "rowGroupSize",
        options.getOrDefault(
            "rowGroupSize",
            table
                .properties()
                .getOrDefault(
                    TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES,
                    String.valueOf(TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES_DEFAULT))));
    // where an engine that writes the files cuts a partition's rows into several files
    String target = table.properties().get(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES);
    if (target != null) {
      out.put(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, target);
    }
    if (options.containsKey("maxRecordsPerFile")) {
      out.put("maxRecordsPerFile", options.get("maxRecordsPerFile"));
    }
    return out;
  }

  @Override
  public String newDataFile(List<Object> partitionValues) {
    if (!spec.isPartitioned()) {
      return files.newOutputFile().encryptingOutputFile().location();
    }
    return files.newOutputFile(spec, partition(partitionValues)).encryptingOutputFile().location();
  }

  private PartitionData partition(List<Object> values) {
    if (values.size() != spec.fields().size()) {
      throw new IllegalArgumentException(
          "Table "
              + name
              + " has "
              + spec.fields().size()
              + " partition fields "
              + spec.fields()
              + "; got values "
              + values);
    }
    PartitionData pd = new PartitionData(spec.partitionType());
    for (int i = 0; i < values.size(); i++) {
      pd.set(i, IcebergTypes.toInternal(values.get(i)));
    }
    return pd;
  }

  @Override
  public void commit(List<WrittenFile> written, String engine) {
    List<DataFile> dataFiles;
    try {
      dataFiles = dataFiles(written);
    } catch (RuntimeException e) {
      abort(written);
      throw new CommitFailedException(
          "Cannot commit to table " + name + ": reading the written files failed: " + e, e);
    }
    if (rewrite != null) {
      commitRewrite(written, dataFiles, engine);
      return;
    }
    long rows = dataFiles.stream().mapToLong(DataFile::recordCount).sum();
    String tag = options.get("tag");
    long snapshotId;
    try {
      snapshotId =
          Commits.run(
              name,
              mode == WriteMode.APPEND ? "append" : "overwrite",
              retries,
              () -> {
                table.refresh();
                SnapshotUpdate<?> op;
                if (mode == WriteMode.APPEND) {
                  AppendFiles append = table.newAppend();
                  dataFiles.forEach(append::appendFile);
                  op = append;
                } else {
                  OverwriteFiles overwrite =
                      table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
                  dataFiles.forEach(overwrite::addFile);
                  op = overwrite;
                }
                op.set(Snapshot.ENGINE, engine);
                if (tag != null) {
                  op.set(Snapshot.TAG, tag);
                }
                op.commit();
                return table.currentSnapshot().snapshotId();
              });
    } catch (Commits.Failed e) {
      if (!e.stateUnknown) {
        abort(written);
      }
      throw e;
    }
    LOG.info(
        "Committed {} to table {}: snapshot {}, {} files, {} rows, engine {}{}",
        mode == WriteMode.APPEND ? "an append" : "an overwrite",
        name,
        snapshotId,
        dataFiles.size(),
        rows,
        engine,
        tag == null ? "" : ", tag " + tag);
  }

  /**
   * One overwrite that deletes the replaced files and adds the written ones. Iceberg validates it
   * against every commit since the snapshot the rows were read from: data added that matches the
   * conflict filter, or a replaced file deleted meanwhile, means the rewrite is out of date (a
   * {@link ValidationException}, not retried); a commit that only lost the race is retried on the
   * new metadata, keeping what the other commit added.
   */
  private void commitRewrite(List<WrittenFile> written, List<DataFile> dataFiles, String engine) {
    long rows = dataFiles.stream().mapToLong(DataFile::recordCount).sum();
    String tag = options.get("tag");
    long snapshotId;
    try {
      snapshotId =
          Commits.run(
              name,
              rewrite.operation(),
              retries,
              () -> {
                table.refresh();
                OverwriteFiles op = table.newOverwrite();
                // a replaced file another commit removed meanwhile fails the validation below
                rewrite.replaced().forEach(op::deleteFile);
                dataFiles.forEach(op::addFile);
                if (rewrite.fromSnapshot() != null) {
                  op.validateFromSnapshot(rewrite.fromSnapshot());
                }
                op.conflictDetectionFilter(rewrite.conflictFilter())
                    .validateNoConflictingData()
                    .validateNoConflictingDeletes();
                op.set(Snapshot.ENGINE, engine);
                op.set(OPERATION, rewrite.operation());
                if (tag != null) {
                  op.set(Snapshot.TAG, tag);
                }
                op.commit();
                return table.currentSnapshot().snapshotId();
              });
    } catch (ValidationException e) {
      abort(written);
      throw new CommitFailedException(
          "The "
              + rewrite.operation()
              + " of table "
              + name
              + " conflicts with a commit made after it read snapshot "
              + rewrite.fromSnapshot()
              + ": "
              + e.getMessage(),
          e);
    } catch (Commits.Failed e) {
      if (!e.stateUnknown) {
        abort(written);
      }
      throw e;
    }
    LOG.info(
        "Committed an {} to table {}: snapshot {}, {} files replaced by {} ({} rows), engine {}",
        rewrite.operation(),
        name,
        snapshotId,
        rewrite.replaced().size(),
        dataFiles.size(),
        rows,
        engine);
  }

  private List<DataFile> dataFiles(List<WrittenFile> written) {
    MetricsConfig metrics = MetricsConfig.forTable(table);
    // files without field ids in their schema are matched to columns by name
    NameMapping byName = MappingUtil.create(icebergSchema);
    List<DataFile> out = new ArrayList<>();
    for (WrittenFile f : written) {
      org.apache.iceberg.io.InputFile in = table.io().newInputFile(f.path());
      Metrics m = metrics(in, metrics, byName);
      DataFiles.Builder b =
          DataFiles.builder(spec)
              .withPath(f.path())
              .withFormat(FileFormat.PARQUET)
              .withFileSizeInBytes(f.bytes() > 0 ? f.bytes() : in.getLength())
              .withMetrics(m);
      if (spec.isPartitioned()) {
        b.withPartition(partition(f.partitionValues()));
      }
      out.add(b.build());
    }
    return out;
  }

  /**
   * A data file's metrics (row count, value and null counts, bounds) from its footer. Iceberg's
   * {@code ParquetUtil.fileMetrics} opens the file with a new Hadoop {@code Configuration}, which
   * parses Hadoop's default XML resources again for every file: in a profile of 100-row appends
   * that was a fifth of the whole commit. A file on this machine's file system (every file the
   * local engine writes) has its footer read with Parquet's plain configuration instead.
   */
  private static Metrics metrics(
      org.apache.iceberg.io.InputFile in, MetricsConfig config, NameMapping byName) {
    String path = in.location();
    if (!path.startsWith("/") && !path.startsWith("file:")) {
      return ParquetUtil.fileMetrics(in, config, byName);
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(java.nio.file.Path.of(OrphanFiles.key(path))),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      return ParquetUtil.footerMetrics(reader.getFooter(), Stream.empty(), config, byName);
    } catch (IOException e) {
      throw new OutputException("Could not read the footer of the data file " + path, e);
    }
  }

  @Override
  public void abort(List<WrittenFile> written) {
    for (WrittenFile f : written) {
      try {
        table.io().deleteFile(f.path());
      } catch (RuntimeException e) {
        LOG.warn("Could not delete {} of an aborted write to {}: {}", f.path(), name, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "write " + mode + " to " + name + " (" + handle.location() + ")";
  }
}
