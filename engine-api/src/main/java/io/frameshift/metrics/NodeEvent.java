package io.frameshift.metrics;

/**
 * One plan node run.
 *
 * @param node the node's one-line description
 * @param kind its operation kind (lower case)
 * @param engine the engine that ran it
 * @param inputRows rows it read (-1 when unknown)
 * @param outputRows rows it produced (-1 when unknown, e.g. a lazy Spark node)
 * @param nanos wall time of the engine call
 * @param estimatedRows the rows the selector's estimator expected the node to produce when it
 *     placed it (-1 when unknown), to set beside {@code outputRows}
 */
public record NodeEvent(
    String node,
    String kind,
    String engine,
    long inputRows,
    long outputRows,
    long nanos,
    long estimatedRows) {

  /** A node run without an estimate. */
  public NodeEvent(
      String node, String kind, String engine, long inputRows, long outputRows, long nanos) {
    this(node, kind, engine, inputRows, outputRows, nanos, -1);
  }
}
