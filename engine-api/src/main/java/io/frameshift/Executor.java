package io.frameshift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.frameshift.error.EngineException;
import io.frameshift.error.FrameshiftException;
import io.frameshift.io.Sink;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.select.Estimator;
import io.frameshift.select.OperationKind;
import io.frameshift.select.PlacedPlan;
import io.frameshift.select.Placement;
import io.frameshift.select.Selector;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.PlanRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: places every node ({@link Selector}), then calls the engines node by node, moving a
 * frame to the next node's engine through Arrow where the placement changes. A node whose engine
 * fails for an engine reason ({@link EngineException}) runs on the other engine where the data
 * fits; a failure that only surfaces when the result is materialised re-runs the plan without the
 * failed engine. User errors are never retried.
 */
final class Executor {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
  private static final Logger SELECT_LOG = LoggerFactory.getLogger("io.frameshift.select");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Below this many input rows a measured time says more about overheads than per-row cost. */
  private static final long LEARN_MIN_ROWS = 50_000;

  private Executor() {}

  /** The frame a plan produced and the engine holding it. */
  record Result(Engine engine, EngineFrame frame) {}

  /** Runs {@code plan} and applies {@code action} to its result, with fallback. */
  static <T> T action(Frameshift fs, LogicalPlan plan, BiFunction<Engine, EngineFrame, T> action) {
    while (true) {
      Engine engine = null;
      try {
        Result r = execute(fs, place(fs, plan));
        engine = r.engine();
        return action.apply(r.engine(), r.frame());
      } catch (EngineException e) {
        String failed = engine != null ? engine.name() : e.getMessage();
        if (engine == null || !fs.fallBackFrom(engine.name(), e)) {
          throw e;
        }
        SELECT_LOG.warn("Re-running the plan without engine {}: {}", failed, e.getMessage());
      }
    }
  }

  static Result run(Frameshift fs, LogicalPlan plan) {
    return action(fs, plan, Result::new);
  }

  static void write(Frameshift fs, LogicalPlan plan, Sink sink) {
    action(
        fs,
        plan,
        (engine, frame) -> {
          LOG.info("Writing {} {} on {}", sink.format().label(), sink.path(), engine.name());
          engine.save(frame, sink);
          return null;
        });
  }

  static PlacedPlan place(Frameshift fs, LogicalPlan plan) {
    Estimator estimator =
        new Estimator(
            frame -> fs.engine(frame.engine()).stats(frame),
            fs.observations()::rows,
            fs::cachedFrame);
    Selector selector =
        new Selector(
            fs.selectorConfig(),
            fs.mode(),
            fs.usableEngines(),
            fs.profile(),
            fs.hasRunOn("spark"),
            estimator);
    return selector.place(plan);
  }

  /**
   * Runs a placed plan. A cached node's kept data stands for its whole subtree; a cached node not
   * computed yet is computed as placed, then persisted on the engine that computed it and kept.
   */
  private static Result execute(Frameshift fs, PlacedPlan placed) {
    LogicalPlan node = placed.node();
    EngineFrame kept = fs.cachedFrame(node);
    if (kept != null) {
      return new Result(fs.engine(kept.engine()), kept);
    }
    if (placed.children().size() < node.children().size()) {
      // placed as cached data that was unpersisted since: its inputs must be placed after all
      return execute(fs, place(fs, node));
    }
    Result r = compute(fs, placed);
    Caches.Entry cached = fs.cacheEntry(node);
    if (cached == null) {
      return r;
    }
    long start = System.nanoTime();
    EngineFrame persisted;
    try {
      persisted = r.engine().persist(r.frame(), cached.level());
    } catch (EngineException e) {
      // keeping the data only saves work: this action goes on without it, the next one tries again
      LOG.warn("Could not cache {} on {}: {}", node.describe(), r.engine().name(), e.getMessage());
      return r;
    }
    LOG.info(
        "Cached {} on {} at {} ({} rows, {} ms)",
        node.describe(),
        r.engine().name(),
        cached.level(),
        r.engine().stats(persisted).rows(),
        (System.nanoTime() - start) / 1_000_000);
    fs.keepCached(node, persisted);
    return new Result(r.engine(), persisted);
  }

