package io.frameshift.metrics;

/**
 * Receives what the executor does, as it does it: register one with {@code
 * Frameshift.builder().listener(..)}. Calls come from the thread running the action, except {@link
 * #onProgress}, which may come from the threads doing the reading or writing (an engine's workers,
 * Spark's listener thread) one at a time; a listener must be quick and must not throw.
 */
public interface ExecutionListener {
  /** A plan node ran (for Spark: was added to its lazy plan, or materialised). */
  default void onNode(NodeEvent event) {}

  /** A frame moved from one engine to another through Arrow. */
  default void onTransfer(TransferEvent event) {}

  /** A node failed on its engine for an engine reason and was run on another. */
  default void onFallback(FallbackEvent event) {}

  /**
   * A read or write that has run for a while (setting {@code frameshift.progress.after}, 2 s by
   * default) has got this far; a last event, {@link ProgressEvent#finished()}, says it completed.
   * The events of one read or write come one at a time, with bytes that never decrease.
   */
  default void onProgress(ProgressEvent event) {}

  /**
   * An action that ran an enrichment ({@code DataFrame.enrich}) ended, successfully or not: its
   * calls, retries, errors, latencies and circuit breaker state.
   */
  default void onEnrich(EnrichEvent event) {}
}
