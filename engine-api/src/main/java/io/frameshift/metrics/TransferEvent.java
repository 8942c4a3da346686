package io.frameshift.metrics;

/**
 * A frame handed from one engine to another.
 *
 * @param from the engine that held it
 * @param to the engine that received it
 * @param rows rows moved (-1 when unknown)
 * @param nanos wall time of export and import
 */
public record TransferEvent(String from, String to, long rows, long nanos) {}
