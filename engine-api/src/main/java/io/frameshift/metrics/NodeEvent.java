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
 */
public record NodeEvent(
    String node, String kind, String engine, long inputRows, long outputRows, long nanos) {}
