package io.frameshift.pipeline;

import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

  /**
   * Per engine: the inputs (for a stream, the tries of its batches) that ran a node on it, how many
   * of those failed, its nodes, and its nodes that fell back to another engine.
   */
  public List<EngineStats> engineStats() {
    Map<String, EngineStats> out = new TreeMap<>();
    for (InputReport in : inputs) {
      if (in.stream() != null) {
        in.stream().engines().forEach(e -> out.merge(e.engine(), e, EngineStats::plus));
        continue;
      }
      Map<String, Long> nodes = new TreeMap<>();
      in.nodes().forEach(n -> nodes.merge(n.engine(), 1L, Long::sum));
      Set<String> engines = new TreeSet<>(nodes.keySet());
      in.fallbacks().forEach(f -> engines.add(f.failed()));
      for (String e : engines) {
        boolean ran = nodes.containsKey(e);
        long fallbacks = in.fallbacks().stream().filter(f -> f.failed().equals(e)).count();
        out.merge(
            e,
            new EngineStats(
                e, ran ? 1 : 0, ran && !in.ok() ? 1 : 0, nodes.getOrDefault(e, 0L), fallbacks),
            EngineStats::plus);
      }
    }
    return List.copyOf(out.values());
  }

  /** Writes {@link #toHtml()} to {@code file}. */
  public void writeHtml(Path file) {
    Pipeline.writeFile(file, toHtml());
  }

  /**
   * Per engine, what it did over every input: nodes run and their time, rows produced, frames moved
   * in and out, fallbacks away from it and onto it. Sorted by engine name.
   */
  public List<EngineUse> engineUse() {
    Map<String, long[]> t = new TreeMap<>();
    for (InputReport in : inputs) {
      for (NodeEvent n : in.nodes()) {
        long[] e = t.computeIfAbsent(n.engine(), k -> new long[9]);
        e[0]++;
        e[1] += n.nanos();
        e[2] += Math.max(0, n.outputRows());
      }
      for (TransferEvent x : in.transfers()) {
        long[] to = t.computeIfAbsent(x.to(), k -> new long[9]);
        to[3]++;
        to[5] += Math.max(0, x.rows());
        to[6] += Math.max(0, x.bytes());
        t.computeIfAbsent(x.from(), k -> new long[9])[4]++;
      }
      for (FallbackEvent f : in.fallbacks()) {
        t.computeIfAbsent(f.failed(), k -> new long[9])[7]++;
        t.computeIfAbsent(f.to(), k -> new long[9])[8]++;
      }
    }
    List<EngineUse> out = new ArrayList<>();
    t.forEach(
        (k, e) -> out.add(new EngineUse(k, e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7], e[8])));
    return out;
  }

  /**
   * One engine's share of a run.
   *
   * @param engine the engine
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
      long nodes,
      long nanos,
      long rowsOut,
      long transfersIn,
      long transfersOut,
      long rowsIn,
      long bytesIn,
      long fallbacksFrom,
      long fallbacksTo) {}

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
