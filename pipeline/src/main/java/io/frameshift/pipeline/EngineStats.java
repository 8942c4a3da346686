package io.frameshift.pipeline;

/**
 * What one engine did in a run: the units of work (a batch input, or one try of a stream batch)
 * that ran at least one plan node on it, how many of those failed, and how many nodes failed on it
 * and fell back to another engine.
 *
 * @param engine the engine's name
 * @param runs units that ran a node on it
 * @param failures of those, the units that failed
 * @param nodes plan nodes it ran
 * @param fallbacks nodes that failed on it and ran on another engine
 */
public record EngineStats(String engine, long runs, long failures, long nodes, long fallbacks) {
  EngineStats plus(EngineStats o) {
    return new EngineStats(
        engine, runs + o.runs, failures + o.failures, nodes + o.nodes, fallbacks + o.fallbacks);
  }
}
