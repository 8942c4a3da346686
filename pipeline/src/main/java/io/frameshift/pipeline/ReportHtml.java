package io.frameshift.pipeline;

import static io.frameshift.pipeline.RunReport.esc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.metrics.FallbackEvent;
import io.frameshift.metrics.NodeEvent;
import io.frameshift.metrics.TransferEvent;
import io.frameshift.pipeline.RunReport.InputReport;
import io.frameshift.pipeline.RunReport.SinkReport;
import io.frameshift.pipeline.Trace.PlanNode;
import io.frameshift.pipeline.Trace.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link RunReport} as one HTML page that opens offline: style and script inline, the
 * timeline drawn as SVG by the script from the report's data embedded as JSON (so the chart scales
 * to the run and shows details on hover), and every figure also in a table that reads without it.
 */
final class ReportHtml {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportHtml() {}

  private static final String STYLE =
      """
      body{font-family:system-ui,sans-serif;margin:2em;color:#222}
      table{border-collapse:collapse;margin:.5em 0}
      td,th{border:1px solid #bbb;padding:.2em .6em;text-align:left;vertical-align:top}
      td.n{text-align:right;font-variant-numeric:tabular-nums}
      .fail{color:#b00}.ok{color:#070}.off{color:#a60}
      .eng{display:inline-block;padding:0 .4em;border-radius:.3em;color:#fff;font-size:.85em}
      ul.plan,ul.plan ul{list-style:none;padding-left:1.4em;margin:0}
      ul.plan li{margin:.15em 0}ul.plan code{font-size:.9em}
      .why{color:#666;font-size:.85em}.move{color:#7a3e9d;font-size:.85em}
      svg.timeline{display:block;margin:.5em 0;font-size:11px}
      .legend span{margin-right:1em}
      """;

  /**
   * Draws each {@code svg.timeline} from the JSON in {@code #report-data}: one row per span
   * (phases, nodes, transfers), placed on a shared time axis, coloured by engine, with a title for
   * hover. Marks what it drew ({@code data-bars}, each bar's rendered width) so a browser test can
   * check.
   */
  private static final String SCRIPT =
      """
      (function () {
        var data = JSON.parse(document.getElementById('report-data').textContent);
        var colours = {local: '#2f9e6b', spark: '#e8743b'};
        var spare = ['#4c6ef5', '#ae3ec9', '#f59f00', '#1098ad'];
        function colour(engine) {
          if (!engine) { return '#9aa0a6'; }
          if (!colours[engine]) { colours[engine] = spare[Object.keys(colours).length % spare.length]; }
          return colours[engine];
        }
        function esc(s) {
          return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;');
        }
        function ms(nanos) { return (nanos / 1e6).toFixed(1) + ' ms'; }
        document.querySelectorAll('svg.timeline').forEach(function (svg) {
          // by start, so a phase comes before the nodes it ran (the data is in finishing order)
          var spans = data.inputs[Number(svg.getAttribute('data-input'))].spans.slice()
            .sort(function (a, b) { return a.startNanos - b.startNanos; });
          var end = 1;
          spans.forEach(function (s) { end = Math.max(end, s.startNanos + s.nanos); });
          var label = 300, width = 960, row = 18, top = 22, right = 50;
          var scale = (width - label - right) / end;
          var out = [];
          for (var i = 0; i <= 4; i++) {
            var x = label + (width - label - right) * i / 4;
            out.push('<line x1="' + x + '" y1="14" x2="' + x + '" y2="' + (top + spans.length * row)
              + '" stroke="#ddd"></line><text x="' + x + '" y="10" text-anchor="middle">'
              + ms(end * i / 4) + '</text>');
          }
          spans.forEach(function (s, i) {
            var y = top + i * row;
            var w = Math.max(1, s.nanos * scale);
            var name = (s.kind === 'PHASE' ? '' : s.kind === 'TRANSFER' ? 'transfer ' : '')
              + s.label;
            var title = name + (s.engine ? ' [' + s.engine + ']' : '') + ': ' + ms(s.nanos)
              + (s.estimatedRows >= 0 ? ', est ' + s.estimatedRows + ' rows' : '')
              + (s.rows >= 0 ? ', ' + s.rows + ' rows' : '')
              + (s.bytes >= 0 ? ', ' + s.bytes + ' bytes' : '');
            out.push('<text x="' + (label - 6) + '" y="' + (y + 12) + '" text-anchor="end">'
              + esc(name.length > 46 ? name.substring(0, 45) + '\\u2026' : name) + '</text>'
              + '<rect class="bar bar-' + s.kind.toLowerCase() + '" data-engine="'
              + esc(s.engine || '') + '" data-nanos="' + s.nanos + '" x="'
              + (label + s.startNanos * scale) + '" y="' + (y + 2) + '" width="' + w
              + '" height="' + (row - 5) + '" fill="'
              + (s.kind === 'TRANSFER' ? '#7a3e9d' : colour(s.engine)) + '"><title>'
              + esc(title) + '</title></rect>');
          });
          svg.setAttribute('width', width);
          svg.setAttribute('height', top + spans.length * row + 4);
          svg.innerHTML = out.join('');
          svg.querySelectorAll('rect.bar').forEach(function (r) {
            r.setAttribute('data-drawn-width', r.getBoundingClientRect().width.toFixed(2));
          });
          svg.setAttribute('data-bars', String(svg.querySelectorAll('rect.bar').length));
        });
        document.querySelectorAll('.eng').forEach(function (e) {
          e.style.background = colour(e.getAttribute('data-engine'));
        });
        document.body.setAttribute('data-rendered', 'true');
      })();
      """;

