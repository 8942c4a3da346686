package io.frameshift.pipeline;

import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a {@link Pipeline#run} did: per input, the rows read and written, the time, the sinks, and
 * the engine of every plan node with transfers and fallbacks, as the session's listener events
 * reported them. {@link #toHtml()} renders it as one self-contained page.
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
      StreamReport stream) {

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

  /** One HTML page with no script and no link out: it opens anywhere, offline. */
  public String toHtml() {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Pipeline ")
        .append(esc(pipeline))
        .append("</title><style>")
        .append(
            "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:.5em 0}")
        .append("td,th{border:1px solid #bbb;padding:.2em .6em;text-align:left}")
        .append(".fail{color:#b00}.ok{color:#070}.bar{background:#4a7;height:.8em}")
        .append("</style></head><body>\n<h1>Pipeline ")
        .append(esc(pipeline))
        .append("</h1>\n<p>Spec <code>")
        .append(esc(file))
        .append("</code>, engine ")
        .append(esc(engine))
        .append(", started ")
        .append(esc(started.toString()))
        .append(", ")
        .append(ms(elapsed))
        .append(" ms: <span class=\"")
        .append(ok() ? "ok\">ok" : "fail\">failed")
        .append("</span></p>\n<h2>Inputs</h2>\n<table><tr><th>input</th><th>source</th>")
        .append("<th>engines</th><th>rows in</th><th>rows out</th><th>ms</th><th>fallbacks</th>")
        .append("<th>result</th></tr>\n");
    for (InputReport in : inputs) {
      h.append("<tr><td>")
          .append(esc(in.input()))
          .append("</td><td>")
          .append(esc(in.source()))
          .append("</td><td>")
          .append(esc(String.join(", ", in.engines())))
          .append("</td><td>")
          .append(in.rowsIn())
          .append("</td><td>")
          .append(in.rowsOut())
          .append("</td><td>")
          .append(ms(in.elapsed()))
          .append("</td><td>")
          .append(in.fallbacks().size())
          .append("</td><td class=\"")
          .append(in.ok() ? "ok\">ok" : "fail\">" + esc(in.error()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n<h2>Engines</h2>\n<table><tr><th>engine</th><th>runs</th>")
        .append("<th>failures</th><th>nodes</th><th>fallbacks</th></tr>\n");
    for (EngineStats e : engineStats()) {
      h.append("<tr><td>")
          .append(esc(e.engine()))
          .append("</td><td>")
          .append(e.runs())
          .append("</td><td>")
          .append(e.failures())
          .append("</td><td>")
          .append(e.nodes())
          .append("</td><td>")
          .append(e.fallbacks())
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    for (InputReport in : inputs) {
      h.append("<h2>Input ").append(esc(in.input())).append("</h2>\n");
      if (in.stream() != null) {
        h.append(in.stream().toHtml());
      }
      h.append(
          "<h3>Sinks</h3>\n<table><tr><th>sink</th><th>target</th><th>mode</th><th>ms</th></tr>\n");
      for (SinkReport s : in.sinks()) {
        h.append("<tr><td>")
            .append(esc(s.sink()))
            .append("</td><td>")
            .append(esc(s.target()))
            .append("</td><td>")
            .append(esc(s.mode()))
            .append("</td><td>")
            .append(ms(s.elapsed()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n<h3>Plan nodes</h3>\n<table><tr><th>node</th><th>kind</th>")
          .append(
              "<th>engine</th><th>rows in</th><th>rows out</th><th>ms</th><th>time</th></tr>\n");
      long longest = in.nodes().stream().mapToLong(NodeEvent::nanos).max().orElse(1);
      for (NodeEvent n : in.nodes()) {
        h.append("<tr><td>")
            .append(esc(n.node()))
            .append("</td><td>")
            .append(esc(n.kind()))
            .append("</td><td>")
            .append(esc(n.engine()))
            .append("</td><td>")
            .append(n.inputRows())
            .append("</td><td>")
            .append(n.outputRows())
            .append("</td><td>")
            .append(String.format(Locale.ROOT, "%.1f", n.nanos() / 1e6))
            .append("</td><td style=\"width:12em\"><div class=\"bar\" style=\"width:")
            .append(Math.max(1, Math.round(100.0 * n.nanos() / Math.max(1, longest))))
            .append("%\"></div></td></tr>\n");
      }
      h.append("</table>\n");
      if (!in.transfers().isEmpty()) {
        h.append(
            "<h3>Transfers</h3>\n<table><tr><th>from</th><th>to</th><th>rows</th><th>ms</th></tr>\n");
        for (TransferEvent t : in.transfers()) {
          h.append("<tr><td>")
              .append(esc(t.from()))
              .append("</td><td>")
              .append(esc(t.to()))
              .append("</td><td>")
              .append(t.rows())
              .append("</td><td>")
              .append(String.format(Locale.ROOT, "%.1f", t.nanos() / 1e6))
              .append("</td></tr>\n");
        }
        h.append("</table>\n");
      }
      if (!in.fallbacks().isEmpty()) {
        h.append("<h3>Fallbacks</h3>\n<table><tr><th>node</th><th>failed</th><th>ran on</th>")
            .append("<th>cause</th></tr>\n");
        for (FallbackEvent f : in.fallbacks()) {
          h.append("<tr><td>")
              .append(esc(f.node()))
              .append("</td><td>")
              .append(esc(f.failed()))
              .append("</td><td>")
              .append(esc(f.to()))
              .append("</td><td>")
              .append(esc(f.cause()))
              .append("</td></tr>\n");
        }
        h.append("</table>\n");
      }
    }
    return h.append("</body></html>\n").toString();
  }

  private static long ms(Duration d) {
    return d.toMillis();
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
