package io.frameshift.table;

import io.frameshift.types.DataType;
import java.util.List;
import java.util.Objects;

/**
 * One change of a table's schema, in no table format's terms: {@code Table.updateSchema()} gathers
 * them and the table format applies them in one commit. Columns keep their identity through a
 * rename or a widening, so data files written before read under the new name and type; a dropped
 * column's data stays in old files, read by snapshots from before the drop.
 */
public sealed interface SchemaChange
    permits SchemaChange.AddColumn,
        SchemaChange.RenameColumn,
        SchemaChange.DropColumn,
        SchemaChange.WidenColumn,
        SchemaChange.MakeOptional {

  /**
   * Whether a column of type {@code from} may become {@code to} and keep every value exactly: INT32
   * to INT64, FLOAT32 to FLOAT64, a DECIMAL to one of the same scale and a larger precision.
   */
  static boolean widens(DataType from, DataType to) {
    if (from.equals(DataType.INT32) && to.equals(DataType.INT64)) {
      return true;
    }
    if (from.equals(DataType.FLOAT32) && to.equals(DataType.FLOAT64)) {
      return true;
    }
    return from instanceof DataType.Decimal a
        && to instanceof DataType.Decimal b
        && a.scale() == b.scale()
        && b.precision() > a.precision();
  }

  /** The widenings {@link #widens} allows, for error messages. */
  List<String> WIDENINGS =
      List.of("INT32 -> INT64", "FLOAT32 -> FLOAT64", "DECIMAL(p, s) -> DECIMAL(larger p, s)");

  /**
   * A new nullable column at the end; rows written before read null in it.
   *
   * @param doc its description, or null
   */
  record AddColumn(String name, DataType type, String doc) implements SchemaChange {
    public AddColumn {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /** A column's new name; its values stay. */
  record RenameColumn(String from, String to) implements SchemaChange {
    public RenameColumn {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** Removes a column from the current schema (older snapshots keep it). */
  record DropColumn(String name) implements SchemaChange {
    public DropColumn {
      Objects.requireNonNull(name, "name");
    }
  }

  /** Widens a column's type as {@link SchemaChange#widens} allows. */
  record WidenColumn(String name, DataType type) implements SchemaChange {
    public WidenColumn {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  /** Lets a required column hold null. */
  record MakeOptional(String name) implements SchemaChange {
    public MakeOptional {
      Objects.requireNonNull(name, "name");
    }
  }
}
