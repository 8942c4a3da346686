package io.frameshift.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The results as a console table, a markdown table and an SVG bar chart (log-scaled seconds, one
 * bar per system and question). Times are the best of the runs; an answer that differs from the
 * reference (DuckDB's, else the first system's) is marked and fails the run's check.
 */
final class Report {
  private static final String LOCAL = "Frameshift local";
  private static final String SPARK = "Frameshift Spark";
  private static final String DUCKDB = "DuckDB";
  private static final String TABLESAW = "raw Tablesaw";
  private static final String RAW_SPARK = "raw Spark";
  private static final String[] COLORS = {
    "#1f77b4", "#9467bd", "#ff7f0e", "#8c564b", "#d62728", "#2ca02c"
  };

  private final DbBenchmark.Options options;
  private final long columnarBytes;
  private final List<DbBenchmark.Measurement> ms;
  private final List<DbBenchmark.Heap> heaps;
  private final List<String> systems = new ArrayList<>();
  private final Map<Question, Map<String, DbBenchmark.Measurement>> byQuestion =
      new LinkedHashMap<>();
  private final List<String> mismatches = new ArrayList<>();

  Report(
      DbBenchmark.Options options,
      long columnarBytes,
      List<DbBenchmark.Measurement> ms,
      List<DbBenchmark.Heap> heaps) {
    this.options = options;
    this.columnarBytes = columnarBytes;
    this.ms = ms;
    this.heaps = heaps;
    for (DbBenchmark.Measurement m : ms) {
      if (!systems.contains(m.system())) {
        systems.add(m.system());
      }
      byQuestion.computeIfAbsent(m.question(), q -> new LinkedHashMap<>()).put(m.system(), m);
    }
    check();
  }

  private void check() {
    for (var e : byQuestion.entrySet()) {
      Map<String, DbBenchmark.Measurement> row = e.getValue();
      Answer reference =
          row.containsKey(DUCKDB) && row.get(DUCKDB).answer() != null
              ? row.get(DUCKDB).answer()
              : row.values().stream()
                  .map(DbBenchmark.Measurement::answer)
                  .filter(a -> a != null)
                  .findFirst()
                  .orElse(null);
      for (DbBenchmark.Measurement m : row.values()) {
        if (m.answer() != null && reference != null && !m.answer().matches(reference)) {
          mismatches.add(
              e.getKey().title() + " " + m.system() + ": " + m.answer() + " vs " + reference);
        }
      }
    }
  }

  private boolean wrong(DbBenchmark.Measurement m) {
    return mismatches.stream().anyMatch(s -> s.startsWith(m.question().title() + " " + m.system()));
  }

  // ---- tables -----------------------------------------------------------------------------------

  private List<String> header() {
    List<String> h = new ArrayList<>(List.of("question", "what"));
    for (String s : systems) {
      h.add(s + " (s)");
    }
    h.add("local ÷ DuckDB");
    h.add("local ÷ raw Tablesaw");
    h.add("Spark ÷ raw Spark");
    if (options.interleave()) {
      h.add("Spark ÷ raw Spark, medians");
    }
    return h;
  }

  private List<List<String>> rows() {
    List<List<String>> rows = new ArrayList<>();
    for (var e : byQuestion.entrySet()) {
      Map<String, DbBenchmark.Measurement> row = e.getValue();
      List<String> cells = new ArrayList<>(List.of(e.getKey().title(), e.getKey().label()));
      for (String s : systems) {
        DbBenchmark.Measurement m = row.get(s);
        cells.add(m == null ? "" : cell(m));
      }
      cells.add(ratio(row, LOCAL, DUCKDB));
      cells.add(ratio(row, LOCAL, TABLESAW));
      cells.add(ratio(row, SPARK, RAW_SPARK));
      if (options.interleave()) {
        cells.add(ratio(row, SPARK, RAW_SPARK, DbBenchmark.Measurement::median));
      }
      rows.add(cells);
    }
    return rows;
  }

  private String cell(DbBenchmark.Measurement m) {
    if (m.error() != null) {
      return "error";
    }
    String t = String.format(Locale.ROOT, "%.3f", m.best());
    return wrong(m) ? t + " (wrong)" : t;
  }

