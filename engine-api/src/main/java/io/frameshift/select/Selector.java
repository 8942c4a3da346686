package io.frameshift.select;

import io.frameshift.plan.Existing;
import io.frameshift.plan.GroupBy;
import io.frameshift.plan.Join;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.plan.Sort;
import io.frameshift.plan.Windowed;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places plan nodes on engines by the size rule of the design's seed recipe: below {@link
 * SelectorConfig#localMaxBytes()} of input, local; from {@link SelectorConfig#sparkMinBytes()},
 * Spark; in between, Spark only for complex operations (weight 4: joins and windows; filters weigh
 * 1, sorts 2, groupings 3). A local working set that would not fit the free heap goes to Spark
 * whatever its size. Pins and the session's engine mode override the rule. Every decision is logged
 * at INFO on {@code io.frameshift.select}.
 */
public final class Selector {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.select");
  static final String LOCAL = "local";
  static final String SPARK = "spark";

  private final SelectorConfig config;
  private final String mode;
  private final Set<String> available;

  /**
   * @param config thresholds
   * @param mode the session mode: {@code "auto"} or an engine name
   * @param available the engines on the class path
   */
  public Selector(SelectorConfig config, String mode, Set<String> available) {
    this.config = config;
    this.mode = mode;
    this.available = available;
  }

  /** Operation weight from the seed recipe: filter 1, sort 2, group 3, join 4, window 4. */
  static int weight(LogicalPlan node) {
    if (node instanceof Join || node instanceof Windowed) {
      return 4;
    }
    if (node instanceof GroupBy) {
      return 3;
    }
    if (node instanceof Sort) {
      return 2;
    }
    return 1;
  }

  /**
   * Places one node.
   *
   * @param node the node
   * @param pinned the engine a surrounding {@code on(..)} pins, or null
   * @param estimate the node's own output estimate
   * @param inputs the placements of its children
   */
  public Placement place(
      LogicalPlan node, String pinned, Estimate estimate, List<Placement> inputs) {
    Placement p = decide(node, pinned, estimate, inputs);
    if (LOG.isInfoEnabled()) {
      LOG.info("{} -> {} ({})", node.describe(), p.engine(), p.reason());
    }
    return p;
  }

  private Placement decide(
      LogicalPlan node, String pinned, Estimate estimate, List<Placement> inputs) {
    if (node instanceof Existing e) {
      return new Placement(e.frame().engine(), "data is held by " + e.frame().engine(), estimate);
    }
    if (pinned != null) {
      return new Placement(pinned, "pinned with on(\"" + pinned + "\")", estimate);
    }
    if (!mode.equals("auto")) {
      return new Placement(mode, "session engine is " + mode, estimate);
    }
    if (available.size() == 1) {
      String only = available.iterator().next();
      return new Placement(only, "only engine available", estimate);
    }
    if (!available.contains(SPARK)) {
      return new Placement(LOCAL, "Spark is not on the class path", estimate);
    }
    if (!available.contains(LOCAL)) {
      return new Placement(SPARK, "the local engine is not on the class path", estimate);
    }
    long inputBytes = inputs.isEmpty() ? estimate.bytes() : 0;
    for (Placement in : inputs) {
      inputBytes += in.estimate().bytes();
    }
    String size = Sizes.human(inputBytes);
    long free = freeHeap();
    if (inputBytes > free * config.heapFraction()) {
      return new Placement(
          SPARK,
          "input "
              + size
              + " exceeds the local memory guard ("
              + Sizes.human((long) (free * config.heapFraction()))
              + ")",
          estimate);
    }
    if (inputBytes >= config.sparkMinBytes()) {
      return new Placement(
          SPARK, "input " + size + " >= " + Sizes.human(config.sparkMinBytes()), estimate);
    }
    if (inputBytes < config.localMaxBytes()) {
      return new Placement(
          LOCAL, "input " + size + " < " + Sizes.human(config.localMaxBytes()), estimate);
    }
    int w = weight(node);
    return w >= 4
        ? new Placement(SPARK, "complex operation (weight " + w + ") on input " + size, estimate)
        : new Placement(LOCAL, "simple operation (weight " + w + ") on input " + size, estimate);
  }

  private static long freeHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
  }
}
