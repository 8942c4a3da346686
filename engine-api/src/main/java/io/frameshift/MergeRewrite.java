package io.frameshift;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.max;
import static io.frameshift.expr.Functions.min;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.when;

import io.frameshift.error.MultipleMatchException;
import io.frameshift.expr.CaseBuilder;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.internal.Analyzer;
import io.frameshift.internal.Executor;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.spi.MergeInto;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableScan;
import io.frameshift.spi.TableWrite;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A merge on the local engine, copy-on-write: the data files that may hold matched rows are read,
 * joined with the source, the clauses applied with the DataFrame API, and the result replaces the
 * files read in one commit validated against concurrent ones (the files' rows are the conflict
 * filter). A merge whose source rows replace the matched rows and are inserted otherwise (an
 * upsert) is an anti-join and a union instead of a full join.
 */
final class MergeRewrite {
  private static final Logger LOG = LoggerFactory.getLogger(MergeRewrite.class);

  /**
   * Above this many distinct values of a key column, files are pruned by ranges of them: Iceberg's
   * metrics evaluator does not prune by an {@code IN} list longer than 200.
   */
  static final int IN_LIST_LIMIT = 200;

  /** Above this many distinct values, one range from the minimum to the maximum. */
  static final int GAP_LIMIT = 100_000;

  /** Marks the joined rows that come from a table row. */
  static final String TARGET_ROW = "__frameshift_target_row";

  /** Marks the joined rows that come from a source row. */
  static final String SOURCE_ROW = MergeInto.SOURCE + "__frameshift_source_row";

  private static final String ACTION = "__frameshift_action";

  /** The action of a matched row no clause applies to, and of a target row without a match. */
  private static final int KEEP = 0;

  private static final int DELETE = -1;

  /** An unmatched source row no insert clause applies to. */
  private static final int SKIP = -2;

  /**
   * Insert clause {@code j} is action {@code INSERT + j}; update clause {@code i} is {@code i+1}.
   */
  private static final int INSERT = 1000;

  /** How many rows an error names. */
  private static final int SHOWN = 5;

  private MergeRewrite() {}

  static void run(
      Frameshift session, TableHandle table, MergePlan plan, Map<String, String> options) {
    TableScan scan = table.scan(Map.of());
    Expr filter = pruning(plan);
    // true: every file may hold a match; false: none can (a key of the source is always null)
    List<TableScan.DataFileTask> tasks =
        filter.equals(lit(false))
            ? List.of()
            : scan.plan(null, filter.equals(lit(true)) ? null : filter);
    List<String> replaced = tasks.stream().map(TableScan.DataFileTask::path).toList();
    DataFrame old =
        new DataFrame(
            session,
            Analyzer.scan(Source.table(new TableChanges.PlannedScan(scan, tasks), Map.of())));
    LOG.info(
        "{} into {}: rewriting {} of the snapshot's files (pruned by {})",
        plan.operation(),
        table.name(),
        replaced.size(),
        filter.toSql());
    List<String> keys = plan.replaceKeys();
    DataFrame joined = null;
    DataFrame result;
    if (!keys.isEmpty() && uniqueKeys(plan.source(), keys)) {
      LOG.info(
          "{} into {}: source rows replace the rows of keys {}",
          plan.operation(),
          table.name(),
          keys);
      result = replace(old, plan, keys);
    } else {
      LOG.info(
          "{} into {}: the files read full-joined with the source on {}, {} clauses applied",
          plan.operation(),
          table.name(),
          display(plan.condition()),
          plan.clauses().size());
      joined = join(old, plan).on("local").cache();
      if (checksCardinality(plan)) {
        requireSingleMatch(plan, joined, old, table.name());
      }
      result = apply(joined, plan);
    }
    try {
      TableWrite write =
          table.newRewrite(
              scan, replaced, filter.equals(lit(true)) ? null : filter, plan.operation(), options);
      Executor.write(
          session.execution(),
          result.on("local").plan(),
          new Sink(Format.ICEBERG, table.name(), WriteMode.APPEND, options, List.of(), write));
    } finally {
      if (joined != null) {
        joined.unpersist();
      }
    }
  }

