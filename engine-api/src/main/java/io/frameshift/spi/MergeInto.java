package io.frameshift.spi;

import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.Expr;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The table write of a {@code MERGE INTO}, for an engine with its own connector to the table format
 * (the frame it is handed is the merge's source): the engine runs the format's merge of the frame
 * into {@link #table()} and commits it itself. An engine that writes data files cannot commit it:
 * the session merges copy-on-write on such engines, so {@link #commit} refuses.
 *
 * <p>Expressions are resolved over {@link #input()}: the table's columns by their names, then the
 * source's columns, each named {@code source.<name>} (the frame's column names). The clauses are
 * tried in order for each row; the first whose condition holds applies, as in SQL.
 *
 * @param write the table's write (its name, schema and files), for {@link #abort}
 * @param condition when a source row matches a table row
 * @param input the columns the expressions see: the table's, then the source's
 * @param clauses the actions, in order
 * @param operation what the merge is for the snapshot summary ({@code merge}, {@code upsert})
 */
public record MergeInto(
    TableWrite write, Expr condition, Schema input, List<Clause> clauses, String operation)
    implements TableWrite {
  /** The prefix of a source column's name in {@link #input()} and in the frame. */
  public static final String SOURCE = "source.";

  public MergeInto {
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(condition, "condition");
    clauses = List.copyOf(clauses);
  }

  /** One action of a merge: {@link Update} and {@link Delete} for matched rows, {@link Insert}. */
  public sealed interface Clause permits Update, Delete, Insert {
    /** Applies only where this holds; true for a clause without a condition. */
    Expr when();
  }

  /**
   * Sets the table row's columns to these values (each of the column's type); the others keep
   * theirs.
   */
  public record Update(Expr when, Map<String, Expr> set) implements Clause {
    public Update {
      set = Map.copyOf(set);
    }
  }

  /** Deletes the matched table row. */
  public record Delete(Expr when) implements Clause {}

  /**
   * Inserts a row for a source row that matches no table row, with these values for every column of
   * the table (in its order, each of the column's type).
   */
  public record Insert(Expr when, Map<String, Expr> values) implements Clause {
    public Insert {
      values = Map.copyOf(values);
    }
  }

  @Override
  public String table() {
    return write.table();
  }

  @Override
  public Schema schema() {
    return write.schema();
  }

  @Override
  public Map<String, Integer> fieldIds() {
    return write.fieldIds();
  }

  @Override
  public List<PartitionColumn> partitioning() {
    return write.partitioning();
  }

  @Override
  public Map<String, String> fileOptions() {
    return write.fileOptions();
  }

  @Override
  public String newDataFile(List<Object> partitionValues) {
    return write.newDataFile(partitionValues);
  }

  @Override
  public void commit(List<WrittenFile> files, String engine) {
    write.abort(files);
    throw new UnsupportedCapabilityException(
        "Engine "
            + engine
            + " wrote the "
            + operation
            + " of table "
            + write.table()
            + " as files; a merge on it runs copy-on-write through the session");
  }

  @Override
  public void abort(List<WrittenFile> files) {
    write.abort(files);
  }
}
