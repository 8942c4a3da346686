package io.frameshift.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.error.EngineException;
import io.frameshift.error.FrameshiftException;
import io.frameshift.error.MemoryGuardException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Format;
import io.frameshift.io.Sink;
import io.frameshift.io.Source;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.metrics.TransferEvent;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Scan;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineTraits;
import io.frameshift.spi.FrameStats;
import io.frameshift.spi.PlanRunner;
import io.frameshift.spi.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan: places every node ({@link Selector}), then calls the engines node by node, moving a
 * frame to the next node's engine through Arrow where the placement changes. A node whose engine
 * fails for an engine reason ({@link EngineException}) runs on another engine, chosen by traits; a
 * failure that only surfaces when the result is materialised re-runs the plan without the failed
 * engine. User errors are never retried. Like the selector, it decides from the engines' {@link
 * EngineTraits}, never from their names.
 */
public final class Executor {
  private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
  private static final Logger SELECT_LOG = LoggerFactory.getLogger("io.frameshift.select");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Below this many input rows a measured time says more about overheads than per-row cost. */
  private static final long LEARN_MIN_ROWS = 50_000;

  private Executor() {}

  /** The frame a plan produced and the engine holding it. */
  public record Result(Engine engine, EngineFrame frame) {}

  /** Runs {@code plan} and applies {@code action} to its result, with fallback. */
  public static <T> T action(
      ExecutionContext ctx, LogicalPlan plan, BiFunction<Engine, EngineFrame, T> action) {
    return withFallback(
        ctx,
        plan,
        (placed, r) ->
            tracked(ctx, r.engine(), placed, null, () -> action.apply(r.engine(), r.frame())));
  }

  /** Runs {@code plan}; the result stays on the engine that computed it. */
  public static Result run(ExecutionContext ctx, LogicalPlan plan) {
    return withFallback(ctx, plan, (placed, r) -> r);
  }

  /** Runs {@code plan} and writes the result to {@code sink}. */
  public static void write(ExecutionContext ctx, LogicalPlan plan, Sink sink) {
    withFallback(
        ctx,
        plan,
        (placed, r) -> {
          Engine writer = writerOf(ctx, r.engine(), sink);
          EngineFrame f = moveTo(ctx, r, placed, writer);
          LOG.info("Writing {} {} on {}", sink.format().label(), sink.path(), writer.name());
          ProgressReporter written =
              ctx.progress(
                  ProgressEvent.Direction.WRITE,
                  sink.format().label() + " " + sink.path(),
                  writer.name(),
                  () -> -1);
          // moved, the frame was computed on the way: only a frame written where it was computed
          // reads its sources now
          return tracked(
              ctx,
              writer,
              writer == r.engine() ? placed : null,
              written,
              () -> {
                writer.save(f, sink, written);
                return null;
              });
        });
  }

  /**
   * Places and runs {@code plan} and applies {@code finish} to the placed plan and its result; a
   * failure of the result's engine for an engine reason re-runs the plan without that engine.
   */
  private static <T> T withFallback(
      ExecutionContext ctx, LogicalPlan plan, BiFunction<PlacedPlan, Result, T> finish) {
    while (true) {
      Engine engine = null;
      try {
        PlacedPlan placed = place(ctx, ctx.prepare(plan));
        List<EnrichWatch> watches = EnrichWatch.start(ctx, placed);
        try {
          Result r = execute(ctx, placed);
          engine = r.engine();
          return finish.apply(placed, r);
        } finally {
          EnrichWatch.end(ctx, watches);
        }
      } catch (EngineException e) {
        String failed = engine != null ? engine.name() : e.getMessage();
        // a guard refusing a hand-off says nothing against the engine holding the result
        if (engine == null || e instanceof MemoryGuardException || !ctx.fallBackFrom(failed, e)) {
          throw e;
        }
        SELECT_LOG.warn("Re-running the plan without engine {}: {}", failed, e.getMessage());
      }
    }
  }

