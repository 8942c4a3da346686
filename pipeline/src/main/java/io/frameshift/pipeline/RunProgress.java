package io.frameshift.pipeline;

/**
 * Told as a {@link Pipeline#run(io.frameshift.Frameshift, RunProgress)} goes through its inputs,
 * from the thread running it: the command line prints it. The session's listeners ({@code
 * Frameshift.addListener}) tell of the nodes and the reads and writes within each input.
 */
public interface RunProgress {
  /** Nothing told. */
  RunProgress NONE = new Silent();

  /** Input {@code index} (from 1) of {@code total} starts. */
  void started(String input, int index, int total);

  /** Input {@code index} (from 1) of {@code total} ended, written or failed as its report says. */
  void finished(RunReport.InputReport report, int index, int total);

  /** Tells nothing. */
  final class Silent implements RunProgress {
    private Silent() {}

    @Override
    public void started(String input, int index, int total) {}

    @Override
    public void finished(RunReport.InputReport report, int index, int total) {}
  }
}
