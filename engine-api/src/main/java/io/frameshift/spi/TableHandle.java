package io.frameshift.spi;

import io.frameshift.WriteMode;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.Expr;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.SchemaChange;
import io.frameshift.table.Snapshot;
import io.frameshift.types.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table of a {@link TableCatalog}. Metadata calls read the table's current state; a {@link
 * TableScan} stays on the snapshot it was made for.
 */
public interface TableHandle {
  /** The table's full name: {@code catalog.namespace.table}. */
  String name();

  Schema schema();

  PartitionSpec spec();

  /** Where the table's files live (a URI or local path). */
  String location();

  Map<String, String> properties();

  Optional<Snapshot> currentSnapshot();

  /** Every snapshot the table still holds, oldest first. */
  List<Snapshot> snapshots();

  /**
   * The snapshots that were current, in the order they became current (a rollback appears as the
   * older snapshot becoming current again).
   */
  List<Snapshot> history();

  /**
   * Makes an earlier snapshot current.
   *
   * @throws io.frameshift.error.InvalidOptionException if the table has no such snapshot (the
   *     message lists the ids)
   */
  void rollbackTo(long snapshotId);

  /**
   * Removes snapshots older than {@code olderThan}, keeping at least the {@code retainLast} newest,
   * and the files only they referenced; returns how many snapshots were removed.
   */
  int expireSnapshots(Instant olderThan, int retainLast);

  /**
   * The files under the table's location that no snapshot references (data and delete files,
   * manifests, manifest lists, metadata and statistics files of every snapshot the table holds),
   * last modified before {@code olderThan}: what a writer that died before its commit, or a commit
   * whose outcome was unknown, left behind. Files a writer is still writing are not committed yet
   * either, so the cutoff must lie before the start of any write still running.
   *
   * @return the files' locations, sorted
   * @throws io.frameshift.error.UnsupportedCapabilityException if the table's file system cannot
   *     list files
   */
  List<String> orphanFiles(Instant olderThan);

  /**
   * Deletes the files {@link #orphanFiles(Instant)} lists and returns them.
   *
   * @throws io.frameshift.error.UnsupportedCapabilityException if the table's file system cannot
   *     list files
   */
  List<String> removeOrphanFiles(Instant olderThan);

  /**
   * A scan of one snapshot, chosen by read options: none for the current snapshot, {@code
   * versionAsOf} (a snapshot id), {@code timestampAsOf} (an ISO-8601 instant or local date-time, or
   * epoch milliseconds), {@code branch} or {@code tag}.
   *
   * @throws io.frameshift.error.InvalidOptionException naming the option and the allowed values
   */
  TableScan scan(Map<String, String> options);

  /**
   * Starts a write of a frame with {@link #schema()} into this table.
   *
   * @param mode {@link WriteMode#APPEND} adds rows; {@link WriteMode#OVERWRITE} replaces every row
   * @param options write options (compression, {@code tag})
   */
  TableWrite newWrite(WriteMode mode, Map<String, String> options);

  /**
   * Starts a copy-on-write rewrite: its {@link TableWrite#commit} replaces the data files {@code
   * replaced} of {@code scan}'s snapshot by the files written, as one snapshot. The commit fails
   * with {@link io.frameshift.error.CommitFailedException} naming the table when a commit after the
   * scan's snapshot added data matching {@code conflictFilter} or removed any replaced file (the
   * rewrite was planned from rows that changed); commits that touch neither are kept and the
   * rewrite commits after them.
   *
   * @param scan the scan whose {@link TableScan#plan} listed the replaced files
   * @param replaced locations of the data files the written files replace
   * @param conflictFilter the rows the rewrite read and replaces, or null for every row
   * @param operation what the rewrite does ({@code upsert}), recorded in the snapshot summary
   * @param options write options (compression, {@code tag})
   * @throws UnsupportedCapabilityException if the table format cannot replace files
   */
  default TableWrite newRewrite(
      TableScan scan,
      List<String> replaced,
      Expr conflictFilter,
      String operation,
      Map<String, String> options) {
    throw new UnsupportedCapabilityException(
        "Table " + name() + " does not support row-level changes (" + operation + ")");
  }

  /**
   * Applies {@code changes} to the table's schema, in order, as one commit (retried on a concurrent
   * commit). Data files are not rewritten: columns keep their identity, so files written before
   * read under the new names and types, and snapshots from before keep their schema.
   *
   * @throws io.frameshift.error.ColumnNotFoundException naming a column the table lacks (the
   *     message lists its columns)
   * @throws io.frameshift.error.TypeMismatchException for a widening {@link SchemaChange#widens}
   *     does not allow (the message lists those it does)
   * @throws io.frameshift.error.InvalidOptionException for a change the table format refuses (a
   *     column added twice, a partition column dropped), naming it
   * @throws UnsupportedCapabilityException if the table format cannot change schemas
   */
  default void updateSchema(List<SchemaChange> changes) {
    throw new UnsupportedCapabilityException(
        "Table " + name() + " does not support schema changes (" + changes + ")");
  }
}
