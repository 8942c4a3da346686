package io.frameshift.internal;

import io.frameshift.plan.LogicalPlan;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map from plan nodes, by identity and weakly held, to values; bounded, dropping the entry used
 * least recently. Plan records compare by value, which is costly for large {@code Values}, and a
 * node (with the frames under it) must not stay in memory because it is a key: an {@code Existing}
 * leaf holds its engine frame. Not thread-safe: callers synchronize.
 */
final class WeakIdentityMap<V> {
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
  private final Map<Key, V> entries;

  WeakIdentityMap(int max) {
    entries =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, V> eldest) {
            return size() > max;
          }
        };
  }

  private void purge() {
    for (Reference<? extends LogicalPlan> r = collected.poll(); r != null; r = collected.poll()) {
      entries.remove(r);
    }
  }

  void put(LogicalPlan node, V value) {
    purge();
    entries.put(new Key(node, collected), value);
  }

  V get(LogicalPlan node) {
    return entries.get(new Key(node, null));
  }

  void clear() {
    entries.clear();
  }

  /** The entries whose node is still reachable. */
  int size() {
    purge();
    return entries.size();
  }
}
