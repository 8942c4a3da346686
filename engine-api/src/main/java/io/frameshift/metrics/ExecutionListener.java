package io.frameshift.metrics;

/**
 * Receives what the executor does, as it does it: register one with {@code
 * Frameshift.builder().listener(..)}. Calls come from the thread running the action; a listener
 * must be quick and must not throw.
 */
public interface ExecutionListener {
  /** A plan node ran (for Spark: was added to its lazy plan, or materialised). */
  default void onNode(NodeEvent event) {}

  /** A frame moved from one engine to another through Arrow. */
  default void onTransfer(TransferEvent event) {}

  /** A node failed on its engine for an engine reason and was run on another. */
  default void onFallback(FallbackEvent event) {}
}
