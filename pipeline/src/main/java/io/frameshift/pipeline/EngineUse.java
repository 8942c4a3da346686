package io.frameshift.pipeline;

import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One engine's share of a run: the units of work that ran a plan node on it (a batch input, or one
 * try of a stream batch) and how many of those failed, its nodes with their time and rows, the
 * frames moved onto and away from it, and the nodes that fell back away from it and onto it.
 *
 * @param engine the engine
 * @param runs units of work that ran at least one node on it
 * @param failures of those, the units that failed
 * @param nodes plan nodes it ran
 * @param nanos their time
 * @param rowsOut rows they produced, where the engine counted them
 * @param transfersIn frames moved onto it
 * @param transfersOut frames moved away from it
 * @param rowsIn rows moved onto it
 * @param bytesIn Arrow bytes moved onto it
 * @param fallbacksFrom nodes that failed on it and ran elsewhere
 * @param fallbacksTo nodes that failed elsewhere and ran on it
 */
public record EngineUse(
    String engine,
    long runs,
    long failures,
    long nodes,
    long nanos,
    long rowsOut,
    long transfersIn,
    long transfersOut,
    long rowsIn,
    long bytesIn,
    long fallbacksFrom,
    long fallbacksTo) {

  /**
   * Per engine, sorted by name, one unit of work's share as its listener events show it; {@code
   * failed} counts the unit as a failure on every engine that ran a node of it.
   */
  static List<EngineUse> of(
      List<NodeEvent> nodes,
      List<TransferEvent> transfers,
      List<FallbackEvent> fallbacks,
      boolean failed) {
    Map<String, EngineUse> out = new TreeMap<>();
    for (NodeEvent n : nodes) {
      add(
          out,
          new EngineUse(
              n.engine(), 0, 0, 1, n.nanos(), Math.max(0, n.outputRows()), 0, 0, 0, 0, 0, 0));
    }
    for (TransferEvent x : transfers) {
      add(
          out,
          new EngineUse(
              x.to(), 0, 0, 0, 0, 0, 1, 0, Math.max(0, x.rows()), Math.max(0, x.bytes()), 0, 0));
      add(out, new EngineUse(x.from(), 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0));
    }
    for (FallbackEvent f : fallbacks) {
      add(out, new EngineUse(f.failed(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0));
      add(out, new EngineUse(f.to(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1));
    }
    out.replaceAll(
        (engine, e) ->
            e.nodes == 0
                ? e
                : e.plus(new EngineUse(engine, 1, failed ? 1 : 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
    return List.copyOf(out.values());
  }

  /** Adds {@code use} into {@code into}, under its engine. */
  static void add(Map<String, EngineUse> into, EngineUse use) {
    into.merge(use.engine, use, EngineUse::plus);
  }

  private EngineUse plus(EngineUse o) {
    return new EngineUse(
        engine,
        runs + o.runs,
        failures + o.failures,
        nodes + o.nodes,
        nanos + o.nanos,
        rowsOut + o.rowsOut,
        transfersIn + o.transfersIn,
        transfersOut + o.transfersOut,
        rowsIn + o.rowsIn,
        bytesIn + o.bytesIn,
        fallbacksFrom + o.fallbacksFrom,
        fallbacksTo + o.fallbacksTo);
  }
}
