package io.frameshift.iceberg;

import io.frameshift.WriteMode;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.Expr;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import io.frameshift.table.PartitionSpec;
import io.frameshift.table.SchemaChange;
import io.frameshift.table.Snapshot;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.HistoryEntry;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An Iceberg table; every metadata call refreshes it from the catalog first. */
final class IcebergTable implements TableHandle {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergTable.class);

  private final IcebergCatalog catalog;
  private final String relative;
  private final Table table;

  IcebergTable(IcebergCatalog catalog, String relative, Table table) {
    this.catalog = catalog;
    this.relative = relative;
    this.table = table;
  }

  @Override
  public String name() {
    return catalog.name() + "." + relative;
  }

  /** The Iceberg table at its catalog's current state. */
  synchronized Table fresh() {
    table.refresh();
    return table;
  }

  @Override
  public Schema schema() {
    return IcebergTypes.toFrameshift(fresh().schema(), name());
  }

  @Override
  public PartitionSpec spec() {
    return IcebergSpecs.toFrameshift(fresh().spec(), name());
  }

  @Override
  public String location() {
    return fresh().location();
  }

  @Override
  public Map<String, String> properties() {
    return Map.copyOf(fresh().properties());
  }

  @Override
  public Optional<Snapshot> currentSnapshot() {
    org.apache.iceberg.Snapshot s = fresh().currentSnapshot();
    return s == null ? Optional.empty() : Optional.of(snapshot(s));
  }

  @Override
  public List<Snapshot> snapshots() {
    List<Snapshot> out = new ArrayList<>();
    for (org.apache.iceberg.Snapshot s : fresh().snapshots()) {
      out.add(snapshot(s));
    }
    out.sort(
        (a, b) ->
            a.committedAt().equals(b.committedAt())
                ? Long.compare(sequence(a.id()), sequence(b.id()))
                : a.committedAt().compareTo(b.committedAt()));
    return out;
  }

  private long sequence(long snapshotId) {
    org.apache.iceberg.Snapshot s = table.snapshot(snapshotId);
    return s == null ? 0 : s.sequenceNumber();
  }

  @Override
  public List<Snapshot> history() {
    Table t = fresh();
    List<Snapshot> out = new ArrayList<>();
    for (HistoryEntry h : t.history()) {
      org.apache.iceberg.Snapshot s = t.snapshot(h.snapshotId());
      if (s != null) { // expired since: its entry says nothing more than its id
        out.add(snapshot(s));
      }
    }
    return out;
  }

  static Snapshot snapshot(org.apache.iceberg.Snapshot s) {
    return new Snapshot(
        s.snapshotId(),
        s.parentId(),
        Instant.ofEpochMilli(s.timestampMillis()),
        s.operation() == null ? "unknown" : s.operation(),
        s.summary() == null ? Map.of() : s.summary());
  }

  @Override
  public void rollbackTo(long snapshotId) {
    Table t = fresh();
    if (t.snapshot(snapshotId) == null) {
      throw new InvalidOptionException(
          "Table " + name() + " has no snapshot " + snapshotId + "; its snapshots: " + ids(t));
    }
    Commits.run(
        name(),
        "rollback",
        catalog.commitRetries(),
        () -> {
          fresh().manageSnapshots().setCurrentSnapshot(snapshotId).commit();
          return null;
        });
    LOG.info("Table {} rolled back to snapshot {}", name(), snapshotId);
  }

  static List<Long> ids(Table t) {
    List<Long> ids = new ArrayList<>();
    t.snapshots().forEach(s -> ids.add(s.snapshotId()));
    return ids;
  }

  @Override
  public int expireSnapshots(Instant olderThan, int retainLast) {
    if (retainLast < 1) {
      throw new InvalidOptionException(
          "expireSnapshots keeps at least 1 snapshot; retainLast is " + retainLast);
    }
    int before = ids(fresh()).size();
    Commits.run(
        name(),
        "snapshot expiry",
        catalog.commitRetries(),
        () -> {
          fresh()
              .expireSnapshots()
              .expireOlderThan(olderThan.toEpochMilli())
              .retainLast(retainLast)
              .commit();
          return null;
        });
    int removed = before - ids(fresh()).size();
    LOG.info("Table {}: {} snapshots expired (older than {})", name(), removed, olderThan);
    return removed;
  }

  @Override
  public List<String> orphanFiles(Instant olderThan) {
    return OrphanFiles.list(name(), this::fresh, olderThan);
  }

  @Override
  public List<String> removeOrphanFiles(Instant olderThan) {
    return OrphanFiles.remove(name(), this::fresh, olderThan);
  }

  @Override
  public TableScan scan(Map<String, String> options) {
    return IcebergScan.of(this, fresh(), options);
  }

  @Override
  public TableWrite newWrite(WriteMode mode, Map<String, String> options) {
    if (mode != WriteMode.APPEND && mode != WriteMode.OVERWRITE) {
      throw new InvalidOptionException(
          "A table write commits APPEND or OVERWRITE, not " + mode + " (table " + name() + ")");
    }
    // a table object of its own: concurrent writes never share Iceberg's table state
    return new IcebergWrite(
        this, catalog.loadIceberg(relative), mode, options, catalog.commitRetries(), null);
  }

  /** The rows a rewrite read, for Iceberg's validation; every row when nothing translates. */
  private static org.apache.iceberg.expressions.Expression conflictFilter(
      Expr filter, Schema schema) {
    org.apache.iceberg.expressions.Expression e =
        filter == null ? null : IcebergFilters.translate(filter, schema);
    return e == null ? Expressions.alwaysTrue() : e;
  }

  @Override
  public TableWrite newRewrite(
      TableScan scan,
      List<String> replaced,
      Expr conflictFilter,
      String operation,
      Map<String, String> options) {
    if (!(scan instanceof IcebergScan s) || !s.table().equals(name())) {
      throw new InvalidOptionException(
          "A rewrite of table " + name() + " needs a scan of it; got " + scan);
    }
    Table t = catalog.loadIceberg(relative);
    IcebergWrite.Rewrite rewrite =
        new IcebergWrite.Rewrite(
            s.snapshotId().isPresent() ? s.snapshotId().getAsLong() : null,
            s.dataFiles(replaced),
            conflictFilter(conflictFilter, s.schema()),
            operation);
    return new IcebergWrite(this, t, WriteMode.APPEND, options, catalog.commitRetries(), rewrite);
  }

  @Override
  public void updateSchema(List<SchemaChange> changes) {
    requireApplicable(schema(), changes);
    try {
      Commits.run(
          name(),
          "schema update",
          catalog.commitRetries(),
          () -> {
            // one update per change inside one transaction: each sees the schema the changes
            // before it made (a single UpdateSchema finds names in the schema it started from)
            Transaction tx = fresh().newTransaction();
            for (SchemaChange c : changes) {
              UpdateSchema u = tx.updateSchema();
              apply(u, c);
              u.commit();
            }
            tx.commitTransaction();
            return null;
          });
    } catch (IllegalArgumentException | ValidationException e) {
      throw new InvalidOptionException(
          "Table " + name() + " refuses the schema change " + changes + ": " + e.getMessage(), e);
    }
    LOG.info("Table {}: schema changed by {}", name(), changes);
  }

  private static void apply(UpdateSchema u, SchemaChange c) {
    if (c instanceof SchemaChange.AddColumn a) {
      u.addColumn(a.name(), IcebergTypes.toIceberg(a.type()), a.doc());
    } else if (c instanceof SchemaChange.RenameColumn r) {
      u.renameColumn(r.from(), r.to());
    } else if (c instanceof SchemaChange.DropColumn d) {
      u.deleteColumn(d.name());
    } else if (c instanceof SchemaChange.WidenColumn w) {
      u.updateColumn(w.name(), (Type.PrimitiveType) IcebergTypes.toIceberg(w.type()));
    } else if (c instanceof SchemaChange.MakeOptional m) {
      u.makeColumnOptional(m.name());
    }
  }

  /**
   * Checks the changes in order against the schema they lead to, so an error names the change at
   * fault and what the table has at that point, in Frameshift's terms.
   */
  private void requireApplicable(Schema start, List<SchemaChange> changes) {
    List<Field> fields = new ArrayList<>(start.fields());
    for (SchemaChange c : changes) {
      Schema now = Schema.of(fields);
      if (c instanceof SchemaChange.AddColumn a) {
        if (now.contains(a.name())) {
          throw new InvalidOptionException(
              "Table " + name() + " has a column '" + a.name() + "' already; cannot add it again");
        }
        fields.add(new Field(a.name(), a.type(), true));
      } else if (c instanceof SchemaChange.RenameColumn r) {
        int i = index(now, r.from(), c);
        if (now.contains(r.to())) {
          throw new InvalidOptionException(
              "Table "
                  + name()
                  + " has a column '"
                  + r.to()
                  + "' already; cannot rename "
                  + r.from()
                  + " to it");
        }
        fields.set(i, fields.get(i).withName(r.to()));
      } else if (c instanceof SchemaChange.DropColumn d) {
        fields.remove(index(now, d.name(), c));
      } else if (c instanceof SchemaChange.WidenColumn w) {
        int i = index(now, w.name(), c);
        Field f = fields.get(i);
        if (!f.type().equals(w.type()) && !SchemaChange.widens(f.type(), w.type())) {
          throw new TypeMismatchException(
              "Column '"
                  + w.name()
                  + "' of table "
                  + name()
                  + " is "
                  + f.type()
                  + " and cannot become "
                  + w.type()
                  + "; a column widens only as "
                  + SchemaChange.WIDENINGS);
        }
        fields.set(i, new Field(f.name(), w.type(), f.nullable()));
      } else if (c instanceof SchemaChange.MakeOptional m) {
        int i = index(now, m.name(), c);
        fields.set(i, new Field(fields.get(i).name(), fields.get(i).type(), true));
      }
    }
  }

  private int index(Schema now, String column, SchemaChange c) {
    if (!now.contains(column)) {
      throw new ColumnNotFoundException(
          column,
          now.names(),
          "Column '" + column + "' of " + c + " is not a column of table " + name());
    }
    return now.indexOf(column);
  }
}