  /**
   * Runs {@code work}, calls of {@code engine}'s actions that compute {@code placed}'s frame (null:
   * a frame computed already), through {@link Engine#withProgress}: a lazy engine reads the sources
   * of the frame's scans now, and reports to a reporter of those; {@code written} (null: none)
   * receives what a save writes. An eager engine read its sources when it loaded them.
   */
  private static <T> T tracked(
      ExecutionContext ctx,
      Engine engine,
      PlacedPlan placed,
      ProgressReporter written,
      Supplier<T> work) {
    List<Source> sources = new ArrayList<>();
    if (placed != null && !ctx.traits(engine.name()).eager()) {
      lazyScans(ctx, placed, engine.name(), sources);
    }
    ProgressReporter read =
        sources.isEmpty()
            ? null
            : ctx.progress(
                ProgressEvent.Direction.READ,
                sources.size() == 1
                    ? sources.get(0).toString()
                    : sources.get(0) + " and " + (sources.size() - 1) + " more",
                engine.name(),
                () -> bytesOf(sources));
    T out =
        engine.withProgress(
            read == null ? Progress.NONE : read, written == null ? Progress.NONE : written, work);
    if (read != null) {
      read.finish();
    }
    if (written != null) {
      written.finish();
    }
    return out;
  }

  /**
   * The sources {@code placed}'s frame reads when {@code engine} computes it: its scans placed on
   * that engine, below no input computed elsewhere (moved in) or kept in a cache.
   */
  private static void lazyScans(
      ExecutionContext ctx, PlacedPlan placed, String engine, List<Source> out) {
    if (!placed.placement().engine().equals(engine) || ctx.cachedFrame(placed.node()) != null) {
      return;
    }
    if (placed.node() instanceof Scan scan) {
      out.add(scan.source());
    }
    for (PlacedPlan c : placed.children()) {
      lazyScans(ctx, c, engine, out);
    }
  }

  /** The bytes of the sources' files, -1 when some are not local or cannot be listed. */
  private static long bytesOf(List<Source> sources) {
    long total = 0;
    for (Source s : sources) {
      if (!Datasets.allLocal(s.paths())) {
        return -1;
      }
      try {
        total += Datasets.list(s.paths()).bytes();
      } catch (RuntimeException e) {
        return -1; // the read itself says what is wrong with the paths
      }
    }
    return total;
  }

  /**
   * The engine that writes {@code sink}: the one holding the result if it writes the format, else
   * in AUTO mode a usable engine that does. Without one, the holder tries, and fails saying what it
   * writes.
   */
  private static Engine writerOf(ExecutionContext ctx, Engine holder, Sink sink) {
    if (ctx.traits(holder.name()).writes(sink.format()) || !ctx.mode().equals(Frameshift.AUTO)) {
      return holder;
    }
    for (Map.Entry<String, EngineTraits> e : ctx.usableTraits().entrySet()) {
      if (e.getValue().writes(sink.format())) {
        return ctx.engine(e.getKey());
      }
    }
    return holder;
  }

  /**
   * The engine that would write {@code plan}'s result as {@code format}: where the selector places
   * its last node, or in AUTO mode another that writes the format.
   */
  public static String writerName(ExecutionContext ctx, LogicalPlan plan, Format format) {
    PlacedPlan placed = place(ctx, ctx.prepare(plan));
    Engine holder = ctx.engine(placed.placement().engine());
    return writerOf(ctx, holder, new Sink(format, "", WriteMode.APPEND, Map.of(), List.of()))
        .name();
  }

  static PlacedPlan place(ExecutionContext ctx, LogicalPlan plan) {
    Estimator estimator =
        new Estimator(
            frame -> ctx.engine(frame.engine()).stats(frame),
            ctx.observations()::rows,
            ctx::cachedFrame,
            source -> sourceStats(ctx, source));
    Selector selector =
        new Selector(
            ctx.selectorConfig(),
            ctx.mode(),
            ctx.usableTraits(),
            ctx.profile(),
            ctx.warmEngines(),
            estimator);
    return selector.place(plan);
  }

