package io.frameshift;

import static io.frameshift.expr.Functions.col;

import io.frameshift.error.InvalidOptionException;
import io.frameshift.expr.Expr;
import io.frameshift.spi.TableHandle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code MERGE INTO} of a frame (the source) into a table (the target), built by {@link
 * Table#merge(DataFrame)} and run by {@link #commit()}; each call returns a new merge, the one it
 * was called on stays as it was.
 *
 * <pre>{@code
 * t.merge(updates)
 *     .on("target.product_id = source.product_id")          // or .onKeys("product_id")
 *     .whenMatchedDelete("source.discontinued")
 *     .whenMatchedUpdateExpr(Map.of("stock", "target.stock + source.delta"))
 *     .whenNotMatchedInsertAll()
 *     .commit();
 * }</pre>
 *
 * <p><b>Names.</b> Expressions see the target's columns as {@code target.<name>} and the source's
 * as {@code source.<name>}: {@code col("target.stock")} in the DSL, {@code target.stock} in SQL
 * text. A name without a qualifier means the side that has it; a name both sides have must be
 * qualified in a matched clause (an insert clause sees the source only). Assignment keys are the
 * target's column names.
 *
 * <p><b>Clauses</b> are tried in the order given, for each pair of matched rows ({@code
 * whenMatched..}) and for each source row that matches no target row ({@code whenNotMatched..});
 * the first whose condition holds applies, and a row no clause applies to is left as it is (a
 * target row) or not inserted (a source row). A condition that is null does not hold.
 *
 * <p><b>One source row per target row.</b> A target row that matches more than one source row makes
 * the merge fail with {@link io.frameshift.error.MultipleMatchException} naming the row's key,
 * before anything is committed (as SQL MERGE; not checked when the only matched clause is an
 * unconditional delete, which deletes the row once however many rows match it).
 */
public final class TableMerge {
  /** The qualifiers of a merge's expressions. */
  static final Set<String> SIDES = Set.of("target", "source");

  private final Frameshift session;
  private final TableHandle table;
  private final DataFrame source;
  private final Expr condition;
  private final List<Clause> clauses;
  private final Map<String, String> options;

  TableMerge(Frameshift session, TableHandle table, DataFrame source) {
    this(session, table, source, null, List.of(), Map.of());
  }

  private TableMerge(
      Frameshift session,
      TableHandle table,
      DataFrame source,
      Expr condition,
      List<Clause> clauses,
      Map<String, String> options) {
    this.session = session;
    this.table = table;
    this.source = source;
    this.condition = condition;
    this.clauses = List.copyOf(clauses);
    this.options = Map.copyOf(options);
  }

  /** When a source row matches a target row, e.g. {@code col("target.k").eq(col("source.k"))}. */
  public TableMerge on(Expr condition) {
    return new TableMerge(session, table, source, condition, clauses, options);
  }

  /** {@link #on(Expr)} from SQL text: {@code "target.k = source.k AND target.day = source.day"}. */
  public TableMerge on(String condition) {
    return on(parse(condition));
  }

  /**
   * Matches rows whose columns {@code keys} are equal on both sides (a null key matches nothing).
   */
  public TableMerge onKeys(String... keys) {
    if (keys.length == 0) {
      throw new InvalidOptionException(
          "onKeys needs at least one key column of table " + table.name());
    }
    Expr c = null;
    for (String k : keys) {
      Expr eq = col("target." + k).eq(col("source." + k));
      c = c == null ? eq : c.and(eq);
    }
    return on(c);
  }

  /** Sets these target columns of every matched row to these expressions. */
  public TableMerge whenMatchedUpdate(Map<String, Expr> set) {
    return add(new Clause(Kind.UPDATE, null, set, false));
  }

  /** Sets these target columns of matched rows for which {@code condition} holds. */
  public TableMerge whenMatchedUpdate(Expr condition, Map<String, Expr> set) {
    return add(new Clause(Kind.UPDATE, condition, set, false));
  }

  /** {@link #whenMatchedUpdate(Map)} with the values as SQL text. */
  public TableMerge whenMatchedUpdateExpr(Map<String, String> set) {
    return add(new Clause(Kind.UPDATE, null, parse(set), false));
  }

  /** {@link #whenMatchedUpdate(Expr, Map)} with the condition and values as SQL text. */
  public TableMerge whenMatchedUpdateExpr(String condition, Map<String, String> set) {
    return add(new Clause(Kind.UPDATE, parse(condition), parse(set), false));
  }

  /**
   * Replaces every column of matched rows by the source's column of the same name (a nullable
   * column the source lacks becomes null, as in {@link DataFrameWriter#table}).
   */
  public TableMerge whenMatchedUpdateAll() {
    return add(new Clause(Kind.UPDATE, null, Map.of(), true));
  }

  /** {@link #whenMatchedUpdateAll()} for matched rows for which {@code condition} holds. */
  public TableMerge whenMatchedUpdateAll(Expr condition) {
    return add(new Clause(Kind.UPDATE, condition, Map.of(), true));
  }

  /** {@link #whenMatchedUpdateAll(Expr)} with the condition as SQL text. */
  public TableMerge whenMatchedUpdateAll(String condition) {
    return whenMatchedUpdateAll(parse(condition));
  }

  /** Deletes every matched target row. */
  public TableMerge whenMatchedDelete() {
    return add(new Clause(Kind.DELETE, null, Map.of(), false));
  }

  /** Deletes the matched target rows for which {@code condition} holds. */
  public TableMerge whenMatchedDelete(Expr condition) {
    return add(new Clause(Kind.DELETE, condition, Map.of(), false));
  }

  /** {@link #whenMatchedDelete(Expr)} with the condition as SQL text. */
  public TableMerge whenMatchedDelete(String condition) {
    return whenMatchedDelete(parse(condition));
  }

  /**
   * Inserts a row for every unmatched source row, with these values (source columns only); a target
   * column not given is null.
   */
  public TableMerge whenNotMatchedInsert(Map<String, Expr> values) {
    return add(new Clause(Kind.INSERT, null, values, false));
  }

  /** {@link #whenNotMatchedInsert(Map)} for unmatched source rows for which it holds. */
  public TableMerge whenNotMatchedInsert(Expr condition, Map<String, Expr> values) {
    return add(new Clause(Kind.INSERT, condition, values, false));
  }

  /** {@link #whenNotMatchedInsert(Map)} with the values as SQL text. */
  public TableMerge whenNotMatchedInsertExpr(Map<String, String> values) {
    return add(new Clause(Kind.INSERT, null, parse(values), false));
  }

  /** {@link #whenNotMatchedInsert(Expr, Map)} with the condition and values as SQL text. */
  public TableMerge whenNotMatchedInsertExpr(String condition, Map<String, String> values) {
    return add(new Clause(Kind.INSERT, parse(condition), parse(values), false));
  }

  /** Inserts every unmatched source row, its columns matched to the target's by name. */
  public TableMerge whenNotMatchedInsertAll() {
    return add(new Clause(Kind.INSERT, null, Map.of(), true));
  }

  /** {@link #whenNotMatchedInsertAll()} for unmatched source rows for which it holds. */
  public TableMerge whenNotMatchedInsertAll(Expr condition) {
    return add(new Clause(Kind.INSERT, condition, Map.of(), true));
  }

  /** {@link #whenNotMatchedInsertAll(Expr)} with the condition as SQL text. */
  public TableMerge whenNotMatchedInsertAll(String condition) {
    return whenNotMatchedInsertAll(parse(condition));
  }

  /** A write option: {@code tag} (recorded in the snapshot summary), {@code compression}. */
  public TableMerge option(String key, String value) {
    Map<String, String> next = new LinkedHashMap<>(options);
    next.put(key, value);
    return new TableMerge(session, table, source, condition, clauses, next);
  }

  /**
   * Runs the merge as one commit. The engine that would write the source runs it: the local engine
   * rewrites the data files that may hold matched rows (copy-on-write, files pruned by the
   * condition's equalities and its conditions on target columns), Spark runs the table format's
   * {@code MERGE INTO}. The snapshot summary records the engine ({@code frameshift.engine}) and
   * {@code frameshift.operation = merge}.
   *
   * @throws InvalidOptionException if no condition or no clause was given
   * @throws io.frameshift.error.ColumnNotFoundException naming a column neither side has (the
   *     message lists both sides' columns), or one that is ambiguous
   * @throws io.frameshift.error.MultipleMatchException naming a target row's key that matches
   *     several source rows
   * @throws io.frameshift.error.CommitFailedException naming the table if a concurrent commit
   *     changed rows the merge read
   */
  public void commit() {
    if (condition == null) {
      throw new InvalidOptionException(
          "The merge into table "
              + table.name()
              + " needs a condition: on(condition) or onKeys(columns)");
    }
    if (clauses.isEmpty()) {
      throw new InvalidOptionException(
          "The merge into table "
              + table.name()
              + " has no clause: add whenMatchedUpdate, whenMatchedDelete or whenNotMatchedInsert");
    }
    run("merge", Map.of());
  }

  /** Runs the merge, recorded in the snapshot summary as {@code operation}. */
  void run(String operation, Map<String, String> moreOptions) {
    Map<String, String> all = new LinkedHashMap<>(options);
    all.putAll(moreOptions);
    TableChanges.merge(session, table, source, condition, clauses, operation, all);
  }

  /** Same as {@link #commit()}. */
  public void execute() {
    commit();
  }

  private TableMerge add(Clause c) {
    List<Clause> next = new ArrayList<>(clauses);
    next.add(c);
    return new TableMerge(session, table, source, condition, next, options);
  }

  private static Expr parse(String sql) {
    return Expr.parse(sql, SIDES);
  }

  private static Map<String, Expr> parse(Map<String, String> sql) {
    Map<String, Expr> out = new LinkedHashMap<>();
    sql.forEach((k, v) -> out.put(k, parse(v)));
    return out;
  }

  /** What a clause does. */
  enum Kind {
    UPDATE,
    DELETE,
    INSERT
  }

  /**
   * One clause as the user gave it, names unresolved.
   *
   * @param when its condition, or null
   * @param values the assignments by target column (empty for a delete, or with {@code all})
   * @param all every target column from the source's column of its name
   */
  record Clause(Kind kind, Expr when, Map<String, Expr> values, boolean all) {
    Clause {
      values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
  }
}