  static String render(RunReport r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Pipeline ")
        .append(esc(r.pipeline()))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>Pipeline ")
        .append(esc(r.pipeline()))
        .append("</h1>\n<p>Spec <code>")
        .append(esc(r.file()))
        .append("</code>, engine ")
        .append(esc(r.engine()))
        .append(", started ")
        .append(esc(r.started().toString()))
        .append(", ")
        .append(r.elapsed().toMillis())
        .append(" ms: <span class=\"")
        .append(r.ok() ? "ok\">ok" : "fail\">failed")
        .append("</span></p>\n");
    engines(r, h);
    inputs(r, h);
    for (int i = 0; i < r.inputs().size(); i++) {
      input(r.inputs().get(i), i, h);
    }
    h.append("<script type=\"application/json\" id=\"report-data\">")
        .append(data(r))
        .append("</script>\n<script>")
        .append(SCRIPT)
        .append("</script>\n</body></html>\n");
    return h.toString();
  }

  private static void engines(RunReport r, StringBuilder h) {
    h.append("<h2>Engines</h2>\n<table id=\"engines\"><tr><th>engine</th><th>runs</th>")
        .append("<th>failed runs</th><th>nodes</th>")
        .append("<th>node ms</th><th>rows out</th><th>transfers in</th><th>rows moved in</th>")
        .append("<th>bytes moved in</th><th>transfers out</th><th>fell back from</th>")
        .append("<th>fell back to</th></tr>\n");
    for (EngineUse e : r.engineUse()) {
      h.append("<tr><td>")
          .append(badge(e.engine()))
          .append("</td>")
          .append(num(e.runs()))
          .append(num(e.failures()))
          .append(num(e.nodes()))
          .append(millis(e.nanos()))
          .append(num(e.rowsOut()))
          .append(num(e.transfersIn()))
          .append(num(e.rowsIn()))
          .append(num(e.bytesIn()))
          .append(num(e.transfersOut()))
          .append(num(e.fallbacksFrom()))
          .append(num(e.fallbacksTo()))
          .append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void inputs(RunReport r, StringBuilder h) {
    h.append("<h2>Inputs</h2>\n<table><tr><th>input</th><th>source</th>")
        .append("<th>engines</th><th>rows in</th><th>rows out</th><th>ms</th><th>transfers</th>")
        .append("<th>fallbacks</th><th>result</th></tr>\n");
    for (InputReport in : r.inputs()) {
      h.append("<tr><td>")
          .append(esc(in.input()))
          .append("</td><td>")
          .append(esc(in.source()))
          .append("</td><td>")
          .append(esc(String.join(", ", in.engines())))
          .append("</td>")
          .append(num(in.rowsIn()))
          .append(num(in.rowsOut()))
          .append(num(in.elapsed().toMillis()))
          .append(num(in.transfers().size()))
          .append(num(in.fallbacks().size()))
          .append("<td class=\"")
          .append(in.ok() ? "ok\">ok" : "fail\">" + esc(in.error()))
          .append(in.attempts() > 1 ? " (" + in.attempts() + " tries)" : "")
          .append(in.deadLetter() == null ? "" : "; dead letter " + esc(in.deadLetter()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void input(InputReport in, int index, StringBuilder h) {
    h.append("<h2>Input ").append(esc(in.input())).append("</h2>\n");
    if (in.stream() != null) {
      h.append(in.stream().toHtml());
    }
    if (in.trace().plan() != null) {
      h.append("<h3>Plan</h3>\n<p class=\"why\">Each node with the engine the selector placed it")
          .append(" on, the rows its estimator expected and the rows the run produced")
          .append(" (&#8212;: not counted, a node inside a lazy engine's plan).</p>\n")
          .append("<ul class=\"plan\">");
      plan(in.trace().plan(), h);
      h.append("</ul>\n");
    }
    h.append("<h3>Timeline</h3>\n<svg class=\"timeline\" data-input=\"")
        .append(index)
        .append("\" role=\"img\" aria-label=\"timeline of input ")
        .append(esc(in.input()))
        .append("\"></svg>\n");
    h.append("<h3>Sinks</h3>\n<table><tr><th>sink</th><th>target</th><th>mode</th><th>ms</th>")
        .append("</tr>\n");
    for (SinkReport s : in.sinks()) {
      h.append("<tr><td>")
          .append(esc(s.sink()))
          .append("</td><td>")
          .append(esc(s.target()))
          .append("</td><td>")
          .append(esc(s.mode()))
          .append("</td>")
          .append(num(s.elapsed().toMillis()))
          .append("</tr>\n");
    }
    h.append("</table>\n<h3>Plan nodes run</h3>\n<table class=\"nodes\"><tr><th>node</th>")
        .append("<th>kind</th><th>engine</th><th>rows in</th><th>estimated rows out</th>")
        .append("<th>rows out</th><th>ms</th></tr>\n");
    for (NodeEvent n : in.nodes()) {
      h.append("<tr><td>")
          .append(esc(n.node()))
          .append("</td><td>")
          .append(esc(n.kind()))
          .append("</td><td>")
          .append(badge(n.engine()))
          .append("</td>")
          .append(num(n.inputRows()))
          .append(num(n.estimatedRows()))
          .append(num(n.outputRows()))
          .append(millis(n.nanos()))
          .append("</tr>\n");
    }
    h.append("</table>\n");
    if (!in.transfers().isEmpty()) {
      h.append("<h3>Transfers</h3>\n<table class=\"transfers\"><tr><th>from</th><th>to</th>")
          .append("<th>output of</th><th>rows</th><th>bytes</th><th>ms</th></tr>\n");
      for (TransferEvent t : in.transfers()) {
        h.append("<tr><td>")
            .append(badge(t.from()))
            .append("</td><td>")
            .append(badge(t.to()))
            .append("</td><td>")
            .append(esc(t.node()))
            .append("</td>")
            .append(num(t.rows()))
            .append(num(t.bytes()))
            .append(millis(t.nanos()))
            .append("</tr>\n");
      }
      h.append("</table>\n");
    }
    if (!in.fallbacks().isEmpty()) {
      h.append("<h3>Fallbacks</h3>\n<table class=\"fallbacks\"><tr><th>node</th><th>failed</th>")
          .append("<th>ran on</th><th>cause</th></tr>\n");
      for (FallbackEvent f : in.fallbacks()) {
        h.append("<tr><td>")
            .append(esc(f.node()))
            .append("</td><td>")
            .append(badge(f.failed()))
            .append("</td><td>")
            .append(badge(f.to()))
            .append("</td><td>")
            .append(esc(f.cause()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
  }

  private static void plan(PlanNode n, StringBuilder h) {
    h.append("<li>")
        .append(badge(n.engine()))
        .append(" <code>")
        .append(esc(n.node()))
        .append("</code> est ")
        .append(n.estimatedRows() < 0 ? "?" : n.estimatedRows())
        .append(" rows, actual ")
        .append(n.actualRows() < 0 ? "&#8212;" : String.valueOf(n.actualRows()));
    if (n.estimatedRows() > 0 && n.actualRows() >= 0) {
      double ratio = (double) n.actualRows() / n.estimatedRows();
      // off by more than 10x either way: the estimate that misplaced work, if any did
      h.append(ratio > 10 || ratio < 0.1 ? " <span class=\"off\">" : " <span>")
          .append(String.format(Locale.ROOT, "(%.2fx)", ratio))
          .append("</span>");
    }
    for (String t : n.transfersIn()) {
      h.append(" <span class=\"move\">&#8592; Arrow transfer ").append(esc(t)).append("</span>");
    }
    h.append(" <span class=\"why\">").append(esc(n.reason())).append("</span>");
    if (!n.children().isEmpty()) {
      h.append("<ul>");
      n.children().forEach(c -> plan(c, h));
      h.append("</ul>");
    }
    h.append("</li>");
  }

  /** The spans of each input as JSON, safe inside a script element. */
  private static String data(RunReport r) {
    List<Map<String, Object>> inputs = new ArrayList<>();
    for (InputReport in : r.inputs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("input", in.input());
      List<Span> spans = in.trace().spans();
      m.put("spans", spans);
      inputs.add(m);
    }
    try {
      // '<' and '&' as escapes: no "</script>" or entity in the text can end or alter the element
      return JSON.writeValueAsString(Map.of("inputs", inputs))
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026")
          .replace("'", "\\u0027");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A report of records, lists and numbers renders as JSON", e);
    }
  }

  private static String badge(String engine) {
    // the script's colours for the engines that ship, so the tables read the same without it
    String colour =
        switch (engine == null ? "" : engine) {
          case "local" -> "#2f9e6b";
          case "spark" -> "#e8743b";
          default -> "#666";
        };
    return "<span class=\"eng\" data-engine=\""
        + esc(engine)
        + "\" style=\"background:"
        + colour
        + "\">"
        + esc(engine)
        + "</span>";
  }

  private static String num(long v) {
    return "<td class=\"n\">" + (v < 0 ? "&#8212;" : String.valueOf(v)) + "</td>";
  }

  private static String millis(long nanos) {
    return "<td class=\"n\">" + String.format(Locale.ROOT, "%.1f", nanos / 1e6) + "</td>";
  }
}
