package io.frameshift.spi;

/**
 * Where an engine reports how much of one read or write it has done: the executor hands one to
 * {@link Engine#load(io.frameshift.io.Source, Progress)}, {@link Engine#save(EngineFrame,
 * io.frameshift.io.Sink, Progress)} and {@link Engine#withProgress} and turns the calls into {@link
 * io.frameshift.metrics.ProgressEvent}s (throttled, logged). Thread-safe and cheap, but meant per
 * chunk of work (a buffer, a byte range, a batch, a row group, a part file, a task), not per row.
 */
@FunctionalInterface
public interface Progress {
  /** Reports nothing: for calls made outside an action, and engines' own uses of their readers. */
  Progress NONE = (rows, bytes) -> {};

  /**
   * Adds work done since the last call.
   *
   * @param rows rows done in this step, or -1 when this step does not count them (e.g. bytes of a
   *     text file consumed before its lines are parsed); every row must be counted once
   * @param bytes bytes read from the source's files, or written to the sink's, in this step
   */
  void advance(long rows, long bytes);
}
