package io.frameshift.select;

/**
 * Where one plan node runs, and why.
 *
 * @param engine the engine's name
 * @param reason the rule that decided, in words, for logs and {@code explain()}
 * @param estimate the node's estimated output size
 */
public record Placement(String engine, String reason, Estimate estimate) {}
