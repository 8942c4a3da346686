package io.frameshift.pipeline;

import java.util.List;

/**
 * What one input's run looked like, for the report's plan and chart: the plan as the selector
 * placed it (each node's engine and estimated rows, beside the rows it produced), and a timeline of
 * the input's phases, plan nodes and transfers.
 *
 * @param plan the placed plan of the input's result, or null when the input failed before it was
 *     placed
 * @param spans what ran, in the order it finished, with times from the input's start
 */
public record Trace(PlanNode plan, List<Span> spans) {

  /**
   * One node of the placed plan.
   *
   * @param node its one-line description
   * @param kind its operation kind
   * @param engine the engine the selector placed it on
   * @param reason why
   * @param estimatedRows the estimator's output rows when the plan was placed
   * @param actualRows the rows it produced in this run: counted by the engine, or moved to another
   *     engine; -1 when the engine did not count them (a lazy engine's node inside its plan)
   * @param transfersIn the moves of inputs computed on another engine, {@code spark -> local}
   * @param children its inputs
   */
  public record PlanNode(
      String node,
      String kind,
      String engine,
      String reason,
      long estimatedRows,
      long actualRows,
      List<String> transfersIn,
      List<PlanNode> children) {}

  /** What a span of the timeline stands for. */
  public enum Kind {
    /** A part of the input's run: counting the source, computing the result, writing a sink. */
    PHASE,
    /** A plan node's engine call. */
    NODE,
    /** A frame handed from one engine to another. */
    TRANSFER
  }

  /**
   * One bar of the timeline.
   *
   * @param kind what it stands for
   * @param label the phase, the node's description, or {@code spark -> local}
   * @param engine the engine that ran it (the receiving one for a transfer); null for a phase
   * @param startNanos when it started, from the input's start
   * @param nanos how long it took
   * @param estimatedRows a node's estimated output rows; -1 otherwise or when unknown
   * @param rows rows produced or moved; -1 when unknown
   * @param bytes bytes moved by a transfer; -1 otherwise
   */
  public record Span(
      Kind kind,
      String label,
      String engine,
      long startNanos,
      long nanos,
      long estimatedRows,
      long rows,
      long bytes) {}
}
