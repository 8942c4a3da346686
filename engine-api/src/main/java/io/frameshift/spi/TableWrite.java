package io.frameshift.spi;

import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A write into a table by an engine that writes the data files itself: it splits the frame's rows
 * by {@link #partitioning()}, writes each part as a file at {@link #newDataFile}, with the columns'
 * {@link #fieldIds()} in the file's schema, and hands the files to {@link #commit}. Nothing is
 * visible to readers before the commit; files of a write that fails or is never committed are
 * orphans that {@code Table.orphanFiles()} lists.
 */
public interface TableWrite {
  /** The table's full name: {@code catalog.namespace.table}. */
  String table();

  /** The schema of the frame handed to the engine (the session casts it to the table's). */
  Schema schema();

  /** The table format's id of each column, to be stored as the Parquet field id. */
  Map<String, Integer> fieldIds();

  /** How rows are split into partitions, outermost first; empty for an unpartitioned table. */
  List<PartitionColumn> partitioning();

  /** Writer options from the table's properties and the write's options (e.g. compression). */
  Map<String, String> fileOptions();

  /**
   * A new, unique location for a data file of the partition with these values (one per {@link
   * #partitioning()} field, in order).
   */
  String newDataFile(List<Object> partitionValues);

  /**
   * Commits the written files as one snapshot (retrying on concurrent commits where that is safe).
   *
   * @param engine the engine that wrote them, recorded in the snapshot summary
   * @throws io.frameshift.error.CommitFailedException naming the table and the attempts; the files
   *     are deleted
   */
  void commit(List<WrittenFile> files, String engine);

  /** Deletes the files of a write that will not be committed. */
  void abort(List<WrittenFile> files);

  /**
   * One partition field as an engine computes it.
   *
   * @param name the partition field's name
   * @param sourceColumn the column it is derived from
   * @param type the type of the partition value
   * @param identity whether the value is the column's value unchanged
   * @param transform the value from the column's value (as {@link io.frameshift.Row} holds it);
   *     never called with null, whose partition value is null
   */
  record PartitionColumn(
      String name,
      String sourceColumn,
      DataType type,
      boolean identity,
      Function<Object, Object> transform) {}

  /**
   * A data file an engine wrote.
   *
   * @param path where it is
   * @param rows how many rows it holds
   * @param bytes its size
   * @param partitionValues its partition's values, one per {@link #partitioning()} field
   */
  record WrittenFile(String path, long rows, long bytes, List<Object> partitionValues) {}
}