  /** The table rows without a match, then every source row as a table row. */
  private static DataFrame replace(DataFrame old, MergePlan plan, List<String> keys) {
    List<Expr> keyColumns = new ArrayList<>();
    for (String k : keys) {
      keyColumns.add(col(MergeInto.SOURCE + k).as(k));
    }
    MergeInto.Insert insert = (MergeInto.Insert) plan.clauses().get(1);
    List<Expr> row = new ArrayList<>();
    for (String c : plan.target().names()) {
      row.add(insert.values().get(c).as(c));
    }
    DataFrame incoming = plan.source().select(row.toArray(Expr[]::new));
    return old.join(
            plan.source().select(keyColumns.toArray(Expr[]::new)),
            JoinType.ANTI,
            keys.toArray(String[]::new))
        .union(incoming);
  }

  private static boolean uniqueKeys(DataFrame source, List<String> keys) {
    String[] names = keys.stream().map(k -> MergeInto.SOURCE + k).toArray(String[]::new);
    return source
        .groupBy(names)
        .agg(count().as("__frameshift_n"))
        .filter(col("__frameshift_n").gt(1))
        .limit(1)
        .collect()
        .isEmpty();
  }

  /** Every table row read, beside the source row it matches; unmatched rows of both sides too. */
  static DataFrame join(DataFrame target, MergePlan plan) {
    return target
        .withColumn(TARGET_ROW, lit(true))
        .join(plan.source().withColumn(SOURCE_ROW, lit(true)), JoinType.FULL, plan.condition());
  }

  /** As SQL engines: a lone unconditional delete deletes a row once however many rows match it. */
  static boolean checksCardinality(MergePlan plan) {
    List<MergeInto.Clause> matched =
        plan.clauses().stream().filter(c -> !(c instanceof MergeInto.Insert)).toList();
    return !matched.isEmpty()
        && !(matched.size() == 1
            && matched.get(0) instanceof MergeInto.Delete d
            && d.when().equals(lit(true)));
  }

  /**
   * Fails naming the key of table rows that match several source rows. Identical table rows match
   * the same source rows, so a group of equal table rows holds a row matched twice exactly when it
   * has more matched pairs than rows; the rows are only counted when some group has two pairs.
   */
  static void requireSingleMatch(MergePlan plan, DataFrame joined, DataFrame target, String table) {
    String[] columns = plan.target().names().toArray(String[]::new);
    DataFrame matched = joined.filter(col(TARGET_ROW).isNotNull().and(col(SOURCE_ROW).isNotNull()));
    boolean twice =
        !matched
            .groupBy(columns)
            .agg(count().as("__frameshift_pairs"))
            .filter(col("__frameshift_pairs").gt(1))
            .limit(1)
            .collect()
            .isEmpty();
    if (!twice) {
      return;
    }
    List<Expr> rows = new ArrayList<>();
    List<Expr> pairs = new ArrayList<>();
    for (String c : columns) {
      rows.add(col(c));
      pairs.add(col(c));
    }
    rows.add(lit(1L).as("__frameshift_rows"));
    rows.add(lit(0L).as("__frameshift_pairs"));
    pairs.add(lit(0L).as("__frameshift_rows"));
    pairs.add(lit(1L).as("__frameshift_pairs"));
    List<Row> bad =
        target
            .select(rows.toArray(Expr[]::new))
            .union(matched.select(pairs.toArray(Expr[]::new)))
            .groupBy(columns)
            .agg(sum("__frameshift_rows").as("n_rows"), sum("__frameshift_pairs").as("n_pairs"))
            .filter(col("n_pairs").gt(col("n_rows")))
            .limit(SHOWN)
            .collect();
    if (bad.isEmpty()) {
      return;
    }
    List<String> key = keyColumns(plan);
    List<String> shown = new ArrayList<>();
    for (Row r : bad) {
      List<String> parts = new ArrayList<>();
      for (String k : key) {
        parts.add(k + "=" + r.get(k));
      }
      long each = r.getLong("n_pairs") / r.getLong("n_rows");
      shown.add("(" + String.join(", ", parts) + ") matches " + each + " source rows");
    }
    throw new MultipleMatchException(
        "The "
            + plan.operation()
            + " into table "
            + table
            + " matches a table row with more than one source row on "
            + display(plan.condition())
            + ": "
            + String.join("; ", shown)
            + (bad.size() == SHOWN ? " (first " + SHOWN + ")" : "")
            + ". A table row may be changed by one source row only: make the source's keys unique"
            + " (dropDuplicates, or an aggregate per key)");
  }

