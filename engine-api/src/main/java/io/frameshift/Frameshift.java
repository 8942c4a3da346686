package io.frameshift;

import io.frameshift.error.ConfigurationException;
import io.frameshift.internal.Analyzer;
import io.frameshift.internal.ExecutionContext;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.Metrics;
import io.frameshift.select.CostProfile;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Frameshift session: the engines found on the class path, the settings, and the entry points
 * that make {@link DataFrame}s. Engines start lazily: a program that never runs a node on Spark
 * never starts a Spark session. Close the session to stop the engines it started and release every
 * frame it {@linkplain DataFrame#cache() cached}.
 *
 * <pre>{@code
 * try (Frameshift fs = Frameshift.builder().engine("auto").build()) {
 *   DataFrame orders = fs.read().csv("data/orders.csv");
 *   orders.groupBy("country").agg(sum("amount").as("total")).show();
 * }
 * }</pre>
 */
public final class Frameshift implements AutoCloseable {
  /** Run every node on the engine the selector picks. */
  public static final String AUTO = "auto";

  private static final Logger LOG = LoggerFactory.getLogger(Frameshift.class);

  private final ExecutionContext execution;
  private final String joinSuffix;
  private final Metrics metrics = new Metrics();

  /** The user functions SQL text may call, by lower-case name. */
  private final Map<String, io.frameshift.expr.UserFunction> functions =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  private Frameshift(Builder b) {
    List<ExecutionListener> listeners = new ArrayList<>();
    listeners.add(metrics);
    listeners.addAll(b.listeners);
    this.execution = new ExecutionContext(b.config, b.engine, b.instances.values(), listeners);
    this.joinSuffix = b.joinSuffix;
    LOG.info("Frameshift session: mode {}, engines available {}", b.engine, execution.available());
  }

  /** A session with every default: AUTO placement, engines found on the class path. */
  public static Frameshift create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What this session's actions run with; for the frames of this package. */
  ExecutionContext execution() {
    return execution;
  }

  /** Starts reading a source: {@code fs.read().option("header", "true").csv(path)}. */
  public DataFrameReader read() {
    execution.checkOpen();
    return new DataFrameReader(this);
  }

  /** A frame of the given rows, each built with {@link Row#of(Schema, Object...)}. */
  public DataFrame createDataFrame(Schema schema, List<Row> rows) {
    execution.checkOpen();
    return new DataFrame(this, Analyzer.values(schema, rows));
  }

  /** A frame of rows given as value arrays in schema order. */
  public DataFrame createDataFrame(Schema schema, Object[]... rows) {
    List<Row> out = new ArrayList<>(rows.length);
    for (Object[] r : rows) {
      out.add(Row.of(schema, r));
    }
    return createDataFrame(schema, out);
  }

  /**
   * A frame holding the data of Arrow batches, which this method consumes and closes. The data is
   * imported into the session's engine, or in AUTO mode into an in-process engine when there is one
   * (the batches are in this JVM already), and from there placed like any other frame.
   */
  public DataFrame fromArrow(io.frameshift.arrow.ArrowBatches batches) {
    execution.checkOpen();
    Engine target = execution.engine(execution.arrowTarget());
    return new DataFrame(this, Analyzer.existing(target.importArrow(batches)));
  }

  /**
   * Wraps a frame an engine already holds; for engine modules' escape hatches such as {@code
   * LocalFrames.of(..)} and {@code SparkFrames.of(..)}.
   */
  public DataFrame wrap(EngineFrame frame) {
    execution.checkOpen();
    execution.engine(frame.engine());
    return new DataFrame(this, Analyzer.existing(frame));
  }

  /**
   * The catalog {@code name}, configured by {@code frameshift.catalog.NAME.*} settings (with a
   * table module on the class path, {@code lake} is an embedded catalog when nothing is
   * configured).
   *
   * @throws io.frameshift.error.ConfigurationException if no such catalog is configured (the
   *     message lists the configured ones)
   */
  public Catalog catalog(String name) {
    execution.checkOpen();
    return new Catalog(this, execution.tables().catalog(name));
  }

  /**
   * The table {@code catalog.namespace.table}.
   *
   * @throws io.frameshift.error.TableNotFoundException if it does not exist
   */
  public Table table(String name) {
    execution.checkOpen();
    return new Table(this, execution.tables().load(name));
  }

  /**
   * Registers user functions so that SQL text can call them by name: {@code df.filter("tax(amount,
   * country) > 3")}. Names are case-insensitive, as the built-in functions' are; a function
   * registered under a name already taken replaces the earlier one (frames built before keep the
   * function they were bound to). Returns this session.
   */
  public Frameshift register(io.frameshift.expr.UserFunction... functions) {
    for (io.frameshift.expr.UserFunction f : functions) {
      this.functions.put(f.name().toLowerCase(java.util.Locale.ROOT), f);
    }
    return this;
  }

  /** The registered user functions by name, sorted. */
  public Map<String, io.frameshift.expr.UserFunction> functions() {
    Map<String, io.frameshift.expr.UserFunction> out = new java.util.TreeMap<>();
    functions.values().forEach(f -> out.put(f.name(), f));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The registry analysis binds names in, keyed by lower-case name; for frames. */
  Map<String, io.frameshift.expr.UserFunction> functionRegistry() {
    return functions;
  }

  /** The names of the engines on the class path. */
  public Set<String> availableEngines() {
    return execution.available();
  }

  /** The session's engine mode: {@code "auto"} or an engine name. */
  public String mode() {
    return execution.mode();
  }

  /** The suffix given to clashing right-side column names in joins. */
  public String joinSuffix() {
    return joinSuffix;
  }

  /** Every setting given to the builder. */
  public Map<String, String> config() {
    return execution.config();
  }

  /** The cost profile the selector uses, or null when it uses the size thresholds. */
  public CostProfile profile() {
    return execution.profile();
  }

  /**
   * Uses {@code p} from now on (e.g. one just measured by calibration). What the session learns
   * about it stays in memory: only a profile loaded from a file is saved back, to that file.
   */
  public void useProfile(CostProfile p) {
    execution.useProfile(p);
  }

  /** Running totals per engine, transfers and fallbacks of this session. */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * Receives the events of every node run, transfer and fallback from now on, like a listener given
   * to the builder; for tools that observe one stretch of a session's work (a pipeline run's
   * report). Remove it with {@link #removeListener} when that stretch ends.
   */
  public void addListener(ExecutionListener listener) {
    execution.addListener(listener);
  }

  /** Stops sending events to a listener added with {@link #addListener}. */
  public void removeListener(ExecutionListener listener) {
    execution.removeListener(listener);
  }

  /** The engines that failed in this session, with the failure. */
  public Map<String, String> failedEngines() {
    return execution.failedEngines();
  }

  /** Whether the named engine has been created in this session. */
  public boolean isStarted(String name) {
    return execution.isStarted(name);
  }

  /**
   * The named engine, created on first use.
   *
   * @throws ConfigurationException if no such engine is on the class path (the message lists the
   *     available ones)
   */
  public Engine engine(String name) {
    return execution.engine(name);
  }

  /** Releases every cached frame, then stops every engine this session started. */
  @Override
  public void close() {
    execution.close();
  }

  /** Settings of a session. */
  public static final class Builder {
    private final Map<String, String> config = new LinkedHashMap<>();
    private final Map<String, Engine> instances = new LinkedHashMap<>();
    private final List<ExecutionListener> listeners = new ArrayList<>();
    private String engine = AUTO;
    private String joinSuffix = io.frameshift.spi.JoinSpec.DEFAULT_SUFFIX;

    private Builder() {}

    /** {@code "auto"} (the default), {@code "local"} or {@code "spark"}. */
    public Builder engine(String name) {
      this.engine = name.trim();
      return this;
    }

    /**
     * A setting: {@code spark.*} keys pass through to Spark; {@code frameshift.*} keys tune
     * Frameshift (see docs/selector.md).
     */
    public Builder config(String key, String value) {
      config.put(key, value);
      return this;
    }

    public Builder config(Map<String, String> settings) {
      config.putAll(settings);
      return this;
    }

    /**
     * Uses this engine instance under its name instead of making one from the class path, e.g.
     * {@code SparkEngine.of(existingSparkSession)}. The session closes it with the others. The
     * engine's provider must be on the class path too: its traits describe the instance.
     */
    public Builder withEngine(Engine instance) {
      instances.put(instance.name(), instance);
      return this;
    }

    /** Receives an event for every node run, transfer and fallback. */
    public Builder listener(ExecutionListener listener) {
      listeners.add(listener);
      return this;
    }

    /** The suffix for clashing right-side column names in joins; {@code "_right"} by default. */
    public Builder joinSuffix(String suffix) {
      if (suffix == null || suffix.isEmpty()) {
        throw new ConfigurationException("joinSuffix must be a non-empty string");
      }
      this.joinSuffix = suffix;
      return this;
    }

    public Frameshift build() {
      return new Frameshift(this);
    }
  }

  @Override
  public String toString() {
    return "Frameshift[mode=" + execution.mode() + ", engines=" + execution.available() + "]";
  }
}
