package io.frameshift.metrics;

/**
 * A node moved to another engine after its engine failed.
 *
 * @param node the node's description
 * @param failed the engine that failed
 * @param to the engine that ran it instead
 * @param cause the failure's message
 */
public record FallbackEvent(String node, String failed, String to, String cause) {}
