package io.frameshift;

import io.frameshift.expr.Expr;
import io.frameshift.spi.TableHandle;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.Snapshot;
import io.frameshift.types.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table of a catalog: {@code fs.table("lake.shop.products")}. Its metadata calls read the table's
 * current state each time, so commits by other engines and programs are seen at once; a frame from
 * {@link #read()} stays on the snapshot that was current when it was made.
 */
public final class Table {
  private final Frameshift session;
  private final TableHandle handle;

  Table(Frameshift session, TableHandle handle) {
    this.session = session;
    this.handle = handle;
  }

  /** The full name: {@code catalog.namespace.table}. */
  public String name() {
    return handle.name();
  }

  public Schema schema() {
    return handle.schema();
  }

  public PartitionSpec spec() {
    return handle.spec();
  }

  /** Where the table's files live. */
  public String location() {
    return handle.location();
  }

  public Map<String, String> properties() {
    return handle.properties();
  }

  /** The current snapshot, or empty for a table never written. */
  public Optional<Snapshot> currentSnapshot() {
    return handle.currentSnapshot();
  }

  /** Every snapshot the table still holds, oldest first. */
  public List<Snapshot> snapshots() {
    return handle.snapshots();
  }

  /** The snapshots that were current, in the order they became current (rollbacks included). */
  public List<Snapshot> history() {
    return handle.history();
  }

  /** The current snapshot's rows; same as {@code read().table(name())}. */
  public DataFrame read() {
    return session.read().table(name());
  }

  /**
   * Makes an earlier snapshot current.
   *
   * @throws io.frameshift.error.InvalidOptionException if the table has no such snapshot (the
   *     message lists the ids)
   */
  public void rollbackTo(long snapshotId) {
    handle.rollbackTo(snapshotId);
  }

  /**
   * Removes the snapshots older than {@code olderThan} but the {@code retainLast} newest, and the
   * files only they referenced; returns how many were removed. Time travel to them ends here.
   */
  public int expireSnapshots(Instant olderThan, int retainLast) {
    return handle.expireSnapshots(olderThan, retainLast);
  }

  /**
   * The files under the table's location that no snapshot references, last modified before {@code
   * olderThan}: data files a writer wrote before it died (or before a commit whose outcome it could
   * not learn), manifests and metadata files of commits that never happened. Nothing is deleted. A
   * write still running has not committed its files yet: choose a cutoff before the start of any
   * write that may still be running (an hour or a day ago, not now).
   *
   * @return the files' locations, sorted
   * @throws io.frameshift.error.UnsupportedCapabilityException if the table's file system cannot
   *     list files
   */
  public List<String> orphanFiles(Instant olderThan) {
    return handle.orphanFiles(olderThan);
  }

  /**
   * Deletes the files {@link #orphanFiles(Instant)} lists and returns their locations. Every
   * snapshot the table holds still reads the same afterwards.
   *
   * @throws io.frameshift.error.UnsupportedCapabilityException if the table's file system cannot
   *     list files
   */
  public List<String> removeOrphanFiles(Instant olderThan) {
    return handle.removeOrphanFiles(olderThan);
  }

  /**
   * Merges {@code updates} into the table by {@code keys}: a row whose keys match a table row
   * replaces it, the other rows are inserted, all in one commit. The updates' columns are matched
   * to the table's by name and cast to their types, as {@link DataFrameWriter#table} does. The
   * engine that would write the updates runs the upsert: the local engine rewrites the data files
   * that may hold the keys (copy-on-write: files pruned by the keys' values or range), Spark runs
   * the table format's {@code MERGE INTO}. The snapshot summary records the engine.
   *
   * @throws io.frameshift.error.ColumnNotFoundException if a key is not a column of the table or of
   *     the updates (the message lists the columns)
   * @throws io.frameshift.error.InputException if the updates hold a key more than once (the
   *     message names the duplicated values)
   * @throws io.frameshift.error.CommitFailedException naming the table if a concurrent commit
   *     changed rows with these keys after the upsert read them
   */
  public void upsert(DataFrame updates, String... keys) {
    TableChanges.upsert(session, handle, updates, List.of(keys), Map.of());
  }

  /**
   * Starts a change of the table's schema: add, rename, drop, widen columns, make one optional; see
   * {@link SchemaUpdate}.
   */
  public SchemaUpdate updateSchema() {
    return new SchemaUpdate(handle);
  }

  /**
   * Starts a {@code MERGE INTO} of {@code source} into this table: give the condition ({@link
   * TableMerge#on(Expr)} or {@link TableMerge#onKeys}), the clauses in order, then {@link
   * TableMerge#commit()}. Expressions name the table's columns {@code target.<name>} and the
   * source's {@code source.<name>}; see {@link TableMerge}.
   */
  public TableMerge merge(DataFrame source) {
    return new TableMerge(session, handle, source);
  }

  /**
   * Deletes the rows for which {@code condition} (SQL) is true, in one commit; see {@link
   * #delete(Expr)}.
   */
  public void delete(String condition) {
    delete(Expr.parse(condition));
  }

  /**
   * Deletes the rows for which {@code condition} is true (a null result keeps the row), in one
   * commit. The engine that would read the table runs it: the local engine rewrites the data files
   * that may hold such rows without them (copy-on-write; files pruned by partition values and
   * column statistics), Spark runs the table format's {@code DELETE FROM}. The snapshot summary
   * records the engine.
   *
   * @throws io.frameshift.error.ColumnNotFoundException if the condition names a column the table
   *     lacks
   * @throws io.frameshift.error.CommitFailedException naming the table if a concurrent commit added
   *     rows the condition may match, or removed a file the delete rewrote
   */
  public void delete(Expr condition) {
    TableChanges.delete(session, handle, condition, Map.of());
  }

  /**
   * Replaces the rows for which {@code condition} (SQL) is true by {@code rows}, in one commit; see
   * {@link #overwrite(DataFrame, Expr)}.
   */
  public void overwrite(DataFrame rows, String condition) {
    overwrite(rows, Expr.parse(condition));
  }

  /**
   * Replaces the rows for which {@code condition} is true by {@code rows}, in one commit. Every row
   * of {@code rows} must satisfy the condition. The engine that would write {@code rows} runs it:
   * the local engine rewrites the data files that may hold matching rows (copy-on-write), Spark
   * writes with {@code writeTo(table).overwrite(condition)}, which the table format refuses when a
   * data file holds both matching and other rows (a condition on partition columns always works).
   * The snapshot summary records the engine.
   *
   * @throws io.frameshift.error.InputException naming rows of {@code rows} the condition does not
   *     hold for
   * @throws io.frameshift.error.CommitFailedException naming the table if a concurrent commit added
   *     rows the condition may match, or removed a file the overwrite rewrote
   */
  public void overwrite(DataFrame rows, Expr condition) {
    TableChanges.overwrite(session, handle, rows, condition, Map.of());
  }

  @Override
  public String toString() {
    return "Table " + name() + " " + schema();
  }
}
