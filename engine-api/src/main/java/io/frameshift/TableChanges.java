package io.frameshift;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.InputException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.MultipleMatchException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.Expr;
import io.frameshift.internal.Analyzer;
import io.frameshift.internal.ExecutionContext;
import io.frameshift.internal.Executor;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.MergeInto;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Row-level changes of a table. The engine that would write the changed rows runs the change: the
 * local engine copy-on-write (the files that may hold the changed rows are read, their rows
 * rewritten with the DataFrame API, and the new files replace them in one commit validated against
 * concurrent ones); an engine with its own table connector (Spark) with the table format's MERGE.
 */
final class TableChanges {
  private static final Logger LOG = LoggerFactory.getLogger(TableChanges.class);

  /** How many duplicated keys an error names. */
  private static final int DUPLICATES_SHOWN = 5;

  private TableChanges() {}

  static void upsert(
      Frameshift session,
      TableHandle table,
      DataFrame updates,
      List<String> keys,
      Map<String, String> options) {
    String name = table.name();
    if (keys.isEmpty()) {
      throw new InvalidOptionException("upsert into table " + name + " needs at least one key");
    }
    Schema schema = table.schema();
    for (String k : keys) {
      if (!schema.contains(k)) {
        throw new ColumnNotFoundException(
            k, schema.names(), "Upsert key '" + k + "' is not a column of table " + name);
      }
      if (!updates.schema().contains(k)) {
        throw new ColumnNotFoundException(
            k,
            updates.schema().names(),
            "Upsert key '" + k + "' is not a column of the updates for table " + name);
      }
    }
    if (new HashSet<>(keys).size() != keys.size()) {
      throw new InvalidOptionException("upsert into table " + name + " repeats a key: " + keys);
    }
    DataFrame aligned = DataFrameWriter.alignTo(updates, schema, name);
    // stricter than a merge: a key twice in the updates is refused even when no row has it
    requireUniqueKeys(aligned, keys, name);
    TableMerge upsert =
        new TableMerge(session, table, aligned)
            .onKeys(keys.toArray(String[]::new))
            .whenMatchedUpdateAll()
            .whenNotMatchedInsertAll();
    upsert.run("upsert", options);
  }

  /**
   * Runs a merge: names resolved and every expression analysed here, so a bad name fails before any
   * engine runs; then copy-on-write on the local engine or the table format's MERGE on an engine
   * with its own connector.
   */
  static void merge(
      Frameshift session,
      TableHandle table,
      DataFrame source,
      Expr condition,
      List<TableMerge.Clause> clauses,
      String operation,
      Map<String, String> options) {
    MergePlan plan = MergePlan.of(table, source, condition, clauses, operation);
    ExecutionContext ctx = session.execution();
    String engine = Executor.writerName(ctx, plan.source().plan(), Format.ICEBERG);
    LOG.info(
        "{} into {} on {} ({} clauses) on engine {}",
        operation,
        table.name(),
        plan.condition().toSql(),
        clauses.size(),
        engine);
    if (engine.equals("local")) {
      MergeRewrite.run(session, table, plan, options);
      return;
    }
    MergeInto merge =
        new MergeInto(
            table.newWrite(WriteMode.APPEND, options),
            plan.resolvedCondition(),
            plan.input(),
            plan.resolvedClauses(),
            operation);
    try {
      Executor.write(
          ctx,
          plan.source().on(engine).plan(),
          new Sink(Format.ICEBERG, table.name(), WriteMode.APPEND, options, List.of(), merge));
    } catch (MultipleMatchException e) {
      // the engine's own words name no key: the same check as the local engine's says which
      DataFrame target =
          new DataFrame(session, Analyzer.scan(Source.table(table.scan(Map.of()), Map.of())));
      MergeRewrite.requireSingleMatch(plan, MergeRewrite.join(target, plan), target, table.name());
      throw e;
    }
  }

  static void delete(
      Frameshift session, TableHandle table, Expr condition, Map<String, String> options) {
    String name = table.name();
    TableScan scan = table.scan(Map.of());
    // analysed here: a column the table lacks fails before any engine runs
    DataFrame matching =
        new DataFrame(session, Analyzer.scan(Source.table(scan, Map.of()))).filter(condition);
    ExecutionContext ctx = session.execution();
    String engine = Executor.writerName(ctx, matching.plan(), Format.ICEBERG);
    LOG.info("Delete from {} where {} on engine {}", name, condition.toSql(), engine);
    if (engine.equals("local")) {
      List<TableScan.DataFileTask> tasks = scan.plan(null, condition);
      List<String> replaced = tasks.stream().map(TableScan.DataFileTask::path).toList();
      DataFrame old =
          new DataFrame(
              session, Analyzer.scan(Source.table(new PlannedScan(scan, tasks), Map.of())));
      // SQL's DELETE removes the rows where the condition is true: unknown keeps the row
      DataFrame kept = old.filter(condition.isNull().or(condition.not()));
      TableWrite write = table.newRewrite(scan, replaced, condition, "delete", options);
      Executor.write(
          ctx,
          kept.on("local").plan(),
          new Sink(Format.ICEBERG, name, WriteMode.APPEND, options, List.of(), write));
    } else {
      TableWrite refusing = new MergeOnly(table.newWrite(WriteMode.APPEND, options), "delete");
      Map<String, String> sinkOptions = new LinkedHashMap<>(options);
      sinkOptions.put(Sink.DELETE_WHERE, condition.toSql());
      Executor.write(
          ctx,
          matching.on(engine).plan(),
          new Sink(Format.ICEBERG, name, WriteMode.APPEND, sinkOptions, List.of(), refusing));
    }
  }

