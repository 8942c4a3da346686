package io.frameshift.pipeline;

import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link Pipeline#run} did: per input, the rows read and written, the time, the sinks, and
 * the engine of every plan node with transfers and fallbacks, as the session's listener events
 * reported them, and each input's placed plan and timeline. {@link #toHtml()} renders it as one
 * self-contained page.
 *
 * @param pipeline the pipeline's name
 * @param file its spec file
 * @param engine the pipeline's engine setting
 * @param started when the run started
 * @param elapsed how long it took
 * @param inputs one report per input, in run order
 */
public record RunReport(
    String pipeline,
    String file,
    String engine,
    Instant started,
    Duration elapsed,
    List<InputReport> inputs) {

  /** Whether every input ran into every sink. */
  public boolean ok() {
    return inputs.stream().allMatch(InputReport::ok);
  }

  /**
   * One input's run.
   *
   * @param input the source's name
   * @param source what it reads: {@code csv data/orders.csv}, {@code table lake.s.t}
   * @param rowsIn rows of the source (counted by a read of its own), -1 if the run failed first
   * @param rowsOut rows of the result written to each sink, -1 if the run failed first
   * @param elapsed time of the whole input: counts, steps and writes
   * @param sinks the sinks written, in order
   * @param nodes every plan node run, with its engine, rows and time
   * @param transfers every frame moved between engines
   * @param fallbacks every node that fell back to another engine
   * @param error the failure, or null
   * @param stream the batches of a stream input, or null for a batch input
   * @param trace the placed plan with estimated and actual rows, and the timeline of the run
   * @param attempts the tries a batch input took (its read and its run counted apart, the larger
   *     here); 1 for a stream input, whose batches count their own
   * @param deadLetter the dead-letter record of a batch input that failed every try, or null
   */
  public record InputReport(
      String input,
      String source,
      long rowsIn,
      long rowsOut,
      Duration elapsed,
      List<SinkReport> sinks,
      List<NodeEvent> nodes,
      List<TransferEvent> transfers,
      List<FallbackEvent> fallbacks,
      String error,
      StreamReport stream,
      Trace trace,
      int attempts,
      String deadLetter) {

    public boolean ok() {
      return error == null;
    }

    /** The engines that ran at least one node, sorted. */
    public Set<String> engines() {
      Set<String> out = new TreeSet<>();
      nodes.forEach(n -> out.add(n.engine()));
      return out;
    }
  }

  /**
   * One sink written.
   *
   * @param sink {@code sinks[0] (name)}
   * @param target the path or table written
   * @param mode the write mode
   * @param elapsed the write's time
   */
  public record SinkReport(String sink, String target, String mode, Duration elapsed) {}

  /** Writes {@link #toHtml()} to {@code file}. */
  public void writeHtml(Path file) {
    Pipeline.writeFile(file, toHtml());
  }

  /**
   * Per engine, sorted by name, its share of every input: a batch input counts as one run, each try
   * of a stream batch as one (as {@link StreamReport#engines()} counts them).
   */
  public List<EngineUse> engineUse() {
    Map<String, EngineUse> out = new TreeMap<>();
    for (InputReport in : inputs) {
      List<EngineUse> use =
          in.stream() != null
              ? in.stream().engines()
              : EngineUse.of(in.nodes(), in.transfers(), in.fallbacks(), !in.ok());
      use.forEach(e -> EngineUse.add(out, e));
    }
    return List.copyOf(out.values());
  }

  /**
   * One self-contained HTML page: inline style, an inline script that draws each input's timeline
   * as SVG from the report's data embedded in the page, nothing loaded from elsewhere. Every value
   * is escaped; the tables read without the script.
   */
  public String toHtml() {
    return ReportHtml.render(this);
  }

  /** Escapes text for HTML element content and double-quoted attributes. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
