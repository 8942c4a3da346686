package io.frameshift.spi;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.expr.Expr;
import io.frameshift.io.Format;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A read of one table snapshot, fixed when the frame reading it is made: every action on that frame
 * reads the same snapshot, however many commits happen meanwhile. An engine that reads the data
 * files itself asks {@link #plan} for them; a distributed engine with its own connector to the
 * table format reads {@link #table()} at {@link #snapshotId()} instead.
 */
public interface TableScan {
  /** The table's full name: {@code catalog.namespace.table}. */
  String table();

  /** The snapshot read, or empty for a table with no snapshot yet (it reads no rows). */
  OptionalLong snapshotId();

  /**
   * The snapshot's schema (a snapshot read by time travel keeps the schema it was written with).
   */
  Schema schema();

  /**
   * The table format's id of each column of {@link #schema()}: data files are matched to columns by
   * id, since a renamed column keeps its id and its old name in older files.
   */
  Map<String, Integer> fieldIds();

  /**
   * The ids of the columns of the schema the snapshot was written with, by their names there. A
   * read of the current snapshot has the table's current schema ({@link #fieldIds()}), which
   * differs when the schema changed after the last commit; an engine that reads the snapshot by its
   * id through its own connector sees the snapshot's schema, and finds each column of {@link
   * #schema()} by its id here (absent: added since, read as null). The same as {@link #fieldIds()}
   * unless the schema changed.
   */
  default Map<String, Integer> snapshotFieldIds() {
    return fieldIds();
  }

  /** Rows and bytes from the snapshot's summary, without reading data. */
  FrameStats stats();

  /**
   * The data files to read for these columns, without those whose partition values or column
   * statistics show that no row satisfies {@code filter} (a hint, as {@link
   * io.frameshift.io.Source#filter()}: the filter still runs above the scan).
   *
   * @param columns the columns needed, or null for all
   * @param filter a condition on the scan's rows, or null
   */
  List<DataFileTask> plan(List<String> columns, Expr filter);

  /**
   * Reads a task that {@link DataFileTask#hasDeletes() has delete files} (or is in a file format
   * the engines do not read) with the table format's own reader, the deletes applied, as batches of
   * {@code columns} (all when null).
   */
  ArrowBatches readWithDeletes(DataFileTask task, List<String> columns);

  /** For {@code explain()}: the snapshot and, after {@link #plan}, the files kept of the total. */
  String describe();

  /**
   * One data file of a scan.
   *
   * @param path the file's location
   * @param format its format: {@link Format#PARQUET} (the files Frameshift and Spark write), or
   *     {@link Format#ICEBERG} for a file only the table format's reader reads (ORC, Avro)
   * @param rows its row count
   * @param bytes its size on disk
   * @param hasDeletes whether it must be read with {@link TableScan#readWithDeletes}: delete files
   *     apply to it, or its format is {@link Format#ICEBERG}
   */
  record DataFileTask(String path, Format format, long rows, long bytes, boolean hasDeletes) {}
}
