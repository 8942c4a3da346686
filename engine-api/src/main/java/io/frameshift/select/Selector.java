package io.frameshift.select;

import io.frameshift.plan.Existing;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Pin;
import io.frameshift.spi.EngineFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places every node of a plan on an engine.
 *
 * <p>With a calibrated {@link CostProfile} the placement of the whole plan is the cheapest one:
 * dynamic programming over the tree computes, for every node and engine, the cheapest time of the
 * subtree ending with that node on that engine (the node's own cost, plus each input's cheapest
 * placement, plus an Arrow transfer where the input's engine differs), and Spark's start-up time is
 * added once when a plan that uses a cold Spark is compared with one that stays local. The local
 * engine never receives a working set that does not fit the free heap with margin.
 *
 * <p>Without a profile the seed recipe's rule applies: below {@link SelectorConfig#localMaxBytes()}
 * of input, local; from {@link SelectorConfig#sparkMinBytes()}, Spark; in between, Spark only for
 * complex operations (weight 4: joins, windows). The session's engine mode, {@code
 * DataFrame.on(..)} and per-kind pins override both; a cached node already computed is a leaf on
 * the engine that keeps its data, whatever the rest says. Every decision is logged at INFO on
 * {@code io.frameshift.select}.
 */
public final class Selector {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.select");
  static final String LOCAL = "local";
  static final String SPARK = "spark";

  private final SelectorConfig config;
  private final String mode;
  private final Set<String> available;
  private final CostProfile profile;
  private final boolean sparkStarted;
  private final Estimator estimator;
  private final long localBudget;

  /**
   * @param config settings
   * @param mode the session mode: {@code "auto"} or an engine name
   * @param available the engines that may run nodes (failed engines left out)
   * @param profile the cost profile, or null for the threshold rule
   * @param sparkStarted whether a Spark session is already running
   * @param estimator sizes of plan nodes
   */
  public Selector(
      SelectorConfig config,
      String mode,
      Set<String> available,
      CostProfile profile,
      boolean sparkStarted,
      Estimator estimator) {
    this.config = config;
    this.mode = mode;
    this.available = new TreeSet<>(available);
    this.profile = profile;
    this.sparkStarted = sparkStarted;
    this.estimator = estimator;
    // one reading of the heap per placement: the budget may not change between nodes of a plan
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    this.localBudget = (long) (free * config.heapFraction());
  }

  /** Places every node of {@code root}. */
  public PlacedPlan place(LogicalPlan root) {
    PlacedPlan placed =
        profile == null || !available.containsAll(List.of(LOCAL, SPARK))
            ? byRule(root, null)
            : byCost(root);
    if (LOG.isInfoEnabled()) {
      log(placed);
    }
    return placed;
  }

  private void log(PlacedPlan p) {
    for (PlacedPlan c : p.children()) {
      log(c);
    }
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "{} -> {} ({})", p.node().describe(), p.placement().engine(), p.placement().reason());
    }
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
    if (kindPin != null && available.contains(kindPin)) {
      return new Placement(
          kindPin,
          "operations of kind "
              + kind.name().toLowerCase(Locale.ROOT)
              + " are pinned to "
              + kindPin,
          estimate,
          Map.of());
    }
    if (available.size() == 1) {
      String only = available.iterator().next();
      return new Placement(only, "only engine available", estimate, Map.of());
    }
    if (!available.contains(SPARK)) {
      return new Placement(LOCAL, "Spark is not available", estimate, Map.of());
    }
    if (!available.contains(LOCAL)) {
      return new Placement(SPARK, "the local engine is not available", estimate, Map.of());
    }
    return null;
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
    }
    return new PlacedPlan(node, p, children);
  }

  private Placement rule(LogicalPlan node, Estimate estimate, long inputBytes) {
    String size = Sizes.human(inputBytes);
    if (!fitsLocally(inputBytes + estimate.bytes())) {
      return new Placement(
          SPARK,
          "input " + size + " exceeds the local memory guard (" + Sizes.human(localBudget) + ")",
          estimate,
          Map.of());
    }
    if (inputBytes >= config.sparkMinBytes()) {
      return new Placement(
          SPARK,
          "input " + size + " >= " + Sizes.human(config.sparkMinBytes()),
          estimate,
          Map.of());
    }
    if (inputBytes < config.localMaxBytes()) {
      return new Placement(
          LOCAL, "input " + size + " < " + Sizes.human(config.localMaxBytes()), estimate, Map.of());
    }
    int w = config.weight(OperationKind.of(node));
    return w >= 4
        ? new Placement(
            SPARK, "complex operation (weight " + w + ") on input " + size, estimate, Map.of())
        : new Placement(
            LOCAL, "simple operation (weight " + w + ") on input " + size, estimate, Map.of());
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

  private boolean fitsLocally(long workingSet) {
    return workingSet <= localBudget;
  }

  // ==== the cost model =======================================================================

  /** The cheapest subtree ending with a node on one engine. */
  private record Option(double millis, PlacedPlan plan) {}

  private PlacedPlan byCost(LogicalPlan root) {
    Map<String, Option> withSpark = options(root, null, Set.of(LOCAL, SPARK));
    Option best = cheapest(withSpark);
    double startup = sparkStarted ? 0 : profile.sparkStartupMillis();
    if (best.plan().uses(SPARK) && startup > 0) {
      Map<String, Option> localOnly = options(root, null, Set.of(LOCAL));
      Option local = cheapest(localOnly);
      if (local != null && local.millis() <= best.millis() + startup) {
        return withReasons(local.plan());
      }
    }
    return withReasons(best.plan());
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
              costReason(pl.engine(), pl.costMillis()),
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
      // cached data already sits in the memory of the engine holding it: no new working set
      double own =
          e.equals(LOCAL)
                  && estimator.cached(node) == null
                  && !fitsLocally(inBytes + estimate.bytes())
              ? Double.POSITIVE_INFINITY
              : profile.millis(e, kind, inRows);
      double total = own;
      List<PlacedPlan> picked = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        long bytes = estimator.estimate(inputs(node).get(i)).bytes();
        Option bestIn = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, Option> in : inputs.get(i).entrySet()) {
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

  private String costReason(String engine, Map<String, Double> costs) {
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
    if (engine.equals(LOCAL) && costs.containsKey(SPARK) && !sparkStarted) {
      sb.append(" (Spark start-up ")
          .append(ms(profile.sparkStartupMillis()))
          .append(" not counted)");
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