  /** The table's columns the condition reads (the key), or all of them if it reads none. */
  private static List<String> keyColumns(MergePlan plan) {
    Set<String> out = new LinkedHashSet<>();
    plan.condition()
        .anyMatch(
            e -> {
              if (e instanceof Column c && plan.target().contains(c.name())) {
                out.add(c.name());
              }
              return false;
            });
    return out.isEmpty() ? plan.target().names() : List.copyOf(out);
  }

  /** The condition as the user names the sides: {@code target.k = source.k}. */
  static String display(Expr condition) {
    return condition
        .transformUp(
            e ->
                e instanceof Column c && !c.name().startsWith(MergeInto.SOURCE)
                    ? col("target." + c.name())
                    : e)
        .toSql();
  }

  /**
   * The clauses applied to the joined rows: the rows of the rewritten files, in the table's shape.
   */
  private static DataFrame apply(DataFrame joined, MergePlan plan) {
    CaseBuilder matched = null;
    CaseBuilder inserted = null;
    List<MergeInto.Clause> clauses = plan.clauses();
    for (int i = 0; i < clauses.size(); i++) {
      MergeInto.Clause c = clauses.get(i);
      int action =
          c instanceof MergeInto.Insert
              ? INSERT + i
              : c instanceof MergeInto.Delete ? DELETE : i + 1;
      if (c instanceof MergeInto.Insert) {
        inserted =
            inserted == null ? when(c.when()).then(action) : inserted.when(c.when()).then(action);
      } else {
        matched =
            matched == null ? when(c.when()).then(action) : matched.when(c.when()).then(action);
      }
    }
    Expr onInsert = inserted == null ? lit(SKIP) : inserted.otherwise(SKIP);
    Expr onMatch = matched == null ? lit(KEEP) : matched.otherwise(KEEP);
    Expr action =
        when(col(TARGET_ROW).isNull())
            .then(onInsert)
            .when(col(SOURCE_ROW).isNull())
            .then(KEEP)
            .otherwise(onMatch);
    DataFrame acted = joined.withColumn(ACTION, action).filter(col(ACTION).ge(KEEP));
    List<Expr> out = new ArrayList<>();
    Schema target = plan.target();
    for (String c : target.names()) {
      CaseBuilder value = null;
      for (int i = 0; i < clauses.size(); i++) {
        Expr v = null;
        int code = 0;
        if (clauses.get(i) instanceof MergeInto.Update u && u.set().containsKey(c)) {
          v = u.set().get(c);
          code = i + 1;
        } else if (clauses.get(i) instanceof MergeInto.Insert ins) {
          v = ins.values().get(c);
          code = INSERT + i;
        }
        if (v != null) {
          Expr is = col(ACTION).eq(code);
          value = value == null ? when(is).then(v) : value.when(is).then(v);
        }
      }
      out.add(value == null ? col(c) : value.otherwise(col(c)).as(c));
    }
    return acted.select(out.toArray(Expr[]::new));
  }

