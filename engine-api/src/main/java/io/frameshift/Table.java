package io.frameshift;

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

  @Override
  public String toString() {
    return "Table " + name() + " " + schema();
  }
}
