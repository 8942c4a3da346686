package io.frameshift.internal;

import java.util.Map;

/**
 * Where one plan node runs, and why.
 *
 * @param engine the engine's name
 * @param reason the rule that decided, in words, for logs and {@code explain()}
 * @param estimate the node's estimated output size
 * @param costMillis with a cost profile: per engine, the estimated time of the subtree ending with
 *     this node on that engine (transfers included); empty under the threshold rule
 */
record Placement(String engine, String reason, Estimate estimate, Map<String, Double> costMillis) {
  Placement {
    costMillis = Map.copyOf(costMillis);
  }
}