  /**
   * The table rows a source row may match, for pruning files and validating the commit: per
   * equality of a table column with a source column of its type, the source's values (or their
   * range); conditions on table columns alone as they are. False when a key of the source is null
   * everywhere (nothing matches); true when nothing narrows the rows.
   */
  static Expr pruning(MergePlan plan) {
    Schema input = plan.input();
    Expr out = null;
    for (Expr c : MergePlan.conjuncts(plan.condition())) {
      Expr narrowed = null;
      if (!c.anyMatch(e -> e instanceof Column col && col.name().startsWith(MergeInto.SOURCE))) {
        narrowed = c;
      } else if (c instanceof io.frameshift.expr.Call call
          && call.function() == io.frameshift.expr.Function.EQ
          && call.arg(0) instanceof Column a
          && call.arg(1) instanceof Column b) {
        Column t = a.name().startsWith(MergeInto.SOURCE) ? b : a;
        Column s = t == a ? b : a;
        if (!t.name().startsWith(MergeInto.SOURCE)
            && s.name().startsWith(MergeInto.SOURCE)
            && input.field(t.name()).type().equals(input.field(s.name()).type())) {
          narrowed = values(plan.source(), s.name(), t.name());
          if (narrowed.equals(lit(false))) {
            return narrowed;
          }
        }
      }
      if (narrowed != null) {
        out = out == null ? narrowed : out.and(narrowed);
      }
    }
    return out == null ? lit(true) : out;
  }

  /**
   * The target column {@code t} among the source column {@code s}'s values: an {@code IN} list when
   * they are few, else ranges. The table format prunes files by an {@code IN} list only up to a
   * couple of hundred values (Iceberg's metrics evaluator gives up above 200), so more values
   * become ranges: numbers split at their widest gaps into up to {@link #IN_LIST_LIMIT} ranges
   * (keys clustered in a few runs, as updates of recent rows beside new keys, keep only those runs'
   * files), other types one range from their minimum to their maximum.
   */
  private static Expr values(DataFrame source, String s, String t) {
    List<Row> distinct =
        source.select(s).filter(col(s).isNotNull()).distinct().limit(GAP_LIMIT + 1L).collect();
    if (distinct.isEmpty()) {
      return lit(false);
    }
    if (distinct.size() <= IN_LIST_LIMIT) {
      return col(t).isIn(distinct.stream().map(r -> r.get(0)).toArray());
    }
    if (distinct.size() <= GAP_LIMIT && distinct.get(0).get(0) instanceof Number) {
      return ranges(t, distinct);
    }
    Row range = source.agg(min(s).as("lo"), max(s).as("hi")).collect().get(0);
    return col(t).between(range.get(0), range.get(1));
  }

  /** Ranges covering the values, cut at the widest gaps between neighbours. */
  private static Expr ranges(String t, List<Row> distinct) {
    List<Object> sorted = new ArrayList<>();
    distinct.forEach(r -> sorted.add(r.get(0)));
    sorted.sort((a, b) -> Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue()));
    int n = sorted.size();
    Integer[] gaps = new Integer[n - 1];
    for (int i = 0; i < n - 1; i++) {
      gaps[i] = i;
    }
    java.util.Arrays.sort(
        gaps, (a, b) -> Double.compare(gap(sorted, b), gap(sorted, a))); // widest first
    boolean[] cut = new boolean[n - 1];
    for (int i = 0; i < Math.min(IN_LIST_LIMIT - 1, n - 1); i++) {
      cut[gaps[i]] = true;
    }
    Expr out = null;
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (i == n - 1 || cut[i]) {
        Expr r = col(t).between(sorted.get(start), sorted.get(i));
        out = out == null ? r : out.or(r);
        start = i + 1;
      }
    }
    return out;
  }

  private static double gap(List<Object> sorted, int i) {
    return ((Number) sorted.get(i + 1)).doubleValue() - ((Number) sorted.get(i)).doubleValue();
  }
}
