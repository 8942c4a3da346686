package io.frameshift;

import io.frameshift.error.FrameshiftException;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.Metrics;
import io.frameshift.plan.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.select.SelectorConfig;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineProvider;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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

  private final Map<String, EngineProvider> providers;
  private final Map<String, Engine> engines = new LinkedHashMap<>();
  private final Map<String, String> config;
  private final String mode;
  private final String joinSuffix;
  private final SelectorConfig selector;
  private final Metrics metrics = new Metrics();
  private final List<ExecutionListener> listeners = new ArrayList<>();
  private final ExecutionListener fanOut;
  private final Observations observations = new Observations();
  private final Caches caches = new Caches();
  private final Map<String, String> failed = new ConcurrentHashMap<>();
  private final Set<String> ranOn = ConcurrentHashMap.newKeySet();
  private volatile CostProfile profile;
  private final Path profilePath;
  private volatile boolean profileLearned;

  /** The file the current profile came from; learned updates go back there, and only there. */
  private volatile Path profileFile;

  private boolean closed;

  private Frameshift(Builder b) {
    this.config = Collections.unmodifiableMap(layeredConfig(b.config));
    this.providers = discover();
    // engines handed in by the application (e.g. SparkEngine.of(existingSession)) win over
    // providers of the same name
    for (Engine e : b.instances.values()) {
      providers.put(e.name(), new GivenEngine(e));
      engines.put(e.name(), e);
    }
    this.mode = b.engine;
    this.joinSuffix = b.joinSuffix;
    this.selector = SelectorConfig.from(config);
    this.listeners.add(metrics);
    this.listeners.addAll(b.listeners);
    this.fanOut = new FanOut(List.copyOf(listeners));
    this.profilePath =
        selector.profilePath() != null ? selector.profilePath() : CostProfile.DEFAULT_PATH;
    this.profile = loadProfile();
    if (providers.isEmpty()) {
      throw new FrameshiftException(
          "No Frameshift engine on the class path: add frameshift-engine-local and/or"
              + " frameshift-engine-spark as a dependency");
    }
    if (!mode.equals(AUTO) && !providers.containsKey(mode)) {
      throw new FrameshiftException(
          "Engine '"
              + mode
              + "' is not available; available engines: "
              + providers.keySet()
              + " (or \"auto\"); add frameshift-engine-"
              + mode
              + " to the class path");
    }
    LOG.info("Frameshift session: mode {}, engines available {}", mode, providers.keySet());
  }

  /**
   * Settings in rising priority: {@code frameshift.properties} on the class path, the file named by
   * the system property {@code frameshift.config}, system properties starting with {@code
   * frameshift.} or {@code spark.}, then the builder's.
   */
  private static Map<String, String> layeredConfig(Map<String, String> builder) {
    Map<String, String> out = new LinkedHashMap<>();
    try (java.io.InputStream in =
        Frameshift.class.getClassLoader().getResourceAsStream("frameshift.properties")) {
      if (in != null) {
        putAll(out, in);
      }
    } catch (java.io.IOException e) {
      throw new FrameshiftException("Cannot read frameshift.properties from the class path", e);
    }
    String file = System.getProperty("frameshift.config");
    if (file != null) {
      try (java.io.InputStream in =
          java.nio.file.Files.newInputStream(java.nio.file.Paths.get(file))) {
        putAll(out, in);
      } catch (java.io.IOException e) {
        throw new FrameshiftException(
            "Cannot read the settings file "
                + file
                + " named by -Dframeshift.config: "
                + e.getMessage(),
            e);
      }
    }
    for (String k : System.getProperties().stringPropertyNames()) {
      if ((k.startsWith("frameshift.") && !k.equals("frameshift.config"))
          || k.startsWith("spark.")) {
        out.put(k, System.getProperty(k));
      }
    }
    out.putAll(builder);
    return out;
  }

  private static void putAll(Map<String, String> out, java.io.InputStream in)
      throws java.io.IOException {
    java.util.Properties p = new java.util.Properties();
    p.load(in);
    for (String k : p.stringPropertyNames()) {
      out.put(k, p.getProperty(k));
    }
  }

  private CostProfile loadProfile() {
    if (!selector.useProfile()) {
      return null;
    }
    if (java.nio.file.Files.exists(profilePath)) {
      CostProfile p = CostProfile.load(profilePath);
      LOG.info("Loaded the cost profile {} (measured {})", profilePath, p.measuredAt());
      profileFile = profilePath;
      return p;
    }
    if (selector.profilePath() != null) {
      throw new FrameshiftException(
          "The cost profile "
              + profilePath
              + " named by frameshift.selector.profile does not exist;"
              + " run io.frameshift.select.Calibration to create it, or set it to none");
    }
    return null;
  }

  /** A session with every default: AUTO placement, engines found on the class path. */
  public static Frameshift create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static Map<String, EngineProvider> discover() {
    Map<String, EngineProvider> found = new LinkedHashMap<>();
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
      found.putIfAbsent(p.name(), p);
    }
    return found;
  }

  /** Starts reading a source: {@code fs.read().option("header", "true").csv(path)}. */
  public DataFrameReader read() {
    checkOpen();
    return new DataFrameReader(this);
  }

  /** A frame of the given rows, each built with {@link Row#of(Schema, Object...)}. */
  public DataFrame createDataFrame(Schema schema, List<Row> rows) {
    checkOpen();
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
   * imported into the local engine when there is one (else into the session's engine), and from
   * there placed like any other frame.
   */
  public DataFrame fromArrow(io.frameshift.arrow.ArrowBatches batches) {
    checkOpen();
    String target =
        providers.containsKey("local") && !mode.equals("spark") ? "local" : defaultEngine();
    return new DataFrame(this, Analyzer.existing(engine(target).importArrow(batches)));
  }

  private String defaultEngine() {
    return mode.equals(AUTO) ? providers.keySet().iterator().next() : mode;
  }

  /**
   * Wraps a frame an engine already holds; for engine modules' escape hatches such as {@code
   * LocalFrames.of(..)} and {@code SparkFrames.of(..)}.
   */
  public DataFrame wrap(EngineFrame frame) {
    checkOpen();
    engine(frame.engine());
    return new DataFrame(this, Analyzer.existing(frame));
  }

  /** The names of the engines on the class path. */
  public Set<String> availableEngines() {
    return Collections.unmodifiableSet(new TreeSet<>(providers.keySet()));
  }

  /** The session's engine mode: {@code "auto"} or an engine name. */
  public String mode() {
    return mode;
  }

  /** The suffix given to clashing right-side column names in joins. */
  public String joinSuffix() {
    return joinSuffix;
  }

  /** Every setting given to the builder. */
  public Map<String, String> config() {
    return config;
  }

  SelectorConfig selectorConfig() {
    return selector;
  }

  /** The cost profile the selector uses, or null when it uses the size thresholds. */
  public CostProfile profile() {
    return profile;
  }

  /**
   * Uses {@code p} from now on (e.g. one just measured by calibration). What the session learns
   * about it stays in memory: only a profile loaded from a file is saved back, to that file.
   */
  public void useProfile(CostProfile p) {
    this.profile = p;
    this.profileFile = null;
    this.profileLearned = false;
  }

  /** Running totals per engine, transfers and fallbacks of this session. */
  public Metrics metrics() {
    return metrics;
  }

  ExecutionListener listeners() {
    return fanOut;
  }

  Observations observations() {
    return observations;
  }

  /** Marks {@code node} to be kept at {@code level} once computed ({@link DataFrame#persist}). */
  void cache(LogicalPlan node, StorageLevel level) {
    checkOpen();
    Caches.Entry before = caches.mark(node, level);
    if (before != null && before.level() != level) {
      LOG.warn(
          "{} is already cached at {}; keeping that level (unpersist() it first to change it to {})",
          node.describe(),
          before.level(),
          level);
    }
  }

  /** Forgets {@code node}'s cache entry and releases its data ({@link DataFrame#unpersist}). */
  void uncache(LogicalPlan node) {
    Caches.Entry e = caches.remove(node);
    if (e != null && e.computed()) {
      release(e.frame());
    }
  }

  /** The cache entry of {@code node}, or null when it is not cached. */
  Caches.Entry cacheEntry(LogicalPlan node) {
    return caches.get(node);
  }

  /**
   * The data kept for {@code node}, or null when it is not cached, not computed yet, or held by an
   * engine that failed in this session (the node is then computed again elsewhere).
   */
  EngineFrame cachedFrame(LogicalPlan node) {
    Caches.Entry e = caches.get(node);
    return e == null || !e.computed() || failed.containsKey(e.frame().engine()) ? null : e.frame();
  }

  /** Keeps {@code frame}, computed for the cached {@code node}, unless it was unpersisted since. */
  void keepCached(LogicalPlan node, EngineFrame frame) {
    EngineFrame dropped = caches.keep(node, frame);
    if (dropped != null) {
      release(dropped);
    }
  }

  /** Unpersists a kept frame on its engine; a failure to release is logged, not thrown. */
  private synchronized void release(EngineFrame frame) {
    Engine owner = engines.get(frame.engine());
    if (owner == null) {
      return;
    }
    try {
      owner.unpersist(frame);
    } catch (RuntimeException e) {
      LOG.warn("Could not release a cached {} frame: {}", frame.engine(), e.getMessage());
    }
  }

  /** Moves the profile towards a measured run (local nodes only: Spark's are lazy). */
  void learn(String engine, OperationKind kind, long inputRows, long nanos) {
    CostProfile p = profile;
    if (p == null || !selector.learn() || inputRows <= 0) {
      return;
    }
    CostProfile.EngineCosts c = p.engines().get(engine);
    if (c == null) {
      return;
    }
    double perRow = (nanos - c.overheadMillis() * 1e6) / inputRows;
    profile = p.learn(engine, kind, perRow, 0.2);
    profileLearned = true;
  }

  boolean hasRunOn(String engine) {
    return ranOn.contains(engine);
  }

  void ranOn(String engine) {
    ranOn.add(engine);
  }

  /** The engines that may run nodes: available and not failed in this session. */
  Set<String> usableEngines() {
    Set<String> out = new TreeSet<>(providers.keySet());
    out.removeAll(failed.keySet());
    return out;
  }

  /** An engine other than {@code name} that may run nodes, or null. */
  String otherEngine(String name) {
    for (String e : usableEngines()) {
      if (!e.equals(name)) {
        return e;
      }
    }
    return null;
  }

  /**
   * Marks {@code engine} failed for the rest of the session if another engine can take over; false
   * (nothing marked) when it had failed already or no other engine is usable, or when the session
   * mode names the engine.
   */
  boolean fallBackFrom(String engine, RuntimeException cause) {
    if (failed.containsKey(engine) || otherEngine(engine) == null || !mode.equals(AUTO)) {
      return false;
    }
    failed.put(engine, String.valueOf(cause.getMessage()));
    LOG.warn(
        "Engine '{}' failed and is not used again in this session: {}", engine, cause.getMessage());
    return true;
  }

  /** The engines that failed in this session, with the failure. */
  public Map<String, String> failedEngines() {
    return Map.copyOf(failed);
  }

  /** Hands every event to each listener; a listener that throws is logged, not propagated. */
  private record FanOut(List<ExecutionListener> all) implements ExecutionListener {
    @Override
    public void onNode(io.frameshift.metrics.NodeEvent e) {
      each(l -> l.onNode(e));
    }

    @Override
    public void onTransfer(io.frameshift.metrics.TransferEvent e) {
      each(l -> l.onTransfer(e));
    }

    @Override
    public void onFallback(io.frameshift.metrics.FallbackEvent e) {
      each(l -> l.onFallback(e));
    }

    private void each(java.util.function.Consumer<ExecutionListener> call) {
      for (ExecutionListener l : all) {
        try {
          call.accept(l);
        } catch (RuntimeException ex) {
          LOG.warn("Execution listener {} failed: {}", l, ex.toString());
        }
      }
    }
  }

  /** Whether the named engine has been created in this session. */
  public synchronized boolean isStarted(String name) {
    return engines.containsKey(name);
  }

  /**
   * The named engine, created on first use.
   *
   * @throws FrameshiftException if no such engine is on the class path (the message lists the
   *     available ones)
   */
  public synchronized Engine engine(String name) {
    checkOpen();
    Engine e = engines.get(name);
    if (e != null) {
      return e;
    }
    EngineProvider p = providers.get(name);
    if (p == null) {
      throw new FrameshiftException(
          "Engine '" + name + "' is not available; available engines: " + providers.keySet());
    }
    e = p.create(config);
    engines.put(name, e);
    LOG.info("Created engine '{}'", name);
    return e;
  }

  private void checkOpen() {
    if (closed) {
      throw new FrameshiftException("This Frameshift session is closed");
    }
  }

  /** Releases every cached frame, then stops every engine this session started. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Path file = profileFile;
    if (profileLearned && profile != null && file != null) {
      try {
        profile.save(file);
        LOG.info("Saved the updated cost profile to {}", file);
      } catch (RuntimeException e) {
        LOG.warn("Could not save the updated cost profile to {}: {}", file, e.getMessage());
      }
    }
    for (EngineFrame kept : caches.clear()) {
      release(kept);
    }
    RuntimeException first = null;
    for (Engine e : engines.values()) {
      try {
        e.close();
      } catch (RuntimeException ex) {
        if (first == null) {
          first = ex;
        } else {
          first.addSuppressed(ex);
        }
      }
    }
    engines.clear();
    if (first != null) {
      throw first;
    }
  }

  /** A provider standing for an engine instance the application handed in. */
  private record GivenEngine(Engine engine) implements EngineProvider {
    @Override
    public String name() {
      return engine.name();
    }

    @Override
    public Engine create(Map<String, String> config) {
      return engine;
    }
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
     * {@code SparkEngine.of(existingSparkSession)}. The session closes it with the others.
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
        throw new FrameshiftException("joinSuffix must be a non-empty string");
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
    return "Frameshift[mode="
        + mode
        + ", engines="
        + Arrays.toString(providers.keySet().toArray())
        + "]";
  }
}
