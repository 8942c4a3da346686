package io.frameshift.internal;

import io.frameshift.StorageLevel;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.EngineFrame;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan nodes a session was asked to cache, and their data once computed. Keyed by node
 * identity, as Spark's cache manager is keyed by plan: every frame built on a cached node (before
 * or after {@code cache()}) shares the node object, so it shares the data; two reads of the same
 * file are two nodes and do not. Entries hold their frames strongly, until {@code unpersist()} or
 * the session closes, as in Spark.
 */
final class Caches {

  /**
   * A cached node.
   *
   * @param level the storage level asked for
   * @param frame the kept data, or null until an action computes the node
   */
  record Entry(StorageLevel level, EngineFrame frame) {
    boolean computed() {
      return frame != null;
    }
  }

  private final Map<LogicalPlan, Entry> entries = new IdentityHashMap<>();

  /**
   * Marks {@code node} to be kept at {@code level} when next computed; the entry already there if
   * the node was marked before (which keeps its level, as Spark keeps the first one).
   */
  synchronized Entry mark(LogicalPlan node, StorageLevel level) {
    Entry before = entries.get(node);
    if (before != null) {
      return before;
    }
    entries.put(node, new Entry(level, null));
    return null;
  }

  /** The entry of {@code node}, or null when it is not cached. */
  synchronized Entry get(LogicalPlan node) {
    return entries.get(node);
  }

  /**
   * Stores the data computed for {@code node} if the node is still marked, replacing what was kept
   * before; returns the frame no longer kept (the replaced one, or {@code frame} itself when the
   * node was unpersisted meanwhile), for the caller to release, or null.
   */
  synchronized EngineFrame keep(LogicalPlan node, EngineFrame frame) {
    Entry e = entries.get(node);
    if (e == null) {
      return frame;
    }
    entries.put(node, new Entry(e.level(), frame));
    return e.frame();
  }

  /** Forgets {@code node}; its entry, or null when it was not cached. */
  synchronized Entry remove(LogicalPlan node) {
    return entries.remove(node);
  }

  /** Forgets every node; the frames that were kept. */
  synchronized List<EngineFrame> clear() {
    List<EngineFrame> kept = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.computed()) {
        kept.add(e.frame());
      }
    }
    entries.clear();
    return kept;
  }
}
