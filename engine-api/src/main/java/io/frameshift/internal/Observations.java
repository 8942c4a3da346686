package io.frameshift.internal;

import io.frameshift.plan.LogicalPlan;

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
   * A node's output handed to another engine.
   *
   * @param from the engine that computed it
   * @param to the engine that received it
   * @param rows rows moved
   * @param bytes Arrow buffer bytes moved
   * @param nanos time of the hand-off
   */
  record Moved(String from, String to, long rows, long bytes, long nanos) {}

  private final WeakIdentityMap<Observed> seen = new WeakIdentityMap<>(MAX);
  private final WeakIdentityMap<Moved> moves = new WeakIdentityMap<>(MAX);

  /** {@code node}'s output moved to another engine (the last move is kept). */
  synchronized void recordMove(LogicalPlan node, Moved m) {
    moves.put(node, m);
  }

  /** The last move of {@code node}'s output to another engine, or null. */
  synchronized Moved move(LogicalPlan node) {
    return moves.get(node);
  }

  synchronized void record(LogicalPlan node, Observed o) {
    seen.put(node, o);
  }

  synchronized Observed get(LogicalPlan node) {
    return seen.get(node);
  }

  /** The actual row count of a node that ran, or null. */
  synchronized Long rows(LogicalPlan node) {
    Observed o = seen.get(node);
    return o == null || o.rows() < 0 ? null : o.rows();
  }

  /** The nodes observed and still reachable (for tests). */
  synchronized int size() {
    return seen.size();
  }
}
