package io.frameshift.iceberg;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.SourceNotFoundException;
import io.frameshift.expr.Expr;
import io.frameshift.io.Format;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.TableScan;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.util.SnapshotUtil;

/** A read of one snapshot of an Iceberg table, chosen when the frame is made. */
final class IcebergScan implements TableScan {
  static final List<String> OPTIONS = List.of("versionAsOf", "timestampAsOf", "branch", "tag");

  private final String name;
  private final Table table;
  private final Long snapshotId;
  private final org.apache.iceberg.Schema icebergSchema;
  private final Schema schema;
  private final Map<String, FileScanTask> planned = new ConcurrentHashMap<>();
  private volatile String lastPlan = "";

  private IcebergScan(String name, Table table, Long snapshotId, org.apache.iceberg.Schema s) {
    this.name = name;
    this.table = table;
    this.snapshotId = snapshotId;
    this.icebergSchema = s;
    this.schema = IcebergTypes.toFrameshift(s, name);
  }

  static IcebergScan of(IcebergTable handle, Table table, Map<String, String> options) {
    String name = handle.name();
    List<String> given = new ArrayList<>();
    for (String k : options.keySet()) {
      if (!OPTIONS.contains(k)) {
        throw new InvalidOptionException(
            "Unknown option '" + k + "' for reading table " + name + "; accepted: " + OPTIONS);
      }
      given.add(k);
    }
    if (given.size() > 1) {
      throw new InvalidOptionException(
          "Options " + given + " both choose the snapshot of table " + name + "; give one");
    }
    if (given.isEmpty()) {
      org.apache.iceberg.Snapshot s = table.currentSnapshot();
      return new IcebergScan(name, table, s == null ? null : s.snapshotId(), table.schema());
    }
    String key = given.get(0);
    String value = options.get(key).trim();
    return switch (key) {
      case "versionAsOf" -> {
        long id;
        try {
          id = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw new InvalidOptionException(
              "versionAsOf is '"
                  + value
                  + "'; expected a snapshot id of table "
                  + name
                  + ": "
                  + IcebergTable.ids(table));
        }
        if (table.snapshot(id) == null) {
          throw new InvalidOptionException(
              "Table "
                  + name
                  + " has no snapshot "
                  + id
                  + " (versionAsOf); its snapshots: "
                  + IcebergTable.ids(table));
        }
        yield new IcebergScan(name, table, id, SnapshotUtil.schemaFor(table, id));
      }
      case "timestampAsOf" -> {
        long millis = millis(value, name);
        long id;
        try {
          id = SnapshotUtil.snapshotIdAsOfTime(table, millis);
        } catch (IllegalArgumentException e) {
          throw new InvalidOptionException(
              "Table "
                  + name
                  + " had no snapshot at "
                  + Instant.ofEpochMilli(millis)
                  + " (timestampAsOf "
                  + value
                  + "); its snapshots: "
                  + times(table));
        }
        yield new IcebergScan(name, table, id, SnapshotUtil.schemaFor(table, id));
      }
      default -> {
        boolean branch = key.equals("branch");
        SnapshotRef ref = table.refs().get(value);
        if (ref == null || ref.isBranch() != branch) {
          List<String> refs =
              table.refs().entrySet().stream()
                  .filter(e -> e.getValue().isBranch() == branch)
                  .map(Map.Entry::getKey)
                  .sorted()
                  .toList();
          throw new InvalidOptionException(
              "Table " + name + " has no " + key + " '" + value + "'; its " + key + "es: " + refs);
        }
        yield new IcebergScan(name, table, ref.snapshotId(), SnapshotUtil.schemaFor(table, value));
      }
    };
  }

  /** An ISO-8601 instant, a local date-time or date (read in UTC), or epoch milliseconds. */
  static long millis(String value, String table) {
    if (value.matches("-?\\d+")) {
      return Long.parseLong(value);
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      // not an instant: a local date-time or date
    }
    try {
      return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      // not a local date-time either
    }
    try {
      return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new InvalidOptionException(
          "timestampAsOf is '"
              + value
              + "' for table "
              + table
              + "; expected an ISO-8601 instant (2026-11-20T10:00:00Z), a local date-time in UTC"
              + " (2026-11-20 10:00:00) or epoch milliseconds");
    }
  }

  private static List<String> times(Table t) {
    List<String> out = new ArrayList<>();
    t.snapshots()
        .forEach(s -> out.add(s.snapshotId() + " at " + Instant.ofEpochMilli(s.timestampMillis())));
    return out;
  }