  private static String ratio(Map<String, DbBenchmark.Measurement> row, String a, String b) {
    return ratio(row, a, b, DbBenchmark.Measurement::best);
  }

  private static String ratio(
      Map<String, DbBenchmark.Measurement> row,
      String a,
      String b,
      ToDoubleFunction<DbBenchmark.Measurement> time) {
    DbBenchmark.Measurement x = row.get(a);
    DbBenchmark.Measurement y = row.get(b);
    if (x == null || y == null || x.error() != null || y.error() != null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f", time.applyAsDouble(x) / time.applyAsDouble(y));
  }

  private String setup() {
    return String.format(
        Locale.ROOT,
        "%,d rows, K=%d, %d%% NA, %s; %d threads (DuckDB threads=%d; Spark local[%d], 4 shuffle"
            + " partitions); best of %d runs, each after a full garbage collection and"
            + " materialising its result, after %d untimed warm-up pass(es) over a tenth of the"
            + " rows (at least 200k)%s",
        options.rows(),
        options.k(),
        options.nas(),
        options.sorted() ? "sorted" : "random order",
        options.threads(),
        options.threads(),
        options.threads(),
        options.runs(),
        options.warmup(),
        options.interleave()
            ? "; all systems loaded together, taking turns on every run (order reversed every"
                + " other run)"
            : "");
  }

  void print() {
    System.out.println();
    System.out.println(setup());
    List<String> h = header();
    List<List<String>> rows = rows();
    int[] w = new int[h.size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = h.get(c).length();
      for (List<String> r : rows) {
        w[c] = Math.max(w[c], r.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, h, w);
    for (List<String> r : rows) {
      line(sb, r, w);
    }
    System.out.print(sb);
    System.out.println();
    System.out.println(heapText());
    errorsAndMismatches().forEach(System.out::println);
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    for (int c = 0; c < cells.size(); c++) {
      String v = cells.get(c);
      sb.append(c < 2 ? pad(v, w[c]) : padLeft(v, w[c])).append("  ");
    }
    sb.append('\n');
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(w - s.length()) + s;
  }

  private String heapText() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "columnar size of the input tables: %.0f MB (Arrow layout: 4-byte ints, 8-byte"
                + " doubles, strings dictionary-encoded or plain, whichever is smaller)%n",
            columnarBytes / 1e6));
    if (options.interleave()) {
      sb.append("heap not measured per system: the systems were loaded together (--interleave)\n");
    }
    for (DbBenchmark.Heap h : heaps) {
      if (h.loaded() >= 0) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%-18s with the harness's copy of the data released: held %.0f MB after loading"
                    + " (%.2f x columnar); while answering, peak heap used %.0f MB, live after GC"
                    + " %.0f MB (%.2f x columnar)%n",
                h.system(),
                h.loaded() / 1e6,
                (double) h.loaded() / columnarBytes,
                h.peak() / 1e6,
                h.livePeak() / 1e6,
                (double) h.livePeak() / columnarBytes));
        continue;
      }
      sb.append(
          String.format(
              Locale.ROOT,
              "%-18s peak heap used %6.0f MB, live after GC %6.0f MB; %.0f MB were held before it"
                  + " loaded%s%n",
              h.system(),
              h.peak() / 1e6,
              h.livePeak() / 1e6,
              h.baseline() / 1e6,
              h.system().equals(DUCKDB) ? "; DuckDB's own memory is off-heap" : ""));
    }
    return sb.toString();
  }

  private List<String> errorsAndMismatches() {
    List<String> out = new ArrayList<>();
    for (DbBenchmark.Measurement m : ms) {
      if (m.error() != null) {
        out.add("error: " + m.question().title() + " " + m.system() + ": " + m.error());
      }
    }
    for (String s : mismatches) {
      out.add("ANSWER MISMATCH: " + s);
    }
    if (mismatches.isEmpty()) {
      out.add("all answers agree (row counts and checksums)");
    }
    return out;
  }

  // ---- files ------------------------------------------------------------------------------------

  void write() {
    String tag =
        String.format(Locale.ROOT, "%.0e", (double) options.rows()).replace("+0", "")
            + (options.name().isEmpty() ? "" : "-" + options.name());
    Path dir = options.out();
    try {
      Files.createDirectories(dir);
      Path md = dir.resolve("db-benchmark-" + tag + ".md");
      Path svg = dir.resolve("db-benchmark-" + tag + ".svg");
      Files.writeString(md, markdown(svg.getFileName().toString()));
      Files.writeString(svg, svg());
      System.out.println("wrote " + md + " and " + svg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String markdown(String svgName) {
    StringBuilder sb = new StringBuilder();
    sb.append(setup()).append(".\n\n");
    List<String> h = header();
    sb.append("| ").append(String.join(" | ", h)).append(" |\n");
    sb.append("|").append(" --- |".repeat(2)).append(" ---: |".repeat(h.size() - 2)).append('\n');
    for (List<String> r : rows()) {
      sb.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    sb.append("\n```\n").append(heapText());
    errorsAndMismatches().forEach(s -> sb.append(s).append('\n'));
    sb.append("```\n\n![chart](").append(svgName).append(")\n");
    return sb.toString();
  }

  /** Horizontal bars per question, one per system, on a log scale of seconds. */
  private String svg() {
    int barH = 9;
    int groupGap = 10;
    int left = 210;
    int plotW = 560;
    int top = 40;
    List<Question> qs = new ArrayList<>(byQuestion.keySet());
    int groupH = systems.size() * barH + groupGap;
    int height = top + qs.size() * groupH + 40 + 16 * ((systems.size() + 2) / 3);
    double lo = 1e-3;
    double hi = 1e-3;
    for (DbBenchmark.Measurement m : ms) {
      if (m.error() == null && !Double.isNaN(m.best())) {
        hi = Math.max(hi, m.best());
        lo = Math.min(lo, m.best());
      }
    }
    double logLo = Math.floor(Math.log10(lo));
    double logHi = Math.ceil(Math.log10(hi));
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"11\">%n",
            left + plotW + 30,
            height));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "<text x=\"10\" y=\"18\" font-size=\"13\">db-benchmark, %s rows, K=%d: seconds (log"
                + " scale, best of %d)</text>%n",
            String.format(Locale.ROOT, "%,d", options.rows()),
            options.k(),
            options.runs()));
    for (double d = logLo; d <= logHi; d++) {
      double px = left + (d - logLo) / (logHi - logLo) * plotW;
      sb.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
              px,
              top - 6,
              px,
              top + qs.size() * groupH,
              px,
              top - 10,
              seconds(Math.pow(10, d))));
    }
    for (int qi = 0; qi < qs.size(); qi++) {
      Question q = qs.get(qi);
      int y0 = top + qi * groupH;
      sb.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %s</text>%n",
              left - 6,
              y0 + systems.size() * barH / 2 + 4,
              q.title(),
              escape(q.label())));
      for (int si = 0; si < systems.size(); si++) {
        DbBenchmark.Measurement m = byQuestion.get(q).get(systems.get(si));
        int y = y0 + si * barH;
        if (m == null || m.error() != null || Double.isNaN(m.best())) {
          if (m != null) {
            sb.append(
                String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"8\" fill=\"%s\">%s</text>%n",
                    left + 2,
                    y + barH - 1,
                    COLORS[si % COLORS.length],
                    "error"));
          }
          continue;
        }
        double w = Math.max(1, (Math.log10(m.best()) - logLo) / (logHi - logLo) * plotW);
        sb.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s:"
                    + " %.3f s</title></rect>%n",
                left,
                y,
                w,
                barH - 1,
                COLORS[si % COLORS.length],
                escape(systems.get(si)),
                m.best()));
      }
    }
    int ly = top + qs.size() * groupH + 20;
    for (int si = 0; si < systems.size(); si++) {
      int lx = 10 + (si % 3) * 260;
      int y = ly + (si / 3) * 16;
      sb.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\">%s</text>%n",
              lx,
              y,
              COLORS[si % COLORS.length],
              lx + 16,
              y + 9,
              escape(systems.get(si))));
    }
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static String seconds(double s) {
    return s >= 1
        ? String.format(Locale.ROOT, "%.0f s", s)
        : s >= 0.01
            ? String.format(Locale.ROOT, "%.0f ms", s * 1000)
            : String.format(Locale.ROOT, "%.0f ms", s * 1000);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
