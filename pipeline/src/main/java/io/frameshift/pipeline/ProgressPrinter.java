package io.frameshift.pipeline;

import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.metrics.TransferEvent;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The command line's progress on stderr: a line as each input starts and ends, one per plan node,
 * transfer and fallback within it, and the session's progress of long reads and writes (bytes,
 * rate, ETA). Calls come from the thread running the pipeline, except progress events (an engine's
 * workers), hence the lock.
 */
final class ProgressPrinter implements RunProgress, ExecutionListener {
  private final PrintWriter err;
  private String input = "";

  ProgressPrinter(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void started(String input, int index, int total) {
    this.input = input;
    err.printf(Locale.ROOT, "[%d/%d] %s: started%n", index, total, input);
    err.flush();
  }

  @Override
  public synchronized void finished(RunReport.InputReport r, int index, int total) {
    err.printf(
        Locale.ROOT,
        "[%d/%d] %s: %s in %d ms%n",
        index,
        total,
        r.input(),
        r.ok()
            ? "done, " + r.rowsIn() + " rows in, " + r.rowsOut() + " out, engines " + r.engines()
            : "FAILED",
        r.elapsed().toMillis());
    err.flush();
  }

  @Override
  public synchronized void onNode(NodeEvent e) {
    err.printf(
        Locale.ROOT,
        "  %s: %s on %s, %.1f ms%s%n",
        input,
        e.node(),
        e.engine(),
        e.nanos() / 1e6,
        e.outputRows() >= 0 ? ", " + e.outputRows() + " rows" : "");
    err.flush();
  }

  @Override
  public synchronized void onTransfer(TransferEvent e) {
    err.printf(
        Locale.ROOT,
        "  %s: moved %d rows (%d bytes) %s -> %s in %.1f ms%n",
        input,
        e.rows(),
        e.bytes(),
        e.from(),
        e.to(),
        e.nanos() / 1e6);
    err.flush();
  }

  @Override
  public synchronized void onFallback(FallbackEvent e) {
    err.printf(
        Locale.ROOT, "  %s: %s fell back from %s to %s%n", input, e.node(), e.failed(), e.to());
    err.flush();
  }

  @Override
  public synchronized void onProgress(ProgressEvent e) {
    err.printf(Locale.ROOT, "  %s: %s%n", input, e.describe());
    err.flush();
  }
}
