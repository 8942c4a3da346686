package io.frameshift.internal;

import io.frameshift.plan.LogicalPlan;
import java.util.List;

/**
 * A plan with every node placed.
 *
 * @param node the plan node
 * @param placement its engine and the reason
 * @param children the placed inputs
 */
record PlacedPlan(LogicalPlan node, Placement placement, List<PlacedPlan> children) {
  PlacedPlan {
    children = List.copyOf(children);
  }

  /** Whether any node of the tree runs on {@code engine}. */
  boolean uses(String engine) {
    return placement.engine().equals(engine) || children.stream().anyMatch(c -> c.uses(engine));
  }
}