  /**
   * What the engine that reads {@code source}'s metadata tells of the data a scan of it (as the
   * plan narrowed it) reads; {@link FrameStats#UNKNOWN} when that engine is not usable or cannot
   * tell, or when the session mode places every node anyway: the estimate then falls back on what
   * the source was read with, and the scan itself reports what is wrong with the files.
   */
  private static FrameStats sourceStats(ExecutionContext ctx, Source source) {
    String engine = ctx.inferringEngine(source.format());
    if (!ctx.mode().equals(Frameshift.AUTO) || !ctx.usableTraits().containsKey(engine)) {
      return FrameStats.UNKNOWN;
    }
    try {
      return ctx.engine(engine).sourceStats(source);
    } catch (FrameshiftException e) {
      LOG.debug("No statistics of {} from {}: {}", source, engine, e.getMessage());
      return FrameStats.UNKNOWN;
    }
  }

  /**
   * Runs a placed plan. A cached node's kept data stands for its whole subtree; a cached node not
   * computed yet is computed as placed, then persisted on the engine that computed it and kept.
   */
  private static Result execute(ExecutionContext ctx, PlacedPlan placed) {
    LogicalPlan node = placed.node();
    EngineFrame kept = ctx.cachedFrame(node);
    if (kept != null) {
      return new Result(ctx.engine(kept.engine()), kept);
    }
    if (placed.children().size() < node.children().size()) {
      // placed as cached data that was unpersisted since: its inputs must be placed after all
      return execute(ctx, place(ctx, node));
    }
    Result r = compute(ctx, placed);
    Caches.Entry cached = ctx.cacheEntry(node);
    if (cached == null) {
      return r;
    }
    long start = System.nanoTime();
    EngineFrame persisted;
    try {
      persisted =
          tracked(
              ctx, r.engine(), placed, null, () -> r.engine().persist(r.frame(), cached.level()));
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
    ctx.keepCached(node, persisted);
    return new Result(r.engine(), persisted);
  }

  /** Runs a placed node on its engine (or the fallback engine) over its computed inputs. */
  private static Result compute(ExecutionContext ctx, PlacedPlan placed) {
    String placedOn = placed.placement().engine();
    List<Result> inputs = new ArrayList<>();
    for (PlacedPlan c : placed.children()) {
      inputs.add(execute(ctx, c));
    }
    // a node placed before its engine failed (an input of this plan made it fail) goes where the
    // fallback went, instead of failing again
    String failedEarlier = ctx.failedEngines().get(placedOn);
    String instead = failedEarlier == null ? null : ctx.otherEngine(placedOn);
    if (instead != null) {
      return runNode(
          ctx,
          placed,
          ctx.engine(instead),
          inputs,
          placedOn + " failed earlier in this session: " + failedEarlier);
    }
    Engine engine = ctx.engine(placedOn);
    try {
      return runNode(ctx, placed, engine, inputs, null);
    } catch (EngineException e) {
      String other = ctx.otherEngine(engine.name());
      // the memory guard refusing work is no failure of the engine: it stays in use
      boolean guard = e instanceof MemoryGuardException;
      if (other == null
          || (guard ? !ctx.mode().equals(Frameshift.AUTO) : !ctx.fallBackFrom(engine.name(), e))) {
        throw e;
      }
      String why = guard ? e.getMessage() : engine.name() + " failed: " + e.getMessage();
      SELECT_LOG.warn(
          "{} falls back from {} to {}: {}",
          placed.node().describe(),
          engine.name(),
          other,
          e.getMessage());
      ctx.listeners()
          .onFallback(
              new FallbackEvent(placed.node().describe(), engine.name(), other, e.getMessage()));
      return runNode(ctx, placed, ctx.engine(other), inputs, why);
    }
  }

  private static Result runNode(
      ExecutionContext ctx,
      PlacedPlan placed,
      Engine engine,
      List<Result> inputs,
      String fallback) {
    LogicalPlan node = placed.node();
    List<PlacedPlan> placedInputs = placed.children();
    List<EngineFrame> frames = new ArrayList<>();
    long inRows = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Result in = inputs.get(i);
      EngineFrame f = moveTo(ctx, in, placedInputs.get(i), engine);
      frames.add(f);
      long r = engine.stats(f).rows();
      inRows = inRows < 0 || r < 0 ? -1 : inRows + r;
    }
    EngineTraits traits = ctx.traits(engine.name());
    if (traits.memory() == EngineTraits.Memory.HEAP) {
      checkHeapMemory(ctx, engine, frames);
    }
    // a scan of an eager engine reads its files now; a lazy one's scan is read by actions
    ProgressReporter read =
        node instanceof Scan scan && traits.eager()
            ? ctx.progress(
                ProgressEvent.Direction.READ,
                scan.source().toString(),
                engine.name(),
                () -> bytesOf(List.of(scan.source())))
            : null;
    long start = System.nanoTime();
    EngineFrame out = PlanRunner.apply(engine, node, frames, read == null ? Progress.NONE : read);
    long nanos = System.nanoTime() - start;
    if (read != null) {
      read.finish();
    }
    FrameStats stats = engine.stats(out);
    long outRows = stats.exact() ? stats.rows() : -1;
    OperationKind kind = OperationKind.of(node);
    ctx.ranOn(engine.name());
    ctx.observations()
        .record(node, new Observations.Observed(engine.name(), outRows, nanos, fallback));
    ctx.listeners()
        .onNode(
            new NodeEvent(
                node.describe(),
                kind.name().toLowerCase(Locale.ROOT),
                engine.name(),
                inRows,
                outRows,
                nanos,
                placed.placement().estimate().rows()));
    // a lazy engine's call only adds to its plan: its time says nothing about the work
    if (traits.eager() && inRows >= LEARN_MIN_ROWS) {
      ctx.learn(engine.name(), kind, inRows, nanos);
    }
    return new Result(engine, out);
  }

