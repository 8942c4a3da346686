package io.frameshift.internal;

import io.frameshift.io.Format;
import io.frameshift.plan.Existing;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Pin;
import io.frameshift.plan.Scan;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import io.frameshift.spi.EngineFrame;
import io.frameshift.spi.EngineTraits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places every node of a plan on an engine, deciding from the engines' {@link EngineTraits} and
 * never from their names.
 *
 * <p>With a calibrated {@link CostProfile} that knows every usable engine, the placement of the
 * whole plan is the cheapest one: dynamic programming over the tree computes, for every node and
 * engine, the cheapest time of the subtree ending with that node on that engine (the node's own
 * cost, plus each input's cheapest placement, plus an Arrow transfer where the input's engine
 * differs). A cold engine's start-up time is added once: when the cheapest plan starts one, the
 * cheapest plan on engines that need no start-up is kept unless the other wins by more than the
 * start-up. An engine whose working set lives in the heap never receives one that does not fit the
 * free heap with margin (the memory guard), nor an input from another engine that might not: what
 * moves into the heap is sized by its upper bound ({@link Estimator#bounding()}), not its guess.
 *
 * <p>Otherwise the seed recipe's rule applies: below {@link SelectorConfig#smallMaxBytes()} of
 * input, the in-process engine; from {@link SelectorConfig#bigMinBytes()}, the distributed one; in
 * between, the distributed one only for complex operations (weight 4: joins, windows). The
 * session's engine mode, {@code DataFrame.on(..)} and per-kind pins override both; a cached node
 * already computed is a leaf on the engine that keeps its data, whatever the rest says. Every
 * decision is logged at INFO on {@code io.frameshift.select}.
 */
final class Selector {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.select");

  private final SelectorConfig config;
  private final String mode;
  private final Map<String, EngineTraits> engines;
  private final CostProfile profile;
  private final Set<String> warm;
  private final Estimator estimator;
  private final Estimator bounds;
  private final long heapBudget;

  /** Why the memory guard kept a node off a heap engine, by node, for its reason. */
  private final Map<LogicalPlan, String> guarded = new IdentityHashMap<>();

  /** Where small, simple work goes under the threshold rule. */
  private final String small;

  /**
   * Where big or complex work goes under the threshold rule, and what the memory guard spills to.
   */
  private final String big;

  /**
   * @param config settings
   * @param mode the session mode: {@code "auto"} or an engine name
   * @param engines the engines that may run nodes (failed engines left out), with their traits
   * @param profile the cost profile, or null for the threshold rule
   * @param warm the engines a node has run on in this session: their start-up is behind them
   * @param estimator sizes of plan nodes
   */
  Selector(
      SelectorConfig config,
      String mode,
      Map<String, EngineTraits> engines,
      CostProfile profile,
      Set<String> warm,
      Estimator estimator) {
    this.config = config;
    this.mode = mode;
    this.engines = new TreeMap<>(engines);
    this.profile = profile;
    this.warm = Set.copyOf(warm);
    this.estimator = estimator;
    this.bounds = estimator.bounding();
    // one reading of the heap per placement: the budget may not change between nodes of a plan
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    this.heapBudget = (long) (free * config.heapFraction());
    this.small =
        best(
            Comparator.comparing((EngineTraits t) -> t.reach() != EngineTraits.Reach.IN_PROCESS)
                .thenComparingDouble(EngineTraits::startupMillis));
    this.big =
        best(
            Comparator.comparing((EngineTraits t) -> t.reach() != EngineTraits.Reach.DISTRIBUTED)
                .thenComparing(t -> t.memory() == EngineTraits.Memory.HEAP));
  }

  /** The engine that comes first by {@code order}, ties broken by name; null when there is none. */
  private String best(Comparator<EngineTraits> order) {
    String best = null;
    for (Map.Entry<String, EngineTraits> e : engines.entrySet()) {
      if (best == null || order.compare(e.getValue(), engines.get(best)) < 0) {
        best = e.getKey();
      }
    }
    return best;
  }

  /** Places every node of {@code root}. */
  PlacedPlan place(LogicalPlan root) {
    PlacedPlan placed = costed() ? byCost(root) : byRule(root, null);
    // one line per node is detail: INFO is kept for what a user notices (transfers, fallbacks,
    // an engine starting, memory-guard decisions)
    if (LOG.isDebugEnabled()) {
      log(placed);
    }
    return placed;
  }

  /** Whether the profile can place plans: it knows the costs of every engine there is to choose. */
  private boolean costed() {
    return profile != null
        && engines.size() > 1
        && profile.engines().keySet().containsAll(engines.keySet());
  }

  private void log(PlacedPlan p) {
    for (PlacedPlan c : p.children()) {
      log(c);
    }
    LOG.debug("{} -> {} ({})", p.node().describe(), p.placement().engine(), p.placement().reason());
  }

  /** A placement forced by the mode, a pin, or where the data already is; null if free. */
  private Placement forced(LogicalPlan node, String pinned, Estimate estimate) {
    EngineFrame kept = estimator.cached(node);
    if (kept != null) {
      return new Placement(
          kept.engine(),
          "cached on "
              + kept.engine()
              + ", "
              + String.format(Locale.ROOT, "%,d", estimate.rows())
              + " rows ("
              + (estimate.exact() ? "exact" : "estimated")
              + ")",
          estimate,
          Map.of());
    }
    if (node instanceof Existing e) {
      return new Placement(
          e.frame().engine(), "data is held by " + e.frame().engine(), estimate, Map.of());
    }
    if (pinned != null) {
      return new Placement(pinned, "pinned with on(\"" + pinned + "\")", estimate, Map.of());
    }
    if (!mode.equals("auto")) {
      return new Placement(mode, "session engine is " + mode, estimate, Map.of());
    }
    OperationKind kind = OperationKind.of(node);
    String kindPin = config.kindPins().get(kind);
    if (kindPin != null && engines.containsKey(kindPin)) {
      return new Placement(
          kindPin,
          "operations of kind "
              + kind.name().toLowerCase(Locale.ROOT)
              + " are pinned to "
              + kindPin,
          estimate,
          Map.of());
    }
    if (engines.size() == 1) {
      String only = engines.keySet().iterator().next();
      return new Placement(only, "only engine available", estimate, Map.of());
    }
    if (node instanceof Scan scan) {
      List<String> readers = readers(scan.source().format());
      if (readers.size() == 1) {
        return new Placement(
            readers.get(0),
            "only engine that reads " + scan.source().format().label(),
            estimate,
            Map.of());
      }
    }
    return null;
  }

  /** The engines that read {@code format}. */
  private List<String> readers(Format format) {
    List<String> out = new ArrayList<>();
    engines.forEach(
        (name, traits) -> {
          if (traits.reads(format)) {
            out.add(name);
          }
        });
    return out;
  }

  /**
   * Whether {@code engine} may take {@code node} at all: a scan needs an engine that reads its
   * format (when none does, any may try, and fails saying so).
   */
  private boolean canRun(LogicalPlan node, String engine) {
    return !(node instanceof Scan scan)
        || engines.get(engine).reads(scan.source().format())
        || readers(scan.source().format()).isEmpty();
  }

  private static String pinOf(LogicalPlan node, String pinned) {
    return node instanceof Pin p ? p.engine() : pinned;
  }

  /** The inputs to place below {@code node}: none when its data is cached (they do not run). */
  private List<LogicalPlan> inputs(LogicalPlan node) {
    return estimator.cached(node) != null ? List.of() : node.children();
  }

  /**
   * The cost class of {@code node}: cached data is taken as it is, like a frame an engine holds.
   */
  private OperationKind kindOf(LogicalPlan node) {
    return estimator.cached(node) != null ? OperationKind.CREATE : OperationKind.of(node);
  }

  // ==== the threshold rule ===================================================================

  private PlacedPlan byRule(LogicalPlan node, String pinned) {
    String pin = pinOf(node, pinned);
    List<PlacedPlan> children = new ArrayList<>();
    for (LogicalPlan c : inputs(node)) {
      children.add(byRule(c, pin));
    }
    Estimate estimate = estimator.estimate(node);
    Placement p = forced(node, pin, estimate);
    if (p == null) {
      p = rule(node, estimate, inputBytes(node, estimate));
      String refused = tooBigToMoveIn(node, p.engine(), children);
      String other = refused == null ? null : unguarded(node);
      if (other != null) {
        p = new Placement(other, refused, estimate, Map.of());
      }
    }
    return new PlacedPlan(node, p, children);
  }

  /**
   * Why {@code engine} may not take {@code node} over {@code children} as placed: an input coming
   * from another engine whose upper bound exceeds the memory guard of {@code engine}'s heap; null
   * when none does.
   */
  private String tooBigToMoveIn(LogicalPlan node, String engine, List<PlacedPlan> children) {
    for (PlacedPlan c : children) {
      String from = c.placement().engine();
      if (!from.equals(engine)) {
        String why = moveInRefused(engine, c.node(), from);
        if (why != null) {
          return why;
        }
      }
    }
    return null;
  }

  /**
   * Why the memory guard refuses to move {@code input}'s frame from engine {@code from} into {@code
   * engine}'s heap, or null if it may: its size is a guess until it has moved, so it is judged by
   * its upper bound.
   */
  private String moveInRefused(String engine, LogicalPlan input, String from) {
    long most = bounds.estimate(input).bytes();
    if (fits(engine, most)) {
      return null;
    }
    return "input from "
        + from
        + " may hold up to "
        + Sizes.human(most)
        + " (if its filters and groupings kept every row), more than the "
        + engine
        + " memory guard ("
        + Sizes.human(heapBudget)
        + ")";
  }

  private Placement rule(LogicalPlan node, Estimate estimate, long inputBytes) {
    Placement p = threshold(node, estimate, inputBytes);
    if (!canRun(node, p.engine())) {
      Format format = ((Scan) node).source().format();
      String reader = readers(format).get(0);
      return new Placement(
          reader, p.engine() + " does not read " + format.label(), estimate, Map.of());
    }
    return p;
  }

  private Placement threshold(LogicalPlan node, Estimate estimate, long inputBytes) {
    String size = Sizes.human(inputBytes);
    if (!fits(small, inputBytes + estimate.bytes())) {
      String other = unguarded(node);
      if (other != null) {
        return new Placement(
            other,
            "working set "
                + Sizes.human(inputBytes + estimate.bytes())
                + " (input "
                + size
                + ", output "
                + Sizes.human(estimate.bytes())
                + ") exceeds the "
                + small
                + " memory guard ("
                + Sizes.human(heapBudget)
                + ")",
            estimate,
            Map.of());
      }
    }
    if (inputBytes >= config.bigMinBytes()) {
      return new Placement(
          big, "input " + size + " >= " + Sizes.human(config.bigMinBytes()), estimate, Map.of());
    }
    if (inputBytes < config.smallMaxBytes()) {
      return new Placement(
          small, "input " + size + " < " + Sizes.human(config.smallMaxBytes()), estimate, Map.of());
    }
    int w = config.weight(OperationKind.of(node));
    return w >= 4
        ? new Placement(
            big, "complex operation (weight " + w + ") on input " + size, estimate, Map.of())
        : new Placement(
            small, "simple operation (weight " + w + ") on input " + size, estimate, Map.of());
  }

  /**
   * Where work that does not fit the heap goes: the big-data engine if no guard applies to it, else
   * any engine with memory of its own that may run the node; null when there is none.
   */
  private String unguarded(LogicalPlan node) {
    if (engines.get(big).memory() != EngineTraits.Memory.HEAP && canRun(node, big)) {
      return big;
    }
    for (Map.Entry<String, EngineTraits> e : engines.entrySet()) {
      if (e.getValue().memory() != EngineTraits.Memory.HEAP && canRun(node, e.getKey())) {
        return e.getKey();
      }
    }
    return null;
  }

  private long inputBytes(LogicalPlan node, Estimate own) {
    if (inputs(node).isEmpty()) {
      return own.bytes();
    }
    long b = 0;
    for (LogicalPlan c : inputs(node)) {
      b += estimator.estimate(c).bytes();
    }
    return b;
  }

  private long inputRows(LogicalPlan node, Estimate own) {
    if (inputs(node).isEmpty()) {
      return own.rows();
    }
    long r = 0;
    for (LogicalPlan c : inputs(node)) {
      r += estimator.estimate(c).rows();
    }
    return r;
  }

  /** The memory guard: whether {@code engine} may take a working set of this many bytes. */
  private boolean fits(String engine, long workingSet) {
    return engines.get(engine).memory() != EngineTraits.Memory.HEAP || workingSet <= heapBudget;
  }

  // ==== the cost model =======================================================================

  /** The cheapest subtree ending with a node on one engine. */
  private record Option(double millis, PlacedPlan plan) {}

  private PlacedPlan byCost(LogicalPlan root) {
    Option best = cheapest(options(root, null, engines.keySet()));
    double startup = 0;
    for (String e : engines.keySet()) {
      if (best.plan().uses(e)) {
        startup += startupMillis(e);
      }
    }
    if (startup > 0) {
      Set<String> ready = new TreeSet<>();
      for (String e : engines.keySet()) {
        if (startupMillis(e) == 0) {
          ready.add(e);
        }
      }
      Option noStartup = ready.isEmpty() ? null : cheapest(options(root, null, ready));
      if (noStartup != null && noStartup.millis() <= best.millis() + startup) {
        PlacedPlan p = withReasons(noStartup.plan());
        Placement top = p.placement();
        String why =
            top.reason()
                + " (a plan starting "
                + String.join(", ", cold(best.plan()))
                + " would take "
                + ms(best.millis())
                + " plus "
                + ms(startup)
                + " of start-up)";
        return new PlacedPlan(
            p.node(),
            new Placement(top.engine(), why, top.estimate(), top.costMillis()),
            p.children());
      }
    }
    return withReasons(best.plan());
  }

  /** The engines {@code plan} uses that would have to start. */
  private List<String> cold(PlacedPlan plan) {
    List<String> out = new ArrayList<>();
    for (String e : engines.keySet()) {
      if (plan.uses(e) && startupMillis(e) > 0) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * What starting {@code engine} would add to a plan: nothing once a node of the session ran on it;
   * else the profile's measurement, or the engine's own figure where the profile has none.
   */
  private double startupMillis(String engine) {
    if (warm.contains(engine)) {
      return 0;
    }
    CostProfile.EngineCosts c = profile.engines().get(engine);
    return c != null && c.startupMeasured()
        ? c.startupMillis()
        : engines.get(engine).startupMillis();
  }

  private PlacedPlan withReasons(PlacedPlan p) {
    List<PlacedPlan> kids = new ArrayList<>(p.children().size());
    for (PlacedPlan c : p.children()) {
      kids.add(withReasons(c));
    }
    Placement pl = p.placement();
    if (pl.reason() == null) {
      pl =
          new Placement(
              pl.engine(),
              costReason(p.node(), pl.engine(), pl.costMillis()),
              pl.estimate(),
              pl.costMillis());
    }
    return new PlacedPlan(p.node(), pl, kids);
  }

  private static Option cheapest(Map<String, Option> options) {
    Option best = null;
    for (Option o : options.values()) {
      if (best == null || o.millis() < best.millis()) {
        best = o;
      }
    }
    return best;
  }

  private Map<String, Option> options(LogicalPlan node, String pinned, Set<String> engines) {
    String pin = pinOf(node, pinned);
    List<Map<String, Option>> inputs = new ArrayList<>();
    for (LogicalPlan c : inputs(node)) {
      inputs.add(options(c, pin, engines));
    }
    Estimate estimate = estimator.estimate(node);
    Placement forced = forced(node, pin, estimate);
    long inRows = inputRows(node, estimate);
    long inBytes = inputBytes(node, estimate);
    OperationKind kind = kindOf(node);
    Map<String, Double> costs = new LinkedHashMap<>();
    Map<String, List<PlacedPlan>> chosenInputs = new HashMap<>();
    for (String e : engines) {
      if (forced != null && !forced.engine().equals(e)) {
        continue;
      }
      if (estimator.cached(node) == null && !canRun(node, e)) {
        continue;
      }
      // cached data already sits in the memory of the engine holding it: no new working set
      boolean fitsHere = estimator.cached(node) != null || fits(e, inBytes + estimate.bytes());
      if (!fitsHere) {
        guarded.putIfAbsent(
            node,
            "working set "
                + Sizes.human(inBytes + estimate.bytes())
                + " exceeds the "
                + e
                + " memory guard ("
                + Sizes.human(heapBudget)
                + ")");
      }
      double own = fitsHere ? profile.millis(e, kind, inRows) : Double.POSITIVE_INFINITY;
      double total = own;
      List<PlacedPlan> picked = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        LogicalPlan child = inputs(node).get(i);
        long bytes = estimator.estimate(child).bytes();
        Option bestIn = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Option> in : inputs.get(i).entrySet()) {
          if (!in.getKey().equals(e)) {
            String refused = moveInRefused(e, child, in.getKey());
            if (refused != null) {
              guarded.putIfAbsent(node, refused);
              continue;
            }
          }
          double c =
              in.getValue().millis() + (in.getKey().equals(e) ? 0 : profile.transferMillis(bytes));
          if (bestIn == null || c < bestCost) {
            bestIn = in.getValue();
            bestCost = c;
          }
        }
        total += bestCost;
        if (bestIn != null) {
          picked.add(bestIn.plan());
        }
      }
      costs.put(e, total);
      chosenInputs.put(e, picked);
    }
    Map<String, Option> out = new LinkedHashMap<>();
    for (Map.Entry<String, Double> c : costs.entrySet()) {
      String e = c.getKey();
      // the reason of a cost-based choice is written only for the plan finally chosen
      Placement p = new Placement(e, forced != null ? forced.reason() : null, estimate, costs);
      out.put(e, new Option(c.getValue(), new PlacedPlan(node, p, chosenInputs.get(e))));
    }
    return out;
  }

  private String costReason(LogicalPlan node, String engine, Map<String, Double> costs) {
    StringBuilder sb = new StringBuilder("cost ");
    sb.append(engine).append(' ').append(ms(costs.get(engine)));
    for (Map.Entry<String, Double> c : costs.entrySet()) {
      if (!c.getKey().equals(engine)) {
        sb.append(c.getValue() >= costs.get(engine) ? " <= " : " > ")
            .append(c.getKey())
            .append(' ')
            .append(ms(c.getValue()));
      }
    }
    String why = guarded.get(node);
    if (why != null && costs.values().stream().anyMatch(c -> c.isInfinite())) {
      sb.append(" (").append(why).append(')');
    }
    if (startupMillis(engine) == 0) {
      for (String other : costs.keySet()) {
        double startup = startupMillis(other);
        if (startup > 0) {
          sb.append(" (")
              .append(other)
              .append(" start-up ")
              .append(ms(startup))
              .append(" not counted)");
        }
      }
    }
    return sb.toString();
  }

  static String ms(double millis) {
    if (Double.isInfinite(millis)) {
      return "n/a (memory guard)";
    }
    // plain arithmetic, not String.format: this runs for every node of every action
    return millis >= 1000
        ? Math.round(millis / 100) / 10.0 + " s"
        : Math.round(millis * 10) / 10.0 + " ms";
  }
}