  /** Runs a placed node on its engine (or the fallback engine) over its computed inputs. */
  private static Result compute(Frameshift fs, PlacedPlan placed) {
    String placedOn = placed.placement().engine();
    List<Result> inputs = new ArrayList<>();
    for (PlacedPlan c : placed.children()) {
      inputs.add(execute(fs, c));
    }
    // a node placed before its engine failed (an input of this plan made it fail) goes where the
    // fallback went, instead of failing again
    String failedEarlier = fs.failedEngines().get(placedOn);
    String instead = failedEarlier == null ? null : fs.otherEngine(placedOn);
    if (instead != null) {
      return runNode(
          fs,
          placed.node(),
          fs.engine(instead),
          inputs,
          placedOn + " failed earlier in this session: " + failedEarlier);
    }
    Engine engine = fs.engine(placedOn);
    try {
      return runNode(fs, placed.node(), engine, inputs, null);
    } catch (EngineException e) {
      String other = fs.otherEngine(engine.name());
      if (other == null || !fs.fallBackFrom(engine.name(), e)) {
        throw e;
      }
      String why = engine.name() + " failed: " + e.getMessage();
      SELECT_LOG.warn(
          "{} falls back from {} to {}: {}",
          placed.node().describe(),
          engine.name(),
          other,
          e.getMessage());
      fs.listeners()
          .onFallback(
              new FallbackEvent(placed.node().describe(), engine.name(), other, e.getMessage()));
      return runNode(fs, placed.node(), fs.engine(other), inputs, why);
    }
  }

  private static Result runNode(
      Frameshift fs, LogicalPlan node, Engine engine, List<Result> inputs, String fallback) {
    List<EngineFrame> frames = new ArrayList<>();
    long inRows = 0;
    for (Result in : inputs) {
      EngineFrame f = moveTo(fs, in, engine);
      frames.add(f);
      long r = engine.stats(f).rows();
      inRows = inRows < 0 || r < 0 ? -1 : inRows + r;
    }
    if (engine.name().equals("local")) {
      checkLocalMemory(fs, engine, frames);
    }
    long start = System.nanoTime();
    EngineFrame out = PlanRunner.apply(engine, node, frames);
    long nanos = System.nanoTime() - start;
    FrameStats stats = engine.stats(out);
    long outRows = stats.exact() ? stats.rows() : -1;
    OperationKind kind = OperationKind.of(node);
    fs.ranOn(engine.name());
    fs.observations()
        .record(node, new Observations.Observed(engine.name(), outRows, nanos, fallback));
    fs.listeners()
        .onNode(
            new NodeEvent(
                node.describe(),
                kind.name().toLowerCase(Locale.ROOT),
                engine.name(),
                inRows,
                outRows,
                nanos));
    if (engine.name().equals("local") && inRows >= LEARN_MIN_ROWS) {
      fs.learn(engine.name(), kind, inRows, nanos);
    }
    return new Result(engine, out);
  }

  /** The run-time memory guard: the local engine refuses inputs larger than its heap budget. */
  private static void checkLocalMemory(Frameshift fs, Engine local, List<EngineFrame> inputs) {
    long bytes = 0;
    for (EngineFrame f : inputs) {
      bytes += Math.max(0, local.stats(f).bytes());
    }
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    long budget = (long) (free * fs.selectorConfig().heapFraction());
    if (bytes > budget) {
      throw new EngineException(
          "local memory guard: inputs of "
              + bytes / (1 << 20)
              + " MB exceed the budget of "
              + budget / (1 << 20)
              + " MB (frameshift.selector.heapFraction of the free heap)");
    }
  }

  /** Hands a frame to another engine through Arrow batches, released as they are consumed. */
  private static EngineFrame moveTo(Frameshift fs, Result from, Engine to) {
    if (from.engine() == to) {
      return from.frame();
    }
    long start = System.nanoTime();
    EngineFrame moved = to.importArrow(from.engine().exportArrow(from.frame()));
    long nanos = System.nanoTime() - start;
    long rows = to.stats(moved).rows();
    LOG.info(
        "Transferred {} rows from {} to {} in {} ms",
        rows,
        from.engine().name(),
        to.name(),
        nanos / 1_000_000);
    fs.listeners().onTransfer(new TransferEvent(from.engine().name(), to.name(), rows, nanos));
    return moved;
  }

