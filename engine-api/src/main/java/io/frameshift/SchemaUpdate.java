package io.frameshift;

import io.frameshift.error.InvalidOptionException;
import io.frameshift.spi.TableHandle;
import io.frameshift.table.SchemaChange;
import io.frameshift.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes of a table's schema, made by {@link Table#updateSchema()} and applied in order as one
 * commit by {@link #commit()}; each call returns a new update, the one it was called on stays as it
 * was.
 *
 * <pre>{@code
 * t.updateSchema()
 *     .addColumn("discount", DataType.FLOAT64)
 *     .renameColumn("price", "list_price")
 *     .widen("stock", DataType.INT64)
 *     .commit();
 * }</pre>
 *
 * No data file is rewritten: a renamed or widened column keeps its values in the files written
 * before (the table format knows columns by id, not name), an added column reads null there, and an
 * older snapshot read by time travel keeps the schema it was written with.
 */
public final class SchemaUpdate {
  private final TableHandle table;
  private final List<SchemaChange> changes;

  SchemaUpdate(TableHandle table) {
    this(table, List.of());
  }

  private SchemaUpdate(TableHandle table, List<SchemaChange> changes) {
    this.table = table;
    this.changes = List.copyOf(changes);
  }

  /** Adds a nullable column at the end. */
  public SchemaUpdate addColumn(String name, DataType type) {
    return with(new SchemaChange.AddColumn(name, type, null));
  }

  /** Adds a nullable column at the end, with a description. */
  public SchemaUpdate addColumn(String name, DataType type, String doc) {
    return with(new SchemaChange.AddColumn(name, type, doc));
  }

  /** Renames a column; its values stay. */
  public SchemaUpdate renameColumn(String from, String to) {
    return with(new SchemaChange.RenameColumn(from, to));
  }

  /** Drops a column from the current schema; snapshots from before still read it. */
  public SchemaUpdate dropColumn(String name) {
    return with(new SchemaChange.DropColumn(name));
  }

  /**
   * Widens a column's type: INT32 to INT64, FLOAT32 to FLOAT64, a DECIMAL's precision up (same
   * scale).
   */
  public SchemaUpdate widen(String name, DataType type) {
    return with(new SchemaChange.WidenColumn(name, type));
  }

  /** Lets a required column hold null. */
  public SchemaUpdate makeOptional(String name) {
    return with(new SchemaChange.MakeOptional(name));
  }

  /** The changes so far, in order. */
  public List<SchemaChange> changes() {
    return changes;
  }

  /**
   * Applies the changes as one commit.
   *
   * @throws InvalidOptionException if there is no change, or the table format refuses one (naming
   *     it)
   * @throws io.frameshift.error.ColumnNotFoundException naming a column the table lacks
   * @throws io.frameshift.error.TypeMismatchException naming a widening that is not allowed
   */
  public void commit() {
    if (changes.isEmpty()) {
      throw new InvalidOptionException(
          "The schema update of table "
              + table.name()
              + " has no change: addColumn, renameColumn, dropColumn, widen or makeOptional");
    }
    table.updateSchema(changes);
  }

  private SchemaUpdate with(SchemaChange c) {
    List<SchemaChange> next = new ArrayList<>(changes);
    next.add(c);
    return new SchemaUpdate(table, next);
  }
}
