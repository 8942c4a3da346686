package io.frameshift;

import io.frameshift.enrich.EnrichResult;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.enrich.FailurePolicy;
import io.frameshift.error.AnalysisException;
import io.frameshift.error.ConfigurationException;
import io.frameshift.error.FrameshiftException;
import io.frameshift.expr.Alias;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.expr.SortKey;
import io.frameshift.internal.Analyzer;
import io.frameshift.internal.Executor;
import io.frameshift.internal.UserFunctions;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, lazy frame: a session plus a logical plan. Operations return new frames and are
 * checked at once (an unknown column or a type error throws here, not when the frame runs); actions
 * ({@link #collect()}, {@link #count()}, {@link #show()}, {@link #write()}) run the plan, each node
 * on the engine the selector places it on. Each action computes the plan again from its sources,
 * unless part of it is {@linkplain #cache() cached}.
 */
public final class DataFrame {
  private final Frameshift session;
  private final LogicalPlan plan;

  DataFrame(Frameshift session, LogicalPlan plan) {
    this.session = session;
    this.plan = plan;
  }

  private DataFrame next(LogicalPlan p) {
    return new DataFrame(session, p);
  }

  /** The logical plan; for engines and tools. */
  public LogicalPlan plan() {
    return plan;
  }

  public Frameshift session() {
    return session;
  }

  public Schema schema() {
    return plan.schema();
  }

  public List<String> columns() {
    return plan.schema().names();
  }

  // ==== transformations ======================================================================

  /** Keeps the rows for which {@code condition} is TRUE. */
  public DataFrame filter(Expr condition) {
    return next(Analyzer.filter(plan, bind(condition)));
  }

  /** Keeps the rows for which the SQL condition, e.g. {@code "amount > 0 AND x IS NULL"}, holds. */
  public DataFrame filter(String sqlCondition) {
    return filter(Expr.parse(sqlCondition));
  }

  /** Alias of {@link #filter(Expr)}. */
  public DataFrame where(Expr condition) {
    return filter(condition);
  }

  public DataFrame select(String... columns) {
    return select(Arrays.stream(columns).map(Column::new).toArray(Expr[]::new));
  }

  /** Computes new columns; window expressions are allowed anywhere in them. */
  public DataFrame select(Expr... exprs) {
    return next(Analyzer.select(plan, bind(Arrays.asList(exprs))));
  }

  /** Adds a column, or replaces the column of that name in place. */
  public DataFrame withColumn(String name, Expr expr) {
    List<Expr> cols = new ArrayList<>();
    boolean replaced = false;
    for (String n : columns()) {
      if (n.equals(name)) {
        cols.add(new Alias(bind(expr), name));
        replaced = true;
      } else {
        cols.add(new Column(n));
      }
    }
    if (!replaced) {
      cols.add(new Alias(bind(expr), name));
    }
    return next(Analyzer.select(plan, cols));
  }

  /** Removes columns; each must exist. */
  public DataFrame drop(String... columns) {
    Set<String> gone = new HashSet<>();
    for (String c : columns) {
      plan.schema().indexOf(c);
      gone.add(c);
    }
    List<Expr> keep = new ArrayList<>();
    for (String n : columns()) {
      if (!gone.contains(n)) {
        keep.add(new Column(n));
      }
    }
    if (keep.isEmpty()) {
      throw new AnalysisException("drop would remove every column of " + columns());
    }
    return next(Analyzer.select(plan, keep));
  }

  public DataFrame rename(String from, String to) {
    plan.schema().indexOf(from);
    if (!from.equals(to) && plan.schema().contains(to)) {
      throw new AnalysisException(
          "Cannot rename '"
              + from
              + "' to '"
              + to
              + "': a column '"
              + to
              + "' exists; columns: "
              + columns());
    }
    List<Expr> cols = new ArrayList<>();
    for (String n : columns()) {
      cols.add(n.equals(from) ? new Alias(new Column(n), to) : new Column(n));
    }
    return next(Analyzer.select(plan, cols));
  }

  /** No keys: {@code agg(..)} then aggregates the whole frame into exactly one row. */
  public GroupedDataFrame groupBy() {
    return new GroupedDataFrame(this, List.of());
  }

  public GroupedDataFrame groupBy(String... columns) {
    return groupBy(Arrays.stream(columns).map(Column::new).toArray(Expr[]::new));
  }

  public GroupedDataFrame groupBy(Expr... keys) {
    List<Expr> bound = bind(Arrays.asList(keys));
    for (Expr k : bound) {
      Analyzer.resolveScalar(k, plan.schema());
    }
    return new GroupedDataFrame(this, bound);
  }

  /** Aggregates the whole frame into one row: {@code groupBy().agg(..)}. */
  public DataFrame agg(Expr... aggregates) {
    return groupBy().agg(aggregates);
  }

  DataFrame aggregate(List<Expr> keys, List<Expr> aggregates) {
    return next(Analyzer.groupBy(plan, bind(keys), bind(aggregates)));
  }

  /** Inner join on columns of the same name on both sides. */
  public DataFrame join(DataFrame right, String... keys) {
    return join(right, JoinType.INNER, keys);
  }

  public DataFrame join(DataFrame right, JoinType type, String... keys) {
    sameSession(right);
    return next(Analyzer.join(plan, right.plan, type, Arrays.asList(keys), session.joinSuffix()));
  }

  /** Join on a condition over columns of both sides, e.g. {@code col("id").eq(col("cust_id"))}. */
  public DataFrame join(DataFrame right, JoinType type, Expr condition) {
    sameSession(right);
    return next(Analyzer.join(plan, right.plan, type, bind(condition), session.joinSuffix()));
  }

  private void sameSession(DataFrame other) {
    if (other.session != session) {
      throw new AnalysisException("Cannot combine frames of two different Frameshift sessions");
    }
  }

  public DataFrame sort(SortKey... keys) {
    List<SortKey> bound = new ArrayList<>();
    for (SortKey k : keys) {
      bound.add(k.withExpr(bind(k.expr())));
    }
    return next(Analyzer.sort(plan, bound));
  }

  /** Sorts ascending by the named columns. */
  public DataFrame sort(String... columns) {
    return sort(
        Arrays.stream(columns).map(c -> SortKey.asc(new Column(c))).toArray(SortKey[]::new));
  }

  /** Alias of {@link #sort(SortKey...)}. */
  public DataFrame orderBy(SortKey... keys) {
    return sort(keys);
  }

  public DataFrame distinct() {
    return next(Analyzer.distinct(plan, List.of()));
  }

  /** One (any) row per distinct value of {@code columns}. */
  public DataFrame dropDuplicates(String... columns) {
    return next(Analyzer.distinct(plan, Arrays.asList(columns)));
  }

  public DataFrame limit(long n) {
    return next(Analyzer.limit(plan, n));
  }

  /** UNION ALL by column name. */
  public DataFrame union(DataFrame other) {
    sameSession(other);
    return next(Analyzer.union(plan, other.plan));
  }

  /** Each row kept independently with probability {@code fraction}; reproducible per seed. */
  public DataFrame sample(double fraction, long seed) {
    return next(Analyzer.sample(plan, fraction, seed));
  }

  /**
   * Runs {@code fn} over this frame's data as Arrow record batches and returns the frame of the
   * batches it gives, which must have {@code outputSchema}'s columns, in order and of those types
   * (a batch that differs fails the job naming the column). Each batch may have any number of rows.
   * Locally it runs on each chunk of the frame; on Spark on each partition, on the executors,
   * without bringing the data to the driver. See {@link io.frameshift.arrow.BatchFunction} for who
   * closes what.
   *
   * <pre>{@code
   * df.mapBatches((batch, allocator) -> {
   *   BigIntVector id = (BigIntVector) batch.getVector("id");
   *   Float8Vector half = new Float8Vector("half", allocator);
   *   half.allocateNew(batch.getRowCount());
   *   for (int i = 0; i < batch.getRowCount(); i++) {
   *     if (!id.isNull(i)) half.set(i, id.get(i) / 2.0);
   *   }
   *   half.setValueCount(batch.getRowCount());
   *   return new VectorSchemaRoot(List.of(id, half));
   * }, Schema.of(Field.of("id", INT64), Field.of("half", FLOAT64)));
   * }</pre>
   */
  public DataFrame mapBatches(io.frameshift.arrow.BatchFunction fn, Schema outputSchema) {
    return next(Analyzer.mapBatches(plan, fn, outputSchema));
  }

  /**
   * Calls the HTTP service {@code spec} describes for each row (or batch of rows, {@link
   * EnrichSpec#perBatch}) and adds its answer as the spec's typed columns, rate-limited, retried
   * and behind a circuit breaker; under {@link FailurePolicy#CONTINUE} a failed row keeps null
   * outputs and its error in the spec's error column. Locally the calls run per chunk of the frame;
   * on Spark per partition in the executors. Lazy like every operation: the calls are made by the
   * actions, each action again unless the frame is {@linkplain #cache() cached}. See
   * docs/enrichment.md.
   *
   * <pre>{@code
   * DataFrame scored = customers.enrich(
   *     EnrichSpec.get("http://127.0.0.1:8080/score/{id}")
   *         .output("score", "/score", DataType.FLOAT64)
   *         .ratePerSecond(5000));
   * }</pre>
   *
   * @throws io.frameshift.error.ColumnNotFoundException when the URL template, body or key names a
   *     column the frame does not have
   * @throws io.frameshift.error.ConfigurationException when {@code frameshift-enrich-http} is not
   *     on the class path
   */
  public DataFrame enrich(EnrichSpec spec) {
    return next(Analyzer.enrich(plan, spec));
  }

  /**
   * {@link #enrich} under {@link FailurePolicy#CONTINUE}, split in two: the rows that got their
   * answer (without the error column) and the dead letters, the rows whose call failed for good
   * (with the input's columns and the error column). Both come from one cached frame, so each row
   * is called once however many actions read them, and the two counts add up to the input's. {@link
   * EnrichResult#close()} releases the cache.
   */
  public EnrichResult enrichWithDeadLetters(EnrichSpec spec) {
    EnrichSpec s = spec.onFailure(FailurePolicy.CONTINUE);
    DataFrame all = enrich(s).cache();
    Column error = new Column(s.errorColumn());
    DataFrame enriched = all.filter(error.isNull()).drop(s.errorColumn());
    List<String> keep = new ArrayList<>(schema().names());
    keep.add(s.errorColumn());
    DataFrame dead = all.filter(error.isNotNull()).select(keep.toArray(String[]::new));
    return new EnrichResult(all, enriched, dead);
  }

  /** Pins this frame's whole plan to one engine ({@code "local"}, {@code "spark"}). */
  public DataFrame on(String engine) {
    if (!session.availableEngines().contains(engine)) {
      throw new ConfigurationException(
          "Engine '"
              + engine
              + "' is not available; available engines: "
              + session.availableEngines());
    }
    return next(Analyzer.pin(plan, engine));
  }

  /** {@code e} with the user functions SQL text calls by name bound to the session's. */
  private Expr bind(Expr e) {
    return UserFunctions.bind(e, session.functionRegistry());
  }

  private List<Expr> bind(List<Expr> exprs) {
    List<Expr> out = new ArrayList<>(exprs.size());
    for (Expr e : exprs) {
      out.add(bind(e));
    }
    return out;
  }

  // ==== caching ==============================================================================

  /**
   * Keeps this frame's data once computed, so that later actions on it, and on every frame built on
   * it, reuse the data instead of recomputing the plan below (re-reading its source): {@link
   * #persist(StorageLevel)} at {@link StorageLevel#DEFAULT} ({@code MEMORY_AND_DISK}), as in Spark.
   *
   * <p>Lazy, as in Spark: the data is computed by the first action that needs it, on the engine the
   * selector places this frame's last node on, and stays there (the local engine in its heap; Spark
   * with {@code Dataset.persist}) until {@link #unpersist()} or the session closes. The mark is
   * kept by the session for this frame's plan, so {@code df.cache();} alone is enough, frames
   * derived from {@code df} before the call share it too, and the frame returned is this one.
   */
  public DataFrame cache() {
    return persist(StorageLevel.DEFAULT);
  }

  /** {@link #cache()}: keeps the data at {@link StorageLevel#DEFAULT}. */
  public DataFrame persist() {
    return cache();
  }

  /**
   * {@link #persist(StorageLevel)} with the level's name, as Spark spells it: {@code
   * "MEMORY_ONLY"}, {@code "MEMORY_AND_DISK"}, {@code "DISK_ONLY"}, {@code
   * "MEMORY_AND_DISK_SER"}...
   *
   * @throws io.frameshift.error.InvalidOptionException for an unknown name (the message lists the
   *     valid ones)
   */
  public DataFrame persist(String storageLevel) {
    return persist(StorageLevel.of(storageLevel));
  }

  /**
   * Keeps this frame's data at {@code level} once computed; see {@link #cache()}. The local engine
   * keeps frames in its heap whatever the level. A frame already cached keeps its first level (as
   * in Spark; a warning says so): {@link #unpersist()} it first to change the level.
   */
  public DataFrame persist(StorageLevel level) {
    session.execution().cache(plan, Objects.requireNonNull(level, "level"));
    return this;
  }

  /**
   * Releases the data {@link #cache()} kept for this frame; later actions compute the plan again.
   * Does nothing for a frame that is not cached. Returns this frame.
   */
  public DataFrame unpersist() {
    session.execution().uncache(plan);
    return this;
  }

  /** The storage level this frame is cached at, or empty when it is not cached. */
  public Optional<StorageLevel> storageLevel() {
    return session.execution().cacheLevel(plan);
  }

  // ==== actions ==============================================================================

  /** Runs the plan and returns every row. */
  public List<Row> collect() {
    return Executor.action(session.execution(), plan, (engine, frame) -> engine.collect(frame));
  }

  public long count() {
    return Executor.action(session.execution(), plan, (engine, frame) -> engine.count(frame));
  }

  /** Prints the first 20 rows as a table. */
  public void show() {
    show(20);
  }

  public void show(int rows) {
    System.out.println(showString(rows));
  }

  /** The table {@link #show(int)} prints. */
  public String showString(int rows) {
    List<Row> head = limit(rows + 1L).collect();
    return TableFormatter.format(schema(), head, rows);
  }

  /**
   * The plan as a tree: each node's engine, estimated (and, after a run, actual) rows, the
   * estimated cost on each engine, where Arrow transfers happen, and the reason for each choice.
   */
  public String explain() {
    return Executor.explain(session.execution(), plan);
  }

  /**
   * Runs the plan and streams the result as Arrow batches, produced column by column by the engine
   * that computed it. The caller owns the stream and each batch it takes; close both.
   */
  public io.frameshift.arrow.ArrowBatches toArrow() {
    return Executor.action(session.execution(), plan, (engine, frame) -> engine.exportArrow(frame));
  }

  /**
   * The same as {@link #explain()} as JSON: per node its engine, estimated and (after a run) actual
   * rows, estimated cost on each engine, transfers, fallbacks and the reason.
   */
  public String explainJson() {
    return Executor.explainJson(session.execution(), plan);
  }

  /**
   * Runs this plan on every available engine and reports each engine's time and whether the results
   * agree row for row, with the first differences: the check before moving a job from one engine to
   * the other. Rows are compared in order when the plan ends with a sort.
   */
  public Comparison compare() {
    return compare(1);
  }

  /** {@link #compare()} keeping each engine's best time of {@code repetitions} runs. */
  public Comparison compare(int repetitions) {
    Map<String, Comparison.Run> runs = new LinkedHashMap<>();
    for (String engine : session.execution().usable()) {
      DataFrame pinned = on(engine);
      double best = Double.POSITIVE_INFINITY;
      List<Row> rows = null;
      String failure = null;
      for (int i = 0; i < Math.max(1, repetitions); i++) {
        long start = System.nanoTime();
        try {
          rows = pinned.collect();
        } catch (FrameshiftException e) {
          failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        best = Math.min(best, (System.nanoTime() - start) / 1e6);
      }
      runs.put(engine, new Comparison.Run(best, failure == null ? rows : null, failure));
    }
    boolean ordered =
        plan instanceof io.frameshift.plan.Sort
            || plan instanceof io.frameshift.plan.Limit l
                && l.child() instanceof io.frameshift.plan.Sort;
    Optional<String> difference = Optional.empty();
    Map.Entry<String, Comparison.Run> first = null;
    for (Map.Entry<String, Comparison.Run> e : runs.entrySet()) {
      if (first == null) {
        first = e;
        continue;
      }
      Comparison.Run a = first.getValue();
      Comparison.Run b = e.getValue();
      if (a.failure() != null || b.failure() != null) {
        String fa = a.failure() == null ? null : a.failure().substring(0, a.failure().indexOf(':'));
        String fb = b.failure() == null ? null : b.failure().substring(0, b.failure().indexOf(':'));
        if (!java.util.Objects.equals(fa, fb)) {
          difference =
              Optional.of(
                  "  "
                      + first.getKey()
                      + ": "
                      + (a.failure() == null ? a.rows().size() + " rows" : a.failure())
                      + "\n  "
                      + e.getKey()
                      + ": "
                      + (b.failure() == null ? b.rows().size() + " rows" : b.failure())
                      + "\n");
        }
      } else {
        difference =
            RowDiff.difference(
                RowDiff.values(b.rows()),
                RowDiff.values(a.rows()),
                ordered,
                first.getKey(),
                e.getKey());
      }
      if (difference.isPresent()) {
        break;
      }
    }
    return new Comparison(runs, ordered, difference);
  }

  /** Runs the plan and returns the engine-native frame on {@code engine}. */
  public EngineFrame materialize(String engine) {
    return Executor.run(session.execution(), Analyzer.pin(plan, engine)).frame();
  }

  public DataFrameWriter write() {
    return new DataFrameWriter(this);
  }

  @Override
  public String toString() {
    return "DataFrame" + schema();
  }
}
