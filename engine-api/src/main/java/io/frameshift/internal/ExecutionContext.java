package io.frameshift.internal;

import io.frameshift.Frameshift;
import io.frameshift.StorageLevel;
import io.frameshift.error.ConfigurationException;
import io.frameshift.error.SessionClosedException;
import io.frameshift.io.Format;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineProvider;
import io.frameshift.spi.EngineTraits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's actions run with: the engines found on the class path and their traits, the
 * engines started, the settings, the cost profile and what is learned into it, the listeners, what
 * ran where (observations, engines warm, engines failed). The session ({@link Frameshift}) is the
 * user's face and owns one; the analyzer, selector and executor work from it and never call back
 * into the session, so a call runs one way: DataFrame, analyzer, selector, executor, engine.
 */
public final class ExecutionContext implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionContext.class);

  private final Map<String, EngineProvider> providers;
  private final Map<String, Engine> engines = new LinkedHashMap<>();
  private final Map<String, String> config;
  private final String mode;
  private final SelectorConfig selector;
  private final ProgressReporter.Settings progress;
  private final FanOut listeners;
  private final Observations observations = new Observations();
  private final Caches caches = new Caches();
  private final Tables tables;

  /**
   * Plans as they run (scans narrowed), the same object for a plan until its cache marks change.
   */
  private final WeakIdentityMap<Prepared> prepared = new WeakIdentityMap<>(1024);

  private record Prepared(long cacheVersion, LogicalPlan plan) {}

  /**
   * Cached nodes as prepared plans hold them (narrowed inside by {@link Pushdown}), to the node the
   * user cached, which keys the cache.
   */
  private final WeakIdentityMap<LogicalPlan> cachedAs = new WeakIdentityMap<>(1024);

  private long cacheVersion;
  private final Map<String, String> failed = new ConcurrentHashMap<>();
  private final Set<String> warm = ConcurrentHashMap.newKeySet();
  private final Path profilePath;
  private volatile CostProfile profile;
  private volatile boolean profileLearned;

  /** The file the current profile came from; learned updates go back there, and only there. */
  private volatile Path profileFile;

  private boolean closed;

  /**
   * Finds the engines and reads the settings.
   *
   * @param settings the builder's settings, over the layers {@link #layeredConfig} adds
   * @param mode {@code "auto"} or the name of the engine that runs everything
   * @param given engines the application made (e.g. over a Spark session it has), which take the
   *     place of their providers' and are described by their traits
   * @param listeners what receives every node, transfer and fallback event
   */
  public ExecutionContext(
      Map<String, String> settings,
      String mode,
      Collection<Engine> given,
      List<ExecutionListener> listeners) {
    this.providers = discover();
    for (Engine e : given) {
      EngineProvider described = providers.get(e.name());
      if (described == null) {
        throw new ConfigurationException(
            "Engine '"
                + e.name()
                + "' handed to withEngine(..) has no provider on the class path to describe its"
                + " traits; providers found: "
                + providers.keySet());
      }
      providers.put(e.name(), new GivenEngine(e, described.traits()));
      engines.put(e.name(), e);
    }
    List<io.frameshift.spi.TableProvider> tableProviders = Tables.discover();
    Map<String, String> layered = layeredConfig(settings, providers.keySet());
    // the catalogs' settings for engines lie beneath the user's, who may override any of them
    Map<String, String> all = new LinkedHashMap<>(Tables.engineSettings(tableProviders, layered));
    all.putAll(layered);
    this.config = Collections.unmodifiableMap(all);
    this.tables = new Tables(tableProviders, config);
    this.mode = mode;
    this.selector = SelectorConfig.from(config);
    this.progress = ProgressReporter.Settings.from(config);
    this.listeners = new FanOut(new java.util.concurrent.CopyOnWriteArrayList<>(listeners));
    this.profilePath =
        selector.profilePath() != null ? selector.profilePath() : CostProfile.DEFAULT_PATH;
    this.profile = loadProfile();
    if (providers.isEmpty()) {
      throw new ConfigurationException(
          "No Frameshift engine on the class path: add frameshift-engine-local and/or"
              + " frameshift-engine-spark as a dependency");
    }
    if (!mode.equals(Frameshift.AUTO) && !providers.containsKey(mode)) {
      throw new ConfigurationException(
          "Engine '"
              + mode
              + "' is not available; available engines: "
              + providers.keySet()
              + " (or \"auto\"); add frameshift-engine-"
              + mode
              + " to the class path");
    }
  }

  private static Map<String, EngineProvider> discover() {
    Map<String, EngineProvider> found = new LinkedHashMap<>();
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
      found.putIfAbsent(p.name(), p);
    }
    return found;
  }

  /**
   * Settings in rising priority: {@code frameshift.properties} on the class path, the file named by
   * the system property {@code frameshift.config}, system properties starting with {@code
   * frameshift.} or with an engine's name and a dot (such as {@code spark.}), then the builder's.
   */
  private static Map<String, String> layeredConfig(
      Map<String, String> builder, Set<String> engineNames) {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in =
        Frameshift.class.getClassLoader().getResourceAsStream("frameshift.properties")) {
      if (in != null) {
        putAll(out, in);
      }
    } catch (IOException e) {
      throw new ConfigurationException("Cannot read frameshift.properties from the class path", e);
    }
    String file = System.getProperty("frameshift.config");
    if (file != null) {
      try (InputStream in = Files.newInputStream(Paths.get(file))) {
        putAll(out, in);
      } catch (IOException e) {
        throw new ConfigurationException(
            "Cannot read the settings file "
                + file
                + " named by -Dframeshift.config: "
                + e.getMessage(),
            e);
      }
    }
    for (String k : System.getProperties().stringPropertyNames()) {
      int dot = k.indexOf('.');
      String prefix = dot < 0 ? "" : k.substring(0, dot);
      if ((prefix.equals("frameshift") && !k.equals("frameshift.config"))
          || engineNames.contains(prefix)) {
        out.put(k, System.getProperty(k));
      }
    }
    out.putAll(builder);
    return out;
  }

  private static void putAll(Map<String, String> out, InputStream in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    for (String k : p.stringPropertyNames()) {
      out.put(k, p.getProperty(k));
    }
  }

  private CostProfile loadProfile() {
    if (!selector.useProfile()) {
      return null;
    }
    if (Files.exists(profilePath)) {
      CostProfile p = CostProfile.load(profilePath);
      LOG.info("Loaded the cost profile {} (measured {})", profilePath, p.measuredAt());
      profileFile = profilePath;
      return p;
    }
    if (selector.profilePath() != null) {
      throw new ConfigurationException(
          "The cost profile "
              + profilePath
              + " named by frameshift.selector.profile does not exist;"
              + " run io.frameshift.select.Calibration to create it, or set it to none");
    }
    return null;
  }

  // ==== settings =============================================================================

  /** Every setting, layered. */
  public Map<String, String> config() {
    return config;
  }

  /** {@code "auto"} or the name of the engine that runs everything. */
  public String mode() {
    return mode;
  }

  SelectorConfig selectorConfig() {
    return selector;
  }

  // ==== engines ==============================================================================

  /** The names of the engines on the class path, sorted. */
  public Set<String> available() {
    return Collections.unmodifiableSet(new TreeSet<>(providers.keySet()));
  }

  /** Whether the named engine has been made in this session. */
  public synchronized boolean isStarted(String name) {
    return engines.containsKey(name);
  }

  /**
   * The named engine, made on first use.
   *
   * @throws ConfigurationException if no such engine is on the class path (the message lists the
   *     available ones)
   */
  public synchronized Engine engine(String name) {
    checkOpen();
    Engine e = engines.get(name);
    if (e != null) {
      return e;
    }
    e = provider(name).create(config);
    engines.put(name, e);
    LOG.info("Created engine '{}'", name);
    return e;
  }

  private EngineProvider provider(String name) {
    EngineProvider p = providers.get(name);
    if (p == null) {
      throw new ConfigurationException(
          "Engine '" + name + "' is not available; available engines: " + providers.keySet());
    }
    return p;
  }

  /** How the named engine describes itself; known without making it. */
  EngineTraits traits(String name) {
    return provider(name).traits();
  }

  /** The engines that may run nodes: available and not failed in this session, sorted. */
  public Set<String> usable() {
    Set<String> out = new TreeSet<>(providers.keySet());
    out.removeAll(failed.keySet());
    return out;
  }

  /** The usable engines with their traits, sorted by name. */
  Map<String, EngineTraits> usableTraits() {
    Map<String, EngineTraits> out = new LinkedHashMap<>();
    for (String e : usable()) {
      out.put(e, traits(e));
    }
    return out;
  }

  /**
   * Where data handed in from this JVM (Arrow batches) goes: the session's engine, or in AUTO mode
   * the first in-process engine by name, which takes it without leaving the process (else the first
   * engine found).
   */
  public String arrowTarget() {
    if (!mode.equals(Frameshift.AUTO)) {
      return mode;
    }
    for (String e : new TreeSet<>(providers.keySet())) {
      if (traits(e).reach() == EngineTraits.Reach.IN_PROCESS) {
        return e;
      }
    }
    return providers.keySet().iterator().next();
  }

  /**
   * The engine that infers the schema of a {@code format} source: the session's engine, or in AUTO
   * mode one that says it is the default for inference, else any that reads the format.
   */
  /** The table catalogs of this session. */
  public Tables tables() {
    return tables;
  }

  public String inferringEngine(Format format) {
    if (!mode.equals(Frameshift.AUTO)) {
      return mode;
    }
    String reader = null;
    for (String e : new TreeSet<>(providers.keySet())) {
      EngineTraits t = traits(e);
      if (t.reads(format) && t.inferenceDefault()) {
        return e;
      }
      if (reader == null && t.reads(format)) {
        reader = e;
      }
    }
    return reader != null ? reader : new TreeSet<>(providers.keySet()).first();
  }

  /** The engines a node has run on in this session: their start-up is behind them. */
  Set<String> warmEngines() {
    return Set.copyOf(warm);
  }

  void ranOn(String engine) {
    warm.add(engine);
  }

  /**
   * The engine that takes over from {@code name}, or null: a usable engine of the other reach (what
   * failed in-process may fit a cluster, and the other way round), else any other usable one.
   */
  String otherEngine(String name) {
    EngineTraits.Reach failedReach = traits(name).reach();
    String any = null;
    for (String e : usable()) {
      if (e.equals(name)) {
        continue;
      }
      if (traits(e).reach() != failedReach) {
        return e;
      }
      if (any == null) {
        any = e;
      }
    }
    return any;
  }

  /**
   * Marks {@code engine} failed for the rest of the session if another engine can take over; false
   * (nothing marked) when it had failed already or no other engine is usable, or when the session
   * mode names the engine.
   */
  boolean fallBackFrom(String engine, RuntimeException cause) {
    if (failed.containsKey(engine)
        || otherEngine(engine) == null
        || !mode.equals(Frameshift.AUTO)) {
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

  // ==== what runs tell ========================================================================

  ExecutionListener listeners() {
    return listeners;
  }

  /** Adds a listener for the events from now on (a pipeline run records its own). */
  public void addListener(ExecutionListener l) {
    listeners.all().add(l);
  }

  /** Removes a listener added earlier; no-op if it is not registered. */
  public void removeListener(ExecutionListener l) {
    listeners.all().remove(l);
  }

  Observations observations() {
    return observations;
  }

  /**
   * A reporter of one read or write, to the listeners and the log, as the session's settings say.
   *
   * @param total the bytes the work comes to, -1 when unknown; asked only if an event is made
   */
  ProgressReporter progress(
      ProgressEvent.Direction direction, String target, String engine, LongSupplier total) {
    return new ProgressReporter(
        direction, target, engine, total, listeners, progress, System::nanoTime);
  }

  /** The cost profile the selector uses, or null when it uses the size thresholds. */
  public CostProfile profile() {
    return profile;
  }

  /**
   * Uses {@code p} from now on. What is learned about it stays in memory: only a profile loaded
   * from a file is saved back, to that file.
   */
  public void useProfile(CostProfile p) {
    this.profile = p;
    this.profileFile = null;
    this.profileLearned = false;
  }

  /** Moves the profile towards a measured run of an eager engine's node. */
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

  // ==== plans as they run =====================================================================

  /**
   * {@code plan} as it runs: scans told the columns and conditions the plan above them needs
   * ({@link Pushdown}), never rewriting a cached node. The same rewritten object comes back for the
   * same plan while no cache mark changes, so what a run observes of its nodes serves later
   * estimates and {@code explain()}.
   */
  synchronized LogicalPlan prepare(LogicalPlan plan) {
    Prepared p = prepared.get(plan);
    if (p != null && p.cacheVersion() == cacheVersion) {
      return p.plan();
    }
    LogicalPlan out = Pushdown.apply(plan, node -> caches.get(node) != null, cachedAs::put);
    if (out != plan) {
      prepared.put(plan, new Prepared(cacheVersion, out));
    }
    return out;
  }

  // ==== cached frames ========================================================================

  /** Marks {@code node} to be kept at {@code level} once computed ({@code DataFrame.persist}). */
  public void cache(LogicalPlan node, StorageLevel level) {
    checkOpen();
    Caches.Entry before = caches.mark(node, level);
    cacheMarksChanged();
    if (before != null && before.level() != level) {
      LOG.warn(
          "{} is already cached at {}; keeping that level (unpersist() it first to change it to {})",
          node.describe(),
          before.level(),
          level);
    }
  }

  /** Forgets {@code node}'s cache entry and releases its data ({@code DataFrame.unpersist}). */
  public void uncache(LogicalPlan node) {
    Caches.Entry e = caches.remove(node);
    cacheMarksChanged();
    if (e != null && e.computed()) {
      release(e.frame());
    }
  }

  private synchronized void cacheMarksChanged() {
    cacheVersion++;
  }

  /** The level {@code node} is cached at, or empty when it is not cached. */
  public Optional<StorageLevel> cacheLevel(LogicalPlan node) {
    Caches.Entry e = caches.get(cacheKey(node));
    return e == null ? Optional.empty() : Optional.of(e.level());
  }

  /** The cache entry of {@code node}, or null when it is not cached. */
  Caches.Entry cacheEntry(LogicalPlan node) {
    return caches.get(cacheKey(node));
  }

  /** The node the user cached that {@code node} stands for ({@link #prepare}), else itself. */
  private synchronized LogicalPlan cacheKey(LogicalPlan node) {
    LogicalPlan original = cachedAs.get(node);
    return original == null ? node : original;
  }

  /**
   * The data kept for {@code node}, or null when it is not cached, not computed yet, or held by an
   * engine that failed in this session (the node is then computed again elsewhere).
   */
  EngineFrame cachedFrame(LogicalPlan node) {
    Caches.Entry e = caches.get(cacheKey(node));
    return e == null || !e.computed() || failed.containsKey(e.frame().engine()) ? null : e.frame();
  }

  /** Keeps {@code frame}, computed for the cached {@code node}, unless it was unpersisted since. */
  void keepCached(LogicalPlan node, EngineFrame frame) {
    EngineFrame dropped = caches.keep(cacheKey(node), frame);
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

  // ==== life cycle ===========================================================================

  /**
   * @throws SessionClosedException once the session is closed
   */
  public synchronized void checkOpen() {
    if (closed) {
      throw new SessionClosedException("This Frameshift session is closed; open a new one");
    }
  }

  /** Saves what was learned into a profile loaded from a file, and closes every engine made. */
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
    try {
      tables.close();
    } catch (RuntimeException ex) {
      first = ex;
    }
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
  private record GivenEngine(Engine engine, EngineTraits traits) implements EngineProvider {
    @Override
    public String name() {
      return engine.name();
    }

    @Override
    public Engine create(Map<String, String> config) {
      return engine;
    }
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

    @Override
    public void onProgress(ProgressEvent e) {
      each(l -> l.onProgress(e));
    }

    @Override
    public void onEnrich(io.frameshift.metrics.EnrichEvent e) {
      each(l -> l.onEnrich(e));
    }

    private void each(Consumer<ExecutionListener> call) {
      for (ExecutionListener l : all) {
        try {
          call.accept(l);
        } catch (RuntimeException ex) {
          LOG.warn("Execution listener {} failed: {}", l, ex.toString());
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ExecutionContext[mode="
        + mode
        + ", engines="
        + new ArrayList<>(providers.keySet())
        + "]";
  }
}