  // ==== explain ==============================================================================

  static String explain(Frameshift fs, LogicalPlan plan) {
    PlacedPlan root = place(fs, plan);
    StringBuilder sb = new StringBuilder("== Frameshift plan (session mode: ").append(fs.mode());
    if (fs.profile() == null) {
      sb.append(", no cost profile: size thresholds");
    } else {
      sb.append(", cost profile of ").append(fs.profile().measuredAt());
    }
    sb.append(") ==\n");
    render(fs, root, "", "", sb);
    return sb.toString();
  }

  private static void render(
      Frameshift fs, PlacedPlan p, String first, String rest, StringBuilder sb) {
    Placement pl = p.placement();
    sb.append(first)
        .append(p.node().describe())
        .append("  [")
        .append(pl.engine())
        .append("] est ")
        .append(pl.estimate());
    Observations.Observed o = fs.observations().get(p.node());
    if (o != null && o.rows() >= 0) {
      sb.append(", actual ").append(o.rows()).append(" rows");
    }
    sb.append(" | ").append(pl.reason());
    Caches.Entry cached = fs.cacheEntry(p.node());
    if (cached != null && fs.cachedFrame(p.node()) == null) {
      sb.append(" | cache ").append(cached.level()).append(" (not yet computed)");
    }
    if (o != null && o.fallback() != null) {
      sb.append(" | last run fell back to ")
          .append(o.engine())
          .append(" (")
          .append(o.fallback())
          .append(')');
    }
    List<String> moves = new ArrayList<>();
    for (PlacedPlan c : p.children()) {
      if (!c.placement().engine().equals(pl.engine())) {
        moves.add(c.placement().engine() + " -> " + pl.engine());
      }
    }
    if (!moves.isEmpty()) {
      sb.append(" | Arrow transfer ").append(String.join(", ", moves));
    }
    sb.append('\n');
    for (int i = 0; i < p.children().size(); i++) {
      boolean last = i == p.children().size() - 1;
      render(
          fs,
          p.children().get(i),
          rest + (last ? "+- " : ":- "),
          rest + (last ? "   " : ":  "),
          sb);
    }
  }

  static String explainJson(Frameshift fs, LogicalPlan plan) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("mode", fs.mode());
    doc.put("profile", fs.profile() == null ? null : fs.profile().measuredAt());
    doc.put("plan", json(fs, place(fs, plan)));
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new FrameshiftException("Cannot render the plan as JSON", e);
    }
  }

  /** The node's cache entry: its level and whether (and where) its data is kept; null if none. */
  private static Map<String, Object> cacheJson(Frameshift fs, LogicalPlan node) {
    Caches.Entry cached = fs.cacheEntry(node);
    if (cached == null) {
      return null;
    }
    EngineFrame kept = fs.cachedFrame(node);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", cached.level().name());
    m.put("computed", kept != null);
    m.put("engine", kept == null ? null : kept.engine());
    return m;
  }

  private static Map<String, Object> json(Frameshift fs, PlacedPlan p) {
    Placement pl = p.placement();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", p.node().describe());
    m.put("kind", OperationKind.of(p.node()).name().toLowerCase(Locale.ROOT));
    m.put("engine", pl.engine());
    m.put("reason", pl.reason());
    m.put("estimatedRows", pl.estimate().rows());
    m.put("estimatedBytes", pl.estimate().bytes());
    m.put("estimateExact", pl.estimate().exact());
    Observations.Observed o = fs.observations().get(p.node());
    m.put("actualRows", o == null || o.rows() < 0 ? null : o.rows());
    m.put("lastRunEngine", o == null ? null : o.engine());
    m.put("fallback", o == null ? null : o.fallback());
    m.put("costMillis", pl.costMillis());
    m.put("cache", cacheJson(fs, p.node()));
    List<String> transfers = new ArrayList<>();
    for (PlacedPlan c : p.children()) {
      if (!c.placement().engine().equals(pl.engine())) {
        transfers.add(c.placement().engine() + "->" + pl.engine());
      }
    }
    m.put("transfersIn", transfers);
    List<Object> kids = new ArrayList<>();
    for (PlacedPlan c : p.children()) {
      kids.add(json(fs, c));
    }
    m.put("children", kids);
    return m;
  }
}
