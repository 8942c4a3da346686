package io.frameshift.internal;

import io.frameshift.plan.LogicalPlan;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened when plan nodes ran in this session: actual row counts (which correct later
 * estimates of the same nodes), where each ran, and fallbacks. Keyed weakly by node identity,
 * bounded.
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

  /**
   * A weak identity key: plan records compare by value, which is costly for large {@code Values},
   * and a node (with the frames under it) must not stay in memory because it once ran: an {@code
   * Existing} leaf holds its engine frame, so strong keys would keep up to {@link #MAX} frames
   * alive.
   */
  private static final class Key extends WeakReference<LogicalPlan> {
    private final int hash;

    Key(LogicalPlan plan, ReferenceQueue<LogicalPlan> queue) {
      super(plan, queue);
      this.hash = System.identityHashCode(plan);
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      LogicalPlan plan = get();
      return plan != null && o instanceof Key k && k.get() == plan;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final ReferenceQueue<LogicalPlan> collected = new ReferenceQueue<>();

  private final Map<Key, Observed> seen =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Observed> eldest) {
          return size() > MAX;
        }
      };

  private void purge() {
    for (Reference<? extends LogicalPlan> r = collected.poll(); r != null; r = collected.poll()) {
      seen.remove(r);
    }
  }

  synchronized void record(LogicalPlan node, Observed o) {
    purge();
    seen.put(new Key(node, collected), o);
  }

  synchronized Observed get(LogicalPlan node) {
    return seen.get(new Key(node, null));
  }

  /** The actual row count of a node that ran, or null. */
  synchronized Long rows(LogicalPlan node) {
    Observed o = seen.get(new Key(node, null));
    return o == null || o.rows() < 0 ? null : o.rows();
  }

  /** The nodes observed and still reachable (for tests). */
  synchronized int size() {
    purge();
    return seen.size();
  }
}
