package io.frameshift.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;

import io.frameshift.DataFrame;
import io.frameshift.Row;
import io.frameshift.StorageLevel;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.EngineException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.Expr;
import io.frameshift.expr.SortKey;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import io.frameshift.spi.Capability;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineTraits;
import io.frameshift.spi.EnrichCall;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.JoinSpec;
import io.frameshift.spi.Progress;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Statistics;

/**
 * The engine on Apache Spark SQL: each operation becomes Dataset operations, so a chain of Spark
 * nodes stays one lazy Spark plan that Spark optimizes as a whole; only {@link #collect}, {@link
 * #count}, {@link #save} and {@link #persist} run jobs.
 *
 * <p>Made from configuration ({@link SparkEngineProvider}), the engine starts its SparkSession on
 * the first operation that needs one, with every {@code spark.*} setting of the configuration, and
 * stops it on {@link #close()}. {@link #of(SparkSession)} uses a session the application already
 * has and leaves it running. Spark's defaults that differ from docs/semantics.md are translated;
 * docs/spark.md lists them.
 */
public final class SparkEngine implements Engine {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkEngine.class);

  static final String NAME = "spark";

  private static final Set<Capability> CAPABILITIES =
      Collections.unmodifiableSet(
          EnumSet.of(
              Capability.READ_CSV,
              Capability.WRITE_CSV,
              Capability.READ_ARROW,
              Capability.WRITE_ARROW,
              Capability.READ_PARQUET,
              Capability.WRITE_PARQUET,
              Capability.READ_JSON,
              Capability.WRITE_JSON,
              Capability.READ_ICEBERG,
              Capability.WRITE_ICEBERG,
              Capability.DISTRIBUTED));

  /** The formats the engine reads and writes; tables through the table format's Spark catalog. */
  private static final Set<Format> FORMATS =
      Set.of(Format.CSV, Format.ARROW, Format.PARQUET, Format.JSON, Format.ICEBERG);

  /**
   * On a cluster (or an embedded {@code local[*]} one) with memory of its own, lazy, and slow to
   * start: a local session's typical start on a small machine, until calibration measures it.
   */
  static final EngineTraits TRAITS =
      new EngineTraits(
          EngineTraits.Reach.DISTRIBUTED,
          EngineTraits.Memory.OWN,
          5000,
          false,
          FORMATS,
          FORMATS,
          false);

  private final Map<String, String> config;
  private final boolean handedIn;
  private SparkSession session;
  private boolean closed;

  /** An engine that starts a session from {@code config} when first needed. */
  SparkEngine(Map<String, String> config) {
    this.config = Map.copyOf(config);
    this.handedIn = false;
  }

  private SparkEngine(SparkSession session) {
    this.config = Map.of();
    this.handedIn = true;
    this.session = session;
  }

  /**
   * An engine on {@code session}, which the application owns: {@link #close()} leaves it running.
   * The SQL settings the semantics contract needs (case-sensitive names, ANSI mode, UTC session
   * time zone, java.time values, exact decimal scales) are set on it.
   */
  public static SparkEngine of(SparkSession session) {
    Objects.requireNonNull(session, "session");
    SparkSessions.applyContractSettings(session);
    return new SparkEngine(session);
  }

  /** The session, started now if this engine has none yet. */
  synchronized SparkSession session() {
    if (closed) {
      throw new EngineException("This Spark engine is closed; create a new one");
    }
    if (session == null) {
      session = SparkSessions.acquire(config);
    }
    return session;
  }

  /** Whether the engine has a session (started or handed in). */
  synchronized boolean started() {
    return session != null;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<Capability> capabilities() {
    return CAPABILITIES;
  }

  /**
   * Spark is lazy and its optimizer drops sorts and unused columns under a count, so a measured job
   * is forced through an Arrow export of its result. Its start-up is measured unless a SparkContext
   * already runs in this JVM.
   */
  @Override
  public CostProfile.EngineCosts calibrate(Calibration.Run run) {
    ToLongFunction<DataFrame> toEnd = SparkEngine::exportAll;
    double startup =
        SparkEnv.get() != null
            ? run.knownStartupMillis(TRAITS.startupMillis())
            : run.measureStartup(toEnd);
    return run.measure(toEnd, startup);
  }

  /** Runs {@code df} to its end and drops the result as it streams; returns its row count. */
  private static long exportAll(DataFrame df) {
    long rows = 0;
    try (ArrowBatches out = df.toArrow()) {
      VectorSchemaRoot b;
      while ((b = out.next()) != null) {
        rows += b.getRowCount();
        b.close();
      }
    }
    return rows;
  }

  // ---- input and output ---------------------------------------------------------------------

  @Override
  public Schema inferSchema(Source source) {
    Format format = supported(source.format(), "read");
    return SparkErrors.run(
        "inferring the schema of " + source,
        () ->
            switch (format) {
              case ARROW -> SparkArrowFiles.inferSchema(session(), source);
              case PARQUET, JSON -> SparkFormats.inferSchema(session(), source);
              default -> SparkCsv.inferSchema(session(), source);
            });
  }

  /** Parquet footers' row counts (local datasets); nothing for other formats. */
  @Override
  public FrameStats sourceStats(Source source) {
    if (source.format() != Format.PARQUET) {
      return FrameStats.UNKNOWN;
    }
    return SparkErrors.run(
        "reading the Parquet footers of " + source,
        () -> SparkFormats.parquetStats(session(), source));
  }

  @Override
  public EngineFrame load(Source source) {
    Format format = supported(source.format(), "read");
    if (source.schema() == null) {
      throw new IllegalArgumentException(
          "The Spark engine reads " + source + " with a resolved schema; none was given");
    }
    SparkFrame whole =
        SparkErrors.run(
            "reading " + source,
            () ->
                switch (format) {
                  case ARROW -> SparkArrowFiles.load(session(), source);
                  case PARQUET, JSON -> SparkFormats.load(session(), source);
                  case ICEBERG -> SparkTables.load(session(), source);
                  default -> new SparkFrame(SparkCsv.load(session(), source), source.schema());
                });
    return projected(whole, source);
  }

  /** {@code whole} with only the columns the source asks for; Spark prunes the rest itself. */
  private static SparkFrame projected(SparkFrame whole, Source source) {
    if (source.columns() == null) {
      return whole;
    }
    Column[] kept =
        source.columns().stream()
            .map(c -> whole.dataset().col(ExprTranslator.quote(c)))
            .toArray(Column[]::new);
    return new SparkFrame(whole.dataset().select(kept), source.projectedSchema());
  }

  @Override
  public EngineFrame create(Schema schema, List<Row> rows) {
    List<org.apache.spark.sql.Row> sparkRows = new ArrayList<>(rows.size());
    for (Row r : rows) {
      sparkRows.add(SparkTypes.toSpark(r));
    }
    return SparkErrors.run(
        "creating a frame",
        () ->
            new SparkFrame(
                session().createDataFrame(sparkRows, SparkTypes.toSpark(schema)),
                schema,
                rows.size()));
  }

  @Override
  public void save(EngineFrame frame, Sink sink) {
    Format format = supported(sink.format(), "write");
    SparkFrame f = frame(frame);
    SparkErrors.run(
        "writing " + sink.format().label() + " to " + sink.path(),
        () -> {
          if (!sink.partitionBy().isEmpty() && format != Format.PARQUET && format != Format.JSON) {
            throw new UnsupportedCapabilityException(
                "The Spark engine writes partitioned (partitionBy) parquet and json only, not "
                    + format.label());
          }
          switch (format) {
            case ARROW -> SparkArrowFiles.save(session(), f, sink);
            case PARQUET, JSON -> SparkFormats.save(session(), f, sink);
            case ICEBERG -> SparkTables.save(f, sink);
            default -> SparkCsv.save(session(), f.dataset(), f.schema(), sink);
          }
        });
  }

  /** Reads and writes happen in actions: {@link SparkProgress} counts their tasks' metrics. */
  @Override
  public <T> T withProgress(Progress read, Progress written, Supplier<T> work) {
    return SparkProgress.run(session(), read, written, work);
  }

  @Override
  public ArrowBatches exportArrow(EngineFrame frame) {
    SparkFrame f = frame(frame);
    return SparkErrors.run("exporting a frame to Arrow", () -> SparkArrow.exportArrow(f));
  }

  @Override
  public EngineFrame importArrow(ArrowBatches batches) {
    return SparkErrors.run(
        "importing Arrow batches", () -> SparkArrow.importArrow(session(), batches));
  }

  /** {@code format} if the engine reads and writes it. */
  private static Format supported(Format format, String verb) {
    if (FORMATS.contains(format)) {
      return format;
    }
    throw new UnsupportedCapabilityException(
        "The Spark engine cannot "
            + verb
            + " "
            + format.label()
            + "; it can "
            + verb
            + ": csv, arrow, parquet, json, iceberg (capabilities "
            + CAPABILITIES
            + ")");
  }

  // ---- operations ---------------------------------------------------------------------------

  @Override
  public EngineFrame filter(EngineFrame in, Expr predicate) {
    SparkFrame f = frame(in);
    return SparkErrors.run(
        "planning a filter",
        () ->
            new SparkFrame(
                f.dataset().filter(new ExprTranslator(f.schema()).translate(predicate)),
                f.schema()));
  }

  @Override
  public EngineFrame project(EngineFrame in, List<Expr> columns, Schema out) {
    SparkFrame f = frame(in);
    return SparkErrors.run(
        "planning a projection",
        () -> new SparkFrame(f.dataset().select(outputs(f.schema(), columns)), out, f.rows()));
  }

  @Override
  public EngineFrame groupBy(EngineFrame in, List<Expr> keys, List<Expr> aggregates, Schema out) {
    SparkFrame f = frame(in);
    ExprTranslator t = new ExprTranslator(f.schema());
    return SparkErrors.run(
        "planning an aggregation",
        () -> {
          // Spark groups by the key expressions and computes each aggregate under a plain name;
          // the final projection casts every column to its analysed type.
          Column[] groupKeys = new Column[keys.size()];
          for (int i = 0; i < keys.size(); i++) {
            groupKeys[i] = t.translate(keys.get(i)).as(keys.get(i).outputName());
          }
          Column[] aggs = new Column[aggregates.size()];
          for (int i = 0; i < aggregates.size(); i++) {
            aggs[i] = t.translate(aggregates.get(i)).as(aggregates.get(i).outputName());
          }
          Dataset<org.apache.spark.sql.Row> grouped =
              f.dataset()
                  .groupBy(groupKeys)
                  .agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length));
          return new SparkFrame(grouped.select(castTo(out)), out);
        });
  }

  @Override
  public EngineFrame join(EngineFrame left, EngineFrame right, JoinSpec spec) {
    SparkFrame l = frame(left);
    SparkFrame r = frame(right);
    Schema out = spec.outputSchema(l.schema(), r.schema());
    return SparkErrors.run("planning a join", () -> new SparkFrame(joined(l, r, spec), out));
  }

  /**
   * Both sides' columns are renamed to positional names first: the join condition then never meets
   * two columns of one name (nor a self-join's shared column identities), and the final projection
   * gives exactly {@link JoinSpec#outputs}'s names and order. Key joins match on explicit
   * equalities, where null never equals null.
   */
  private static Dataset<org.apache.spark.sql.Row> joined(
      SparkFrame l, SparkFrame r, JoinSpec spec) {
    List<String> ln = l.schema().names();
    List<String> rn = r.schema().names();
    Dataset<org.apache.spark.sql.Row> left = positional(l, "l");
    Dataset<org.apache.spark.sql.Row> right = positional(r, "r");
    Map<String, Column> bySide = new HashMap<>();
    for (int i = 0; i < rn.size(); i++) {
      bySide.put(rn.get(i), col("r" + i));
    }
    for (int i = 0; i < ln.size(); i++) {
      bySide.put(ln.get(i), col("l" + i));
    }
    Column condition;
    if (spec.condition() != null) {
      Schema both = combined(l.schema(), r.schema());
      condition = new ExprTranslator(both, bySide::get).translate(spec.condition());
    } else {
      condition = null;
      for (String k : spec.keys()) {
        Column eq = col("l" + ln.indexOf(k)).equalTo(col("r" + rn.indexOf(k)));
        condition = condition == null ? eq : condition.and(eq);
      }
    }
    Dataset<org.apache.spark.sql.Row> joined = left.join(right, condition, joinType(spec));
    List<Column> outputs = new ArrayList<>();
    for (JoinSpec.Output o : spec.outputs(l.schema(), r.schema())) {
      Column c =
          switch (o.side()) {
            case LEFT -> col("l" + ln.indexOf(o.column()));
            case RIGHT -> col("r" + rn.indexOf(o.column()));
            case KEY ->
                coalesce(col("l" + ln.indexOf(o.column())), col("r" + rn.indexOf(o.column())));
          };
      outputs.add(c.as(o.name()));
    }
    return joined.select(outputs.toArray(Column[]::new));
  }

  private static Dataset<org.apache.spark.sql.Row> positional(SparkFrame f, String prefix) {
    List<String> names = f.schema().names();
    Column[] cols = new Column[names.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = col(ExprTranslator.quote(names.get(i))).as(prefix + i);
    }
    return f.dataset().select(cols);
  }

  /** The columns a join condition may name: the left's, then the right's of other names. */
  private static Schema combined(Schema left, Schema right) {
    List<io.frameshift.types.Field> fields = new ArrayList<>(left.fields());
    for (io.frameshift.types.Field f : right.fields()) {
      if (!left.contains(f.name())) {
        fields.add(f);
      }
    }
    return Schema.of(fields);
  }

  private static String joinType(JoinSpec spec) {
    return switch (spec.type()) {
      case INNER -> "inner";
      case LEFT -> "left_outer";
      case RIGHT -> "right_outer";
      case FULL -> "full_outer";
      case SEMI -> "left_semi";
      case ANTI -> "left_anti";
    };
  }

  @Override
  public EngineFrame sort(EngineFrame in, List<SortKey> keys) {
    SparkFrame f = frame(in);
    ExprTranslator t = new ExprTranslator(f.schema());
    return SparkErrors.run(
        "planning a sort",
        () ->
            new SparkFrame(
                f.dataset().sort(keys.stream().map(t::sortKey).toArray(Column[]::new)),
                f.schema(),
                f.rows()));
  }

  @Override
  public EngineFrame distinct(EngineFrame in, List<String> columns) {
    SparkFrame f = frame(in);
    return SparkErrors.run(
        "planning distinct", () -> new SparkFrame(deduplicated(f, columns), f.schema()));
  }

  /**
   * Spark's distinct groups float keys after folding -0.0 into 0.0, and outputs the folded key.
   * With a float among the keys, every column is instead taken from one row of its group, so a -0.0
   * written in comes out as -0.0.
   */
  private static Dataset<org.apache.spark.sql.Row> deduplicated(
      SparkFrame f, List<String> columns) {
    List<String> keys = columns.isEmpty() ? f.schema().names() : columns;
    if (keys.stream().noneMatch(k -> f.schema().field(k).type().isFloating())) {
      return columns.isEmpty()
          ? f.dataset().distinct()
          : f.dataset().dropDuplicates(columns.toArray(String[]::new));
    }
    Column[] groupKeys =
        keys.stream().map(k -> col(ExprTranslator.quote(k))).toArray(Column[]::new);
    List<String> names = f.schema().names();
    Column[] firsts = new Column[names.size()];
    for (int i = 0; i < firsts.length; i++) {
      firsts[i] = first(col(ExprTranslator.quote(names.get(i))), false).as("__first" + i);
    }
    Column[] out = new Column[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = col("__first" + i).as(names.get(i));
    }
    return f.dataset()
        .groupBy(groupKeys)
        .agg(firsts[0], java.util.Arrays.copyOfRange(firsts, 1, firsts.length))
        .select(out);
  }

  @Override
  public EngineFrame limit(EngineFrame in, long n) {
    SparkFrame f = frame(in);
    if (n > Integer.MAX_VALUE) {
      throw new EngineException(
          "Spark limits a frame to at most "
              + Integer.MAX_VALUE
              + " rows; limit("
              + n
              + ") asks more");
    }
    return SparkErrors.run(
        "planning a limit",
        () ->
            new SparkFrame(
                f.dataset().limit((int) n), f.schema(), f.rows() < 0 ? -1 : Math.min(n, f.rows())));
  }

  @Override
  public EngineFrame union(EngineFrame left, EngineFrame right, Schema out) {
    SparkFrame l = frame(left);
    SparkFrame r = frame(right);
    long rows = l.rows() < 0 || r.rows() < 0 ? -1 : l.rows() + r.rows();
    return SparkErrors.run(
        "planning a union", () -> new SparkFrame(l.dataset().union(r.dataset()), out, rows));
  }

  @Override
  public EngineFrame window(EngineFrame in, List<Expr> columns, Schema out) {
    SparkFrame f = frame(in);
    return SparkErrors.run(
        "planning window functions",
        () -> {
          List<Column> all = new ArrayList<>();
          for (String n : f.schema().names()) {
            all.add(col(ExprTranslator.quote(n)));
          }
          all.addAll(List.of(outputs(f.schema(), columns)));
          return new SparkFrame(f.dataset().select(all.toArray(Column[]::new)), out, f.rows());
        });
  }

  @Override
  public EngineFrame mapBatches(
      EngineFrame in, io.frameshift.arrow.BatchFunction fn, Schema schema) {
    SparkFrame f = frame(in);
    return SparkErrors.run("planning mapBatches", () -> SparkMapBatches.apply(f, fn, schema));
  }

  /**
   * Per partition in the executors, as {@link #mapBatches}; the rate limit holds per executor JVM,
   * so each gets the spec's rate divided by the number of executors (a local master has one, the
   * driver's JVM). With dynamic allocation the count is the executors registered now: executors
   * added later each get the same share, which then adds up above the limit, so pin the count
   * ({@code spark.dynamicAllocation.enabled=false}) for a strict one.
   */
  @Override
  public EngineFrame enrich(EngineFrame in, EnrichCall call) {
    int executors = executors();
    LOG.info(
        "Enrichment {}: {} calls/s over {} executor JVM(s), {} calls/s each",
        call.spec().name(),
        call.spec().ratePerSecond(),
        executors,
        call.spec().ratePerSecond() / executors);
    // a cluster's executors need the runtime and its libraries besides what mapBatches ships
    SparkJars.ship(session(), EnrichCall.runtime().classes());
    // the executors' calls are counted in their JVMs: an accumulator brings the counts here
    return mapBatches(
        in,
        EnrichCounts.counted(session().sparkContext(), call.runId(), call.function(executors)),
        call.output());
  }

  /**
   * The executor JVMs making calls: 1 on a local master, else those registered (not the driver).
   */
  private int executors() {
    org.apache.spark.SparkContext sc = session().sparkContext();
    if (sc.isLocal()) {
      return 1;
    }
    int registered = sc.getExecutorMemoryStatus().size() - 1;
    int configured = sc.getConf().getInt("spark.executor.instances", 0);
    return Math.max(1, Math.max(registered, configured));
  }

  @Override
  public EngineFrame sample(EngineFrame in, double fraction, long seed) {
    SparkFrame f = frame(in);
    return SparkErrors.run(
        "planning a sample",
        () -> new SparkFrame(f.dataset().sample(false, fraction, seed), f.schema()));
  }

  // ---- actions ------------------------------------------------------------------------------

  @Override
  public List<Row> collect(EngineFrame frame) {
    SparkFrame f = frame(frame);
    return SparkErrors.run(
        "collecting a frame",
        () -> {
          List<org.apache.spark.sql.Row> rows = f.dataset().collectAsList();
          List<Row> out = new ArrayList<>(rows.size());
          for (org.apache.spark.sql.Row r : rows) {
            out.add(SparkTypes.fromSpark(f.schema(), r));
          }
          return out;
        });
  }

  @Override
  public long count(EngineFrame frame) {
    SparkFrame f = frame(frame);
    if (f.rows() >= 0) {
      return f.rows();
    }
    return SparkErrors.run("counting a frame", () -> f.dataset().count());
  }

  /**
   * The row count when known exactly (a frame made from rows, and what keeps its row count), else
   * Spark's estimate from its optimized plan; bytes are always Spark's estimate.
   */
  @Override
  public FrameStats stats(EngineFrame frame) {
    SparkFrame f = frame(frame);
    long rows = f.rows();
    long bytes = -1;
    try {
      if (f.dataset() instanceof org.apache.spark.sql.classic.Dataset<?> classic) {
        Statistics s = classic.queryExecution().optimizedPlan().stats();
        if (s.sizeInBytes().isValidLong() && s.sizeInBytes().longValue() < Long.MAX_VALUE) {
          bytes = s.sizeInBytes().longValue();
        }
        if (rows < 0 && s.rowCount().isDefined() && s.rowCount().get().isValidLong()) {
          rows = s.rowCount().get().longValue();
        }
      }
    } catch (Exception e) {
      // Statistics are advice for placement; a plan Spark cannot estimate has none. Optimizing
      // may evaluate user functions over in-memory rows (and Scala throws SparkException, a
      // checked exception, undeclared): their failure is the action's to report.
    }
    return new FrameStats(rows, bytes, f.rows() >= 0);
  }

  /**
   * {@code Dataset.persist} at the Spark storage level of the same name, then a count that fills
   * the cache at once: later actions on the returned frame, and on every Dataset built on it, read
   * Spark's cached blocks instead of the source, and its row count is exact.
   */
  @Override
  public EngineFrame persist(EngineFrame frame, StorageLevel level) {
    SparkFrame f = frame(frame);
    return SparkErrors.run(
        "caching a frame at " + level,
        () -> {
          // A Dataset plans against the cache once, when first planned: the executor has asked
          // for this one's statistics already, so it would go on reading the source. A new
          // Dataset over the same plan, persisted before anything plans it, reads the cache.
          Dataset<org.apache.spark.sql.Row> unplanned = f.dataset().toDF(f.dataset().columns());
          Dataset<org.apache.spark.sql.Row> kept =
              unplanned.persist(org.apache.spark.storage.StorageLevel.fromString(level.name()));
          return new SparkFrame(kept, f.schema(), kept.count());
        });
  }

  /** {@code Dataset.unpersist}: Spark drops the cached blocks and forgets the cached plan. */
  @Override
  public void unpersist(EngineFrame frame) {
    SparkFrame f = frame(frame);
    SparkErrors.run(
        "releasing a cached frame",
        () -> {
          f.dataset().unpersist();
        });
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (session != null && !handedIn) {
      SparkSessions.release(session);
    }
    session = null;
  }

  // ---- helpers ------------------------------------------------------------------------------

  static SparkFrame frame(EngineFrame f) {
    if (f instanceof SparkFrame s) {
      return s;
    }
    throw new EngineException(
        "The Spark engine cannot operate on a frame of engine '"
            + f.engine()
            + "'; the executor must transfer it to Spark first");
  }

  private static Column[] outputs(Schema input, List<Expr> columns) {
    ExprTranslator t = new ExprTranslator(input);
    return columns.stream().map(e -> t.output(e, e.outputName())).toArray(Column[]::new);
  }

  /** Every column of {@code schema}, cast to its type. */
  static Column[] castTo(Schema schema) {
    return schema.fields().stream()
        .map(
            f ->
                col(ExprTranslator.quote(f.name())).cast(SparkTypes.toSpark(f.type())).as(f.name()))
        .toArray(Column[]::new);
  }
}