  @Override
  public String table() {
    return name;
  }

  @Override
  public OptionalLong snapshotId() {
    return snapshotId == null ? OptionalLong.empty() : OptionalLong.of(snapshotId);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Map<String, Integer> fieldIds() {
    return IcebergTypes.fieldIds(icebergSchema);
  }

  @Override
  public Map<String, Integer> snapshotFieldIds() {
    return snapshotId == null
        ? fieldIds()
        : IcebergTypes.fieldIds(SnapshotUtil.schemaFor(table, snapshotId));
  }

  /**
   * Exact rows from the summary (unless delete files may remove some); bytes as the in-memory size
   * the estimator means for a Parquet source (the footers' uncompressed size): the compressed
   * files' size is a floor of it, the rows times an average width per type its usual value.
   */
  @Override
  public FrameStats stats() {
    if (snapshotId == null) {
      return new FrameStats(0, 0, true);
    }
    Map<String, String> summary = table.snapshot(snapshotId).summary();
    long rows = number(summary, "total-records");
    if (rows < 0) {
      return FrameStats.UNKNOWN;
    }
    long files = number(summary, "total-files-size");
    long width = 0;
    for (DataType t : schema.types()) {
      width +=
          switch (t.id()) {
            case BOOLEAN -> 1;
            case INT32, FLOAT32, DATE -> 4;
            case INT64, FLOAT64, TIMESTAMP, TIMESTAMP_NTZ -> 8;
            case DECIMAL -> 16;
            case STRING -> 24;
          };
    }
    boolean deletes =
        number(summary, "total-position-deletes") > 0
            || number(summary, "total-equality-deletes") > 0;
    return new FrameStats(rows, Math.max(files, rows * Math.max(width, 1)), !deletes);
  }

  private static long number(Map<String, String> summary, String key) {
    String v = summary == null ? null : summary.get(key);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public List<DataFileTask> plan(List<String> columns, Expr filter) {
    if (snapshotId == null) {
      lastPlan = " (no snapshot: 0 files)";
      return List.of();
    }
    org.apache.iceberg.TableScan scan = table.newScan().useSnapshot(snapshotId);
    if (columns != null) {
      scan = scan.select(columns);
    }
    Expression pushed = filter == null ? null : IcebergFilters.translate(filter, schema);
    if (pushed != null) {
      scan = scan.filter(pushed);
    }
    List<DataFileTask> out = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = scan.planFiles()) {
      for (FileScanTask t : tasks) {
        String path = t.file().location();
        planned.put(path, t);
        boolean parquet = t.file().format() == FileFormat.PARQUET;
        out.add(
            new DataFileTask(
                path,
                parquet ? Format.PARQUET : Format.ICEBERG,
                t.file().recordCount(),
                t.file().fileSizeInBytes(),
                !t.deletes().isEmpty() || !parquet));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Planning the scan of " + name + ": " + e.getMessage(), e);
    }
    long total = number(table.snapshot(snapshotId).summary(), "total-data-files");
    lastPlan =
        " ("
            + out.size()
            + " of "
            + (total < 0 ? "?" : total)
            + " files"
            + (pushed == null || pushed == Expressions.alwaysTrue() ? "" : ", pruned by " + pushed)
            + ")";
    return out;
  }

  /** The data files of these locations, as this scan's {@link #plan} listed them. */
  List<org.apache.iceberg.DataFile> dataFiles(List<String> paths) {
    List<org.apache.iceberg.DataFile> out = new ArrayList<>();
    for (String p : paths) {
      FileScanTask t = planned.get(p);
      if (t == null) {
        throw new InvalidOptionException(
            "Data file " + p + " was not planned by the scan of " + name + " at " + snapshotId);
      }
      out.add(t.file());
    }
    return out;
  }

  @Override
  public ArrowBatches readWithDeletes(DataFileTask task, List<String> columns) {
    FileScanTask t = planned.get(task.path());
    if (t == null) {
      plan(null, null);
      t = planned.get(task.path());
      if (t == null) {
        throw new SourceNotFoundException(
            "Data file " + task.path() + " is not part of snapshot " + snapshotId + " of " + name);
      }
    }
    return GenericReads.read(table, icebergSchema, t, columns == null ? schema.names() : columns);
  }

  @Override
  public String describe() {
    return name + (snapshotId == null ? " (empty)" : " snapshot " + snapshotId) + lastPlan;
  }

  @Override
  public String toString() {
    return describe();
  }
}