  static void overwrite(
      Frameshift session,
      TableHandle table,
      DataFrame rows,
      Expr condition,
      Map<String, String> options) {
    String name = table.name();
    DataFrame aligned = DataFrameWriter.alignTo(rows, table.schema(), name);
    // a row outside the condition would survive a later overwrite of the same condition: refused,
    // as Iceberg's own overwrite validation refuses it
    List<Row> outside =
        aligned.filter(condition.isNull().or(condition.not())).limit(DUPLICATES_SHOWN).collect();
    if (!outside.isEmpty()) {
      throw new InputException(
          "Rows of the overwrite of table "
              + name
              + " do not match its condition "
              + condition.toSql()
              + ": "
              + outside
              + (outside.size() == DUPLICATES_SHOWN ? " (first " + DUPLICATES_SHOWN + ")" : ""));
    }
    TableScan scan = table.scan(Map.of());
    ExecutionContext ctx = session.execution();
    String engine = Executor.writerName(ctx, aligned.plan(), Format.ICEBERG);
    LOG.info("Overwrite of {} where {} on engine {}", name, condition.toSql(), engine);
    if (engine.equals("local")) {
      List<TableScan.DataFileTask> tasks = scan.plan(null, condition);
      List<String> replaced = tasks.stream().map(TableScan.DataFileTask::path).toList();
      DataFrame old =
          new DataFrame(
              session, Analyzer.scan(Source.table(new PlannedScan(scan, tasks), Map.of())));
      DataFrame result = old.filter(condition.isNull().or(condition.not())).union(aligned);
      TableWrite write = table.newRewrite(scan, replaced, condition, "overwrite", options);
      Executor.write(
          ctx,
          result.on("local").plan(),
          new Sink(Format.ICEBERG, name, WriteMode.APPEND, options, List.of(), write));
    } else {
      TableWrite refusing = new MergeOnly(table.newWrite(WriteMode.APPEND, options), "overwrite");
      Map<String, String> sinkOptions = new LinkedHashMap<>(options);
      sinkOptions.put(Sink.OVERWRITE_WHERE, condition.toSql());
      Executor.write(
          ctx,
          aligned.on(engine).plan(),
          new Sink(Format.ICEBERG, name, WriteMode.APPEND, sinkOptions, List.of(), refusing));
    }
  }

  /** Duplicate keys would replace one table row by several: refused, as Spark's MERGE does. */
  private static void requireUniqueKeys(DataFrame updates, List<String> keys, String table) {
    List<Row> dup =
        updates
            .groupBy(keys.toArray(String[]::new))
            .agg(count().as("__frameshift_n"))
            .filter(col("__frameshift_n").gt(1))
            .limit(DUPLICATES_SHOWN)
            .collect();
    if (dup.isEmpty()) {
      return;
    }
    List<String> shown = new ArrayList<>();
    for (Row r : dup) {
      List<String> parts = new ArrayList<>();
      for (String k : keys) {
        parts.add(k + "=" + r.get(k));
      }
      shown.add("(" + String.join(", ", parts) + ") " + r.get("__frameshift_n") + " times");
    }
    throw new InputException(
        "The updates for table "
            + table
            + " hold duplicate keys "
            + keys
            + ": "
            + String.join("; ", shown)
            + (dup.size() == DUPLICATES_SHOWN ? " (first " + DUPLICATES_SHOWN + ")" : ""));
  }

  /** A scan that reads exactly the files a change planned, which its commit replaces. */
  record PlannedScan(TableScan scan, List<TableScan.DataFileTask> tasks) implements TableScan {
    @Override
    public String table() {
      return scan.table();
    }

    @Override
    public OptionalLong snapshotId() {
      return scan.snapshotId();
    }

    @Override
    public Schema schema() {
      return scan.schema();
    }

    @Override
    public Map<String, Integer> fieldIds() {
      return scan.fieldIds();
    }

    @Override
    public Map<String, Integer> snapshotFieldIds() {
      return scan.snapshotFieldIds();
    }

    @Override
    public FrameStats stats() {
      long rows = tasks.stream().mapToLong(DataFileTask::rows).sum();
      long bytes = tasks.stream().mapToLong(DataFileTask::bytes).sum();
      return new FrameStats(rows, bytes, true);
    }

    @Override
    public List<DataFileTask> plan(List<String> columns, Expr filter) {
      return tasks;
    }

    @Override
    public ArrowBatches readWithDeletes(DataFileTask task, List<String> columns) {
      return scan.readWithDeletes(task, columns);
    }

    @Override
    public String describe() {
      return scan.describe() + " (" + tasks.size() + " files to rewrite)";
    }
  }

  /** A table write whose commit refuses: the change is the merging engine's to commit. */
  record MergeOnly(TableWrite write, String operation) implements TableWrite {
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
              + " as files; an "
              + operation
              + " on it runs copy-on-write through the session");
    }

    @Override
    public void abort(List<WrittenFile> files) {
      write.abort(files);
    }
  }
}
