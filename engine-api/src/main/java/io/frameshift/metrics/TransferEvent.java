package io.frameshift.metrics;

/**
 * A frame handed from one engine to another.
 *
 * @param from the engine that held it
 * @param to the engine that received it
 * @param rows rows moved (-1 when unknown)
 * @param nanos wall time of export and import (for a lazy engine handing a frame over, this
 *     includes computing it)
 * @param bytes Arrow buffer bytes moved (-1 when unknown)
 * @param node the one-line description of the plan node whose output moved (null when unknown)
 */
public record TransferEvent(
    String from, String to, long rows, long nanos, long bytes, String node) {

  /** A transfer whose size and node are unknown. */
  public TransferEvent(String from, String to, long rows, long nanos) {
    this(from, to, rows, nanos, -1, null);
  }
}