  /**
   * The run-time memory guard: an engine whose working set lives in the heap refuses inputs larger
   * than its heap budget.
   */
  private static void checkHeapMemory(
      ExecutionContext ctx, Engine engine, List<EngineFrame> inputs) {
    long bytes = 0;
    for (EngineFrame f : inputs) {
      bytes += Math.max(0, engine.stats(f).bytes());
    }
    long budget = heapBudget(ctx);
    if (bytes > budget) {
      throw new MemoryGuardException(
          engine.name()
              + " memory guard: inputs of "
              + bytes / (1 << 20)
              + " MB exceed the budget of "
              + budget / (1 << 20)
              + " MB (frameshift.selector.heapFraction of the free heap)");
    }
  }

  /** The guard's budget now: {@code frameshift.selector.heapFraction} of the free heap. */
  private static long heapBudget(ExecutionContext ctx) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    return (long) (free * ctx.selectorConfig().heapFraction());
  }

  /**
   * {@code batches} moving into {@code engine}'s heap, refused with a {@link MemoryGuardException}
   * once their Arrow buffers pass {@code budget}: the size of a frame another engine computed is
   * known only as it arrives, and the guard must stop it before it fills the heap, not after.
   */
  private static ArrowBatches guarded(
      ArrowBatches batches, String from, String engine, long budget) {
    return new ArrowBatches() {
      private long bytes;

      @Override
      public io.frameshift.types.Schema schema() {
        return batches.schema();
      }

      @Override
      public VectorSchemaRoot next() {
        VectorSchemaRoot batch = batches.next();
        if (batch == null) {
          return null;
        }
        for (FieldVector v : batch.getFieldVectors()) {
          bytes += v.getBufferSize();
        }
        if (bytes > budget) {
          batch.close();
          throw new MemoryGuardException(
              engine
                  + " memory guard: the frame moving in from "
                  + from
                  + " passed "
                  + bytes / (1 << 20)
                  + " MB of Arrow data, over the budget of "
                  + budget / (1 << 20)
                  + " MB (frameshift.selector.heapFraction of the free heap)");
        }
        return batch;
      }

      @Override
      public void close() {
        batches.close();
      }
    };
  }

  /**
   * Hands a frame to another engine through Arrow batches, released as they are consumed; {@code
   * placed} is the plan that computed it, whose sources a lazy engine reads now.
   */
  private static EngineFrame moveTo(
      ExecutionContext ctx, Result from, PlacedPlan placed, Engine to) {
    if (from.engine() == to) {
      return from.frame();
    }
    long start = System.nanoTime();
    boolean heap = ctx.traits(to.name()).memory() == EngineTraits.Memory.HEAP;
    long budget = heap ? heapBudget(ctx) : Long.MAX_VALUE;
    long[] bytes = {0};
    EngineFrame moved =
        tracked(
            ctx,
            from.engine(),
            placed,
            null,
            () -> {
              ArrowBatches out = counted(from.engine().exportArrow(from.frame()), bytes);
              return to.importArrow(
                  heap ? guarded(out, from.engine().name(), to.name(), budget) : out);
            });
    long nanos = System.nanoTime() - start;
    long rows = to.stats(moved).rows();
    LOG.info(
        "Transferred {} rows ({}) from {} to {} in {} ms",
        rows,
        Sizes.human(bytes[0]),
        from.engine().name(),
        to.name(),
        nanos / 1_000_000);
    ctx.observations()
        .recordMove(
            placed.node(),
            new Observations.Moved(from.engine().name(), to.name(), rows, bytes[0], nanos));
    ctx.listeners()
        .onTransfer(
            new TransferEvent(
                from.engine().name(), to.name(), rows, nanos, bytes[0], placed.node().describe()));
    return moved;
  }

  /** {@code batches}, adding the Arrow buffer bytes of each batch to {@code bytes[0]}. */
  private static ArrowBatches counted(ArrowBatches batches, long[] bytes) {
    return new ArrowBatches() {
      @Override
      public io.frameshift.types.Schema schema() {
        return batches.schema();
      }

      @Override
      public VectorSchemaRoot next() {
        VectorSchemaRoot batch = batches.next();
        if (batch != null) {
          for (FieldVector v : batch.getFieldVectors()) {
            bytes[0] += v.getBufferSize();
          }
        }
        return batch;
      }

      @Override
      public void close() {
        batches.close();
      }
    };
  }

  // ==== explain ==============================================================================

  public static String explain(ExecutionContext ctx, LogicalPlan plan) {
    PlacedPlan root = place(ctx, ctx.prepare(plan));
    StringBuilder sb = new StringBuilder("== Frameshift plan (session mode: ").append(ctx.mode());
    if (ctx.profile() == null) {
      sb.append(", no cost profile: size thresholds");
    } else {
      sb.append(", cost profile of ").append(ctx.profile().measuredAt());
    }
    sb.append(") ==\n");
    render(ctx, root, "", "", sb);
    return sb.toString();
  }

  private static void render(
      ExecutionContext ctx, PlacedPlan p, String first, String rest, StringBuilder sb) {
    Placement pl = p.placement();
    sb.append(first)
        .append(p.node().describe())
        .append("  [")
        .append(pl.engine())
        .append("] est ")
        .append(pl.estimate());
    Observations.Observed o = ctx.observations().get(p.node());
    if (o != null && o.rows() >= 0) {
      sb.append(", actual ").append(o.rows()).append(" rows");
    }
    sb.append(" | ").append(pl.reason());
    Caches.Entry cached = ctx.cacheEntry(p.node());
    if (cached != null && ctx.cachedFrame(p.node()) == null) {
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
        String move = c.placement().engine() + " -> " + pl.engine();
        Double cost = transferMillis(ctx, p, c);
        if (cost != null) {
          // the cost the selector charged for the move, so a surprising placement can be traced
          move +=
              String.format(
                  Locale.ROOT,
                  " ~%s (%s at %.2f ns/byte)",
                  Selector.ms(cost),
                  Sizes.human(c.placement().estimate().bytes()),
                  ctx.profile().transferNanosPerByte());
        } else {
          move += " (est " + c.placement().estimate() + ")";
        }
        // what the last run moved, beside what the selector expected
        Observations.Moved m = ctx.observations().move(c.node());
        if (m != null) {
          move +=
              String.format(
                  Locale.ROOT,
                  ", last run moved %d rows, %s in %d ms",
                  m.rows(),
                  Sizes.human(m.bytes()),
                  m.nanos() / 1_000_000);
        }
        moves.add(move);
      }
    }
    if (!moves.isEmpty()) {
      sb.append(" | Arrow transfer ").append(String.join(", ", moves));
    }
    sb.append('\n');
    for (int i = 0; i < p.children().size(); i++) {
      boolean last = i == p.children().size() - 1;
      render(
          ctx,
          p.children().get(i),
          rest + (last ? "+- " : ":- "),
          rest + (last ? "   " : ":  "),
          sb);
    }
  }

  /**
   * The Arrow transfer cost the selector charged for moving {@code child}'s output to {@code
   * node}'s engine: the profile's per-byte cost times the child's estimated bytes; null when the
   * placement was not costed (no profile: size thresholds decided).
   */
  private static Double transferMillis(ExecutionContext ctx, PlacedPlan node, PlacedPlan child) {
    CostProfile profile = ctx.profile();
    if (profile == null || node.placement().costMillis().isEmpty()) {
      return null;
    }
    return profile.transferMillis(child.placement().estimate().bytes());
  }

  public static String explainJson(ExecutionContext ctx, LogicalPlan plan) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("mode", ctx.mode());
    doc.put("profile", ctx.profile() == null ? null : ctx.profile().measuredAt());
    doc.put("plan", json(ctx, place(ctx, ctx.prepare(plan))));
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "A plan of maps, lists and numbers always renders as JSON", e);
    }
  }

  /** The node's cache entry: its level and whether (and where) its data is kept; null if none. */
  private static Map<String, Object> cacheJson(ExecutionContext ctx, LogicalPlan node) {
    Caches.Entry cached = ctx.cacheEntry(node);
    if (cached == null) {
      return null;
    }
    EngineFrame kept = ctx.cachedFrame(node);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", cached.level().name());
    m.put("computed", kept != null);
    m.put("engine", kept == null ? null : kept.engine());
    return m;
  }

  private static Map<String, Object> json(ExecutionContext ctx, PlacedPlan p) {
    Placement pl = p.placement();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", p.node().describe());
    m.put("kind", OperationKind.of(p.node()).name().toLowerCase(Locale.ROOT));
    m.put("engine", pl.engine());
    m.put("reason", pl.reason());
    m.put("estimatedRows", pl.estimate().rows());
    m.put("estimatedBytes", pl.estimate().bytes());
    m.put("estimateExact", pl.estimate().exact());
    Observations.Observed o = ctx.observations().get(p.node());
    m.put("actualRows", o == null || o.rows() < 0 ? null : o.rows());
    m.put("lastRunEngine", o == null ? null : o.engine());
    m.put("fallback", o == null ? null : o.fallback());
    m.put("costMillis", pl.costMillis());
    m.put("cache", cacheJson(ctx, p.node()));
    List<String> transfers = new ArrayList<>();
    double transferMillis = 0;
    boolean costed = false;
    for (PlacedPlan c : p.children()) {
      if (!c.placement().engine().equals(pl.engine())) {
        transfers.add(c.placement().engine() + "->" + pl.engine());
        Double cost = transferMillis(ctx, p, c);
        if (cost != null) {
          transferMillis += cost;
          costed = true;
        }
      }
    }
    m.put("transfersIn", transfers);
    List<Map<String, Object>> moved = new ArrayList<>();
    for (PlacedPlan c : p.children()) {
      Observations.Moved mv = ctx.observations().move(c.node());
      if (mv != null) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("from", mv.from());
        t.put("to", mv.to());
        t.put("rows", mv.rows());
        t.put("bytes", mv.bytes());
        t.put("millis", mv.nanos() / 1e6);
        moved.add(t);
      }
    }
    m.put("lastRunTransfersIn", moved);
    m.put("transferMillis", costed ? transferMillis : null);
    List<Object> kids = new ArrayList<>();
    for (PlacedPlan c : p.children()) {
      kids.add(json(ctx, c));
    }
    m.put("children", kids);
    return m;
  }
}
