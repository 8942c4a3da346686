package io.frameshift.pipeline;

import io.frameshift.metrics.FallbackEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a stream run did: every batch with its rows, engines, time and outcome, the dead letters
 * written, and each engine's share.
 *
 * @param stream the stream's id in commits: {@code pipeline/input}
 * @param source what the source reads
 * @param resumedAfter the position the source resumed after (the last batch every sink had
 *     committed), or null for a fresh start
 * @param batches every batch taken from the source, in order
 * @param deadLetters the records written to the dead-letter folder
 * @param sourceError why the source stopped early, or null when it ended normally
 * @param engines per engine, sorted by name, its share of every try of every batch, each try
 *     counted as one run
 * @param sinks each sink with the time of all its writes ({@code path/batch-<id>} for files)
 * @param elapsed the whole run's time
 */
public record StreamReport(
    String stream,
    String source,
    String resumedAfter,
    List<BatchReport> batches,
    List<DeadLetter> deadLetters,
    String sourceError,
    List<EngineUse> engines,
    List<RunReport.SinkReport> sinks,
    Duration elapsed) {

  /** Whether every batch reached every sink and the source did not fail. */
  public boolean ok() {
    return sourceError == null && deadLetters.isEmpty();
  }

  /** The batches with this outcome. */
  public long count(Outcome outcome) {
    return batches.stream().filter(b -> b.outcome() == outcome).count();
  }

  /** What became of a batch. */
  public enum Outcome {
    /** Written to every sink that did not hold it yet. */
    COMMITTED,
    /** Every sink held it already (a restarted run): nothing written. */
    SKIPPED,
    /** Failed every try: recorded in the dead-letter folder. */
    DEAD_LETTER
  }

  /**
   * One batch.
   *
   * @param id the batch's id
   * @param reference where its rows came from
   * @param rowsIn its rows, -1 when not read
   * @param rowsOut rows of its result, -1 when not computed
   * @param nodes plan nodes run per engine (the last try)
   * @param switched whether its engines differ from the previous committed batch's
   * @param elapsed its time, tries and waits included
   * @param attempts tries made (0 when skipped)
   * @param outcome what became of it
   * @param sinks the sinks it was written to
   * @param fallbacks nodes that fell back to another engine
   * @param error the last try's error, or null
   */
  public record BatchReport(
      String id,
      String reference,
      long rowsIn,
      long rowsOut,
      Map<String, Integer> nodes,
      boolean switched,
      Duration elapsed,
      int attempts,
      Outcome outcome,
      List<String> sinks,
      List<FallbackEvent> fallbacks,
      String error) {

    /** The engines that ran its nodes. */
    public Set<String> engines() {
      return nodes.keySet();
    }
  }

  /**
   * A dead-letter record written.
   *
   * @param batch the failed batch's id, or null when the source failed
   * @param record the record's file
   * @param error the error
   */
  public record DeadLetter(String batch, Path record, String error) {}

  /** The stream's part of a run report page: batches and dead letters. */
  String toHtml() {
    StringBuilder h = new StringBuilder();
    h.append("<h3>Stream ")
        .append(RunReport.esc(stream))
        .append("</h3>\n<p>")
        .append(count(Outcome.COMMITTED))
        .append(" committed, ")
        .append(count(Outcome.SKIPPED))
        .append(" skipped, ")
        .append(count(Outcome.DEAD_LETTER))
        .append(" dead letters")
        .append(resumedAfter == null ? "" : "; resumed after " + RunReport.esc(resumedAfter))
        .append(sourceError == null ? "" : "; source failed: " + RunReport.esc(sourceError))
        .append("</p>\n<table><tr><th>batch</th><th>rows in</th><th>rows out</th>")
        .append("<th>engines</th><th>ms</th><th>tries</th><th>outcome</th></tr>\n");
    for (BatchReport b : batches) {
      h.append("<tr><td>")
          .append(RunReport.esc(b.id()))
          .append("</td><td>")
          .append(b.rowsIn())
          .append("</td><td>")
          .append(b.rowsOut())
          .append("</td><td>")
          .append(RunReport.esc(String.join(", ", b.engines())))
          .append(b.switched() ? " (switched)" : "")
          .append("</td><td>")
          .append(b.elapsed().toMillis())
          .append("</td><td>")
          .append(b.attempts())
          .append("</td><td class=\"")
          .append(b.outcome() == Outcome.DEAD_LETTER ? "fail" : "ok")
          .append("\">")
          .append(b.outcome().name().toLowerCase(Locale.ROOT))
          .append(b.error() == null ? "" : ": " + RunReport.esc(b.error()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    if (!deadLetters.isEmpty()) {
      h.append(
          "<h4>Dead letters</h4>\n<table><tr><th>batch</th><th>record</th><th>error</th></tr>\n");
      for (DeadLetter d : deadLetters) {
        h.append("<tr><td>")
            .append(RunReport.esc(d.batch()))
            .append("</td><td>")
            .append(RunReport.esc(d.record().toString()))
            .append("</td><td>")
            .append(RunReport.esc(d.error()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    return h.toString();
  }
}
