package io.frameshift;

import io.frameshift.plan.LogicalPlan;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened when plan nodes ran in this session: actual row counts (which correct later
 * estimates of the same nodes), where each ran, and fallbacks. Keyed by node identity, bounded.
 */
final class Observations {
  private static final int MAX = 4096;

  /**
   * @param engine where the node ran
   * @param rows its actual output rows, or -1 when the engine did not compute them
   * @param nanos the engine call's time
   * @param fallback the fallback that moved it, or null
   */
  record Observed(String engine, long rows, long nanos, String fallback) {}

  /** Identity key: plan records compare by value, which is costly for large {@code Values}. */
  private record Key(LogicalPlan plan) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.plan == plan;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(plan);
    }
  }

  private final Map<Key, Observed> seen =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Observed> eldest) {
          return size() > MAX;
        }
      };

  synchronized void record(LogicalPlan node, Observed o) {
    seen.put(new Key(node), o);
  }

  synchronized Observed get(LogicalPlan node) {
    return seen.get(new Key(node));
  }

  /** The actual row count of a node that ran, or null. */
  synchronized Long rows(LogicalPlan node) {
    Observed o = seen.get(new Key(node));
    return o == null || o.rows() < 0 ? null : o.rows();
  }
}
