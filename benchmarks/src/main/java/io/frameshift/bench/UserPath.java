package io.frameshift.bench;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * db-benchmark's questions the way a user meets them, as db-benchmark itself runs them: the data is
 * read from a CSV file (written once by the harness, as db-benchmark's generated files) into a
 * table kept in memory, then each question runs in a fresh JVM per system, twice, with no warm-up
 * pass, and each answer is handed to Java as rows ({@code collect()} on Frameshift; on DuckDB the
 * JDBC result set, every row fetched). A JVM's compile time and the first call of every path are
 * part of the figure, as they are for a user's program.
 *
 * <p>The driver ({@link #run}) writes the files and starts one JVM per question and system with
 * this JVM's flags and class path; the child ({@link #main}) loads, answers, and prints one line
 * with its load time, run times and answer.
 */
final class UserPath {
  private UserPath() {}

  /** The systems that have a user path, by their --systems name. */
  static final Map<String, String> SYSTEMS =
      Map.of(
          "local", "Frameshift local",
          "auto", "Frameshift AUTO",
          "spark", "Frameshift Spark",
          "duckdb", "DuckDB");

  private static final String RESULT = "USER-PATH-RESULT ";

  /**
   * One question on one system in its own JVM: load time, run times, answer or error, and the
   * system's load average (over a minute) when it started: other work on the machine shows there.
   */
  record Run(DbBenchmark.Measurement measurement, double loadSeconds, double loadAverage) {}

  // ==== driver =================================================================================

  /**
   * Writes the tables as CSV files under {@code --csv-dir} and runs every chosen question on every
   * chosen system that has a user path, each in a fresh JVM.
   */
  static List<Run> run(DbBenchmark.Options o, Peer.Inputs inputs) {
    Map<String, Path> files = writeCsv(o, inputs);
    List<Run> runs = new ArrayList<>();
    // with several JVMs per question, each pass goes through all questions, so a slow phase of the
    // machine falls on one JVM of each rather than on every JVM of one question
    for (int jvm = 0; jvm < o.jvms(); jvm++) {
      for (Question q : o.questions()) {
        for (String system : o.systems()) {
          if (SYSTEMS.containsKey(system)) {
            runs.add(child(o, system, q, files));
          }
        }
      }
    }
    return runs;
  }

  private static Map<String, Path> writeCsv(DbBenchmark.Options o, Peer.Inputs inputs) {
    Map<String, Data> tables = new LinkedHashMap<>();
    if (inputs.groupBy() != null) {
      tables.put("x", inputs.groupBy());
    }
    if (inputs.join() != null) {
      tables.put("jx", inputs.join().x());
      tables.put("small", inputs.join().small());
      tables.put("medium", inputs.join().medium());
      tables.put("big", inputs.join().big());
    }
    String tag =
        String.format(
            Locale.ROOT, "%.0e_%d_%d_%d", (double) o.rows(), o.k(), o.nas(), o.sorted() ? 1 : 0);
    Map<String, Path> files = new LinkedHashMap<>();
    try {
      Files.createDirectories(o.csvDir());
      for (var t : tables.entrySet()) {
        Path file = o.csvDir().resolve(t.getKey() + "_" + tag.replace("+0", "") + ".csv");
        long t0 = System.nanoTime();
        writeCsv(t.getValue(), file);
        System.out.printf(
            Locale.ROOT,
            "wrote %s (%.0f MB) in %.1f s%n",
            file,
            Files.size(file) / 1e6,
            (System.nanoTime() - t0) / 1e9);
        files.put(t.getKey(), file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** As db-benchmark's generated files: a header, no quotes, a missing value as an empty field. */
  static void writeCsv(Data d, Path file) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
      w.write(String.join(",", d.columns().stream().map(Data.Col::name).toList()));
      w.newLine();
      StringBuilder line = new StringBuilder();
      for (int r = 0; r < d.rows(); r++) {
        line.setLength(0);
        for (int c = 0; c < d.columns().size(); c++) {
          if (c > 0) {
            line.append(',');
          }
          Data.Col col = d.columns().get(c);
          if (col instanceof Data.Ints i) {
            if (i.nulls() == null || !i.nulls()[r]) {
              line.append(i.values()[r]);
            }
          } else if (col instanceof Data.Doubles v) {
            if (v.nulls() == null || !v.nulls()[r]) {
              String s = Double.toString(v.values()[r]);
              // no exponent: as R's fwrite writes the rounded values
              line.append(
                  s.indexOf('E') < 0 ? s : BigDecimal.valueOf(v.values()[r]).toPlainString());
            }
          } else {
            String s = ((Data.Strings) col).values()[r];
            if (s != null) {
              line.append(s);
            }
          }
        }
        w.append(line).append('\n');
      }
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Runs {@code q} on {@code system} in a fresh JVM with this JVM's flags and class path. */
  private static Run child(DbBenchmark.Options o, String system, Question q, Map<String, Path> f) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(system, q.name(), Integer.toString(o.runs()), Integer.toString(o.threads())));
    f.forEach((table, file) -> args.add(table + "=" + file));
    String name = SYSTEMS.get(system);
    double loadAverage = ChildJvm.loadAverage();
    double[] seconds = new double[o.runs()];
    Arrays.fill(seconds, Double.NaN);
    ChildJvm.Outcome out = ChildJvm.run(UserPath.class, args, RESULT, system + " " + q.title());
    if (out.result() == null) {
      return failed(name, q, seconds, out.error(), loadAverage);
    }
    Run run = parse(name, q, out.result(), o.runs(), loadAverage);
    print(run);
    return run;
  }

  private static Run failed(
      String system, Question q, double[] seconds, String error, double loadAverage) {
    Run r =
        new Run(
            new DbBenchmark.Measurement(system, q, seconds, null, error), Double.NaN, loadAverage);
    print(r);
    return r;
  }

  private static void print(Run r) {
    DbBenchmark.Measurement m = r.measurement();
    System.out.printf(
        Locale.ROOT,
        "  %-16s %-10s %-30s user path: load %.2f s, runs %s %s (load average %.1f)%n",
        m.system(),
        m.question().title(),
        m.question().label(),
        r.loadSeconds(),
        Arrays.toString(m.seconds()),
        m.error() != null ? "ERROR " + m.error() : m.answer(),
        r.loadAverage());
  }

  /**
   * The child's line: "load run1 .. runN rows sum1 .. sumM", or "error message". A failed run
   * leaves NaN.
   */
  private static Run parse(String system, Question q, String line, int runs, double loadAverage) {
    double[] seconds = new double[runs];
    Arrays.fill(seconds, Double.NaN);
    if (line.startsWith("error ")) {
      return new Run(
          new DbBenchmark.Measurement(system, q, seconds, null, line.substring(6)),
          Double.NaN,
          loadAverage);
    }
    String[] f = line.trim().split(" ");
    double load = Double.parseDouble(f[0]);
    for (int i = 0; i < runs; i++) {
      seconds[i] = Double.parseDouble(f[1 + i]);
    }
    long rows = Long.parseLong(f[1 + runs]);
    double[] sums = new double[f.length - 2 - runs];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = Double.parseDouble(f[2 + runs + i]);
    }
    Answer a = new Answer(rows, sums);
    return new Run(new DbBenchmark.Measurement(system, q, seconds, a, null), load, loadAverage);
  }

  // ==== report =================================================================================

  /**
   * Prints and writes ({@code db-benchmark-<rows>[-name]-user-path.md}) the user-path figures
   * beside the in-process warm ones ({@code warm}, which may be empty): per system both runs, per
   * Frameshift system its best run over DuckDB's, and the load times.
   */
  static void report(DbBenchmark.Options o, List<Run> runs, List<DbBenchmark.Measurement> warm) {
    List<String> systems = new ArrayList<>();
    Map<Question, Map<String, List<DbBenchmark.Measurement>>> user = new LinkedHashMap<>();
    Map<String, List<Double>> loads = new LinkedHashMap<>();
    for (Run r : runs) {
      DbBenchmark.Measurement m = r.measurement();
      if (!systems.contains(m.system())) {
        systems.add(m.system());
      }
      user.computeIfAbsent(m.question(), q -> new LinkedHashMap<>())
          .computeIfAbsent(m.system(), x -> new ArrayList<>())
          .add(m);
      if (!Double.isNaN(r.loadSeconds())) {
        loads.computeIfAbsent(m.system(), s -> new ArrayList<>()).add(r.loadSeconds());
      }
    }
    Map<Question, Map<String, DbBenchmark.Measurement>> inProcess = new LinkedHashMap<>();
    for (DbBenchmark.Measurement m : warm) {
      inProcess.computeIfAbsent(m.question(), q -> new LinkedHashMap<>()).put(m.system(), m);
    }
    String duck = SYSTEMS.get("duckdb");
    List<String> ratios = systems.stream().filter(s -> !s.equals(duck)).toList();
    List<String> h = new ArrayList<>(List.of("question", "what"));
    systems.forEach(
        s ->
            h.add(
                s
                    + (o.jvms() == 1
                        ? ", user path: run 1 / run 2 (s)"
                        : ", user path: median of each JVM's best (min-max) (s)")));
    if (systems.contains(duck)) {
      ratios.forEach(s -> h.add(s + " ÷ DuckDB, user path"));
    }
    if (!warm.isEmpty()) {
      systems.forEach(s -> h.add(s + ", warm (s)"));
      if (systems.contains(duck)) {
        ratios.forEach(s -> h.add(s + " ÷ DuckDB, warm"));
      }
    }
    List<String> mismatches = new ArrayList<>();
    StringBuilder md = new StringBuilder();
    md.append("| ").append(String.join(" | ", h)).append(" |\n");
    md.append("|").append(" --- |".repeat(2)).append(" ---: |".repeat(h.size() - 2)).append('\n');
    for (var e : user.entrySet()) {
      Question q = e.getKey();
      Map<String, List<DbBenchmark.Measurement>> jvms = e.getValue();
      // per system: one measurement whose "runs" are each JVM's best, so median() is the figure
      Map<String, DbBenchmark.Measurement> row = new LinkedHashMap<>();
      jvms.forEach((s, ms) -> row.put(s, perJvm(ms)));
      Map<String, DbBenchmark.Measurement> w = inProcess.getOrDefault(q, Map.of());
      List<String> cells = new ArrayList<>(List.of(q.title(), q.label()));
      for (String s : systems) {
        DbBenchmark.Measurement m = row.get(s);
        cells.add(
            m == null
                ? ""
                : m.error() != null
                    ? "error"
                    : o.jvms() == 1 ? runs(jvms.get(s).get(0).seconds()) : spread(m.seconds()));
      }
      if (systems.contains(duck)) {
        ratios.forEach(s -> cells.add(medianRatio(row.get(s), row.get(duck))));
      }
      if (!warm.isEmpty()) {
        for (String s : systems) {
          DbBenchmark.Measurement m = w.get(s);
          cells.add(
              m == null || m.error() != null ? "" : String.format(Locale.ROOT, "%.3f", m.best()));
        }
        if (systems.contains(duck)) {
          ratios.forEach(s -> cells.add(ratio(w.get(s), w.get(duck))));
        }
      }
      md.append("| ").append(String.join(" | ", cells)).append(" |\n");
      Answer reference = row.containsKey(duck) ? row.get(duck).answer() : null;
      for (DbBenchmark.Measurement m : jvms.values().stream().flatMap(List::stream).toList()) {
        if (m.error() != null) {
          mismatches.add("error: " + q.title() + " " + m.system() + ": " + m.error());
        } else if (reference != null && m.answer() != null && !m.answer().matches(reference)) {
          mismatches.add(
              "ANSWER MISMATCH: "
                  + q.title()
                  + " "
                  + m.system()
                  + ": "
                  + m.answer()
                  + " vs "
                  + reference);
        }
        DbBenchmark.Measurement inJvm = w.get(m.system());
        if (m.answer() != null
            && inJvm != null
            && inJvm.answer() != null
            && !m.answer().matches(inJvm.answer())) {
          mismatches.add(
              "ANSWER MISMATCH: "
                  + q.title()
                  + " "
                  + m.system()
                  + " user path "
                  + m.answer()
                  + " vs warm "
                  + inJvm.answer());
        }
      }
    }
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%,d rows, K=%d, %d%% NA, %s; %d threads. User path: each question in a fresh JVM per"
                + " system (%d JVM(s) each), the data read from CSV into memory first (not timed),"
                + " %d runs with no warm-up, each after a full collection, the answer collected"
                + " into Java rows. Ratios use each side's best run%s.",
            o.rows(),
            o.k(),
            o.nas(),
            o.sorted() ? "sorted" : "random order",
            o.threads(),
            o.jvms(),
            o.runs(),
            o.jvms() == 1 ? "" : " (the median over the JVMs of each JVM's best run)"));
    if (!warm.isEmpty()) {
      text.append(
          String.format(
              Locale.ROOT,
              " Warm: in one JVM over generated data, best of %d runs after %d warm-up passes, the"
                  + " result materialised in the engine.",
              o.runs(),
              o.warmup()));
    }
    text.append("\n\n").append(md).append("\n```\n");
    loads.forEach(
        (s, l) ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "%-18s read the CSV file(s) into memory in %.2f-%.2f s%n",
                    s,
                    l.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    l.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN))));
    text.append(
        String.format(
            Locale.ROOT,
            "system load average (1 min) as each user-path JVM started: %.1f-%.1f on %d cores%n",
            runs.stream().mapToDouble(Run::loadAverage).min().orElse(Double.NaN),
            runs.stream().mapToDouble(Run::loadAverage).max().orElse(Double.NaN),
            Runtime.getRuntime().availableProcessors()));
    mismatches.forEach(m -> text.append(m).append('\n'));
    if (mismatches.isEmpty()) {
      text.append("all answers agree (row counts and checksums)")
          .append(warm.isEmpty() ? "" : ", user path and warm")
          .append('\n');
    }
    text.append("```\n");
    System.out.println();
    System.out.print(text);
    String tag =
        String.format(Locale.ROOT, "%.0e", (double) o.rows()).replace("+0", "")
            + (o.name().isEmpty() ? "" : "-" + o.name());
    try {
      Files.createDirectories(o.out());
      Path file = o.out().resolve("db-benchmark-" + tag + "-user-path.md");
      Files.writeString(file, text.toString());
      System.out.println("wrote " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One system's JVMs for one question as one measurement: its "runs" are each JVM's best, its
   * answer and error the first JVM's that has one.
   */
  private static DbBenchmark.Measurement perJvm(List<DbBenchmark.Measurement> ms) {
    double[] bests = ms.stream().mapToDouble(DbBenchmark.Measurement::best).toArray();
    Answer answer =
        ms.stream()
            .map(DbBenchmark.Measurement::answer)
            .filter(a -> a != null)
            .findFirst()
            .orElse(null);
    String error =
        ms.stream()
            .map(DbBenchmark.Measurement::error)
            .filter(x -> x != null)
            .findFirst()
            .orElse(null);
    return new DbBenchmark.Measurement(
        ms.get(0).system(), ms.get(0).question(), bests, answer, error);
  }

  private static String spread(double[] bests) {
    double[] sorted = Arrays.stream(bests).filter(b -> !Double.isNaN(b)).sorted().toArray();
    if (sorted.length == 0) {
      return "-";
    }
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return String.format(
        Locale.ROOT, "%.3f (%.3f-%.3f)", median, sorted[0], sorted[sorted.length - 1]);
  }

  private static String medianRatio(DbBenchmark.Measurement a, DbBenchmark.Measurement b) {
    if (a == null || b == null || a.error() != null || b.error() != null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f", a.median() / b.median());
  }

  private static String runs(double[] seconds) {
    List<String> out = new ArrayList<>();
    for (double s : seconds) {
      out.add(Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.3f", s));
    }
    return String.join(" / ", out);
  }

  private static String ratio(DbBenchmark.Measurement a, DbBenchmark.Measurement b) {
    if (a == null || b == null || a.error() != null || b.error() != null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f", a.best() / b.best());
  }

  // ==== child ==================================================================================

  /**
   * One question on one system: {@code system question runs threads table=file...}. Prints one line
   * starting with {@value #RESULT}.
   */
  public static void main(String[] args) {
    String system = args[0];
    Question q = Question.valueOf(args[1]);
    int runs = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    Map<String, Path> files = new LinkedHashMap<>();
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      files.put(kv[0], Path.of(kv[1]));
    }
    StringBuilder out = new StringBuilder();
    try (Answering system1 =
        system.equals("duckdb") ? new DuckDb(threads) : new Frameshifted(system, threads)) {
      long t0 = System.nanoTime();
      system1.load(files);
      out.append(String.format(Locale.ROOT, "%.4f", (System.nanoTime() - t0) / 1e9));
      Answer answer = null;
      for (int run = 0; run < runs; run++) {
        // as db-benchmark's scripts collect before every query
        System.gc();
        long start = System.nanoTime();
        Result r = system1.answer(q);
        double s = (System.nanoTime() - start) / 1e9;
        out.append(String.format(Locale.ROOT, " %.4f", s));
        answer = r.answer(q);
      }
      out.append(' ').append(answer.rows());
      for (double s : answer.sums()) {
        out.append(' ').append(s);
      }
    } catch (Exception | OutOfMemoryError e) {
      out.setLength(0);
      String message = (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
      out.append("error ").append(message.length() > 200 ? message.substring(0, 200) : message);
    }
    ChildJvm.finish(RESULT, out.toString());
  }

  /** Collected rows as arrays of their values, as a JDBC result set's rows are read. */
  static List<Object[]> values(List<Row> rows) {
    List<Object[]> values = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      values.add(v);
    }
    return values;
  }

  /** A system answering questions over tables loaded from files. */
  private interface Answering extends AutoCloseable {
    void load(Map<String, Path> files) throws Exception;

    Result answer(Question q) throws Exception;

    @Override
    void close() throws Exception;
  }

  /** An answer as Java rows: column names and values. */
  private record Result(List<String> columns, List<Object[]> rows) {

    /** Reduced as {@link Answer} says; for the sort, the first and last v3 from the row order. */
    Answer answer(Question q) {
      double[] sums = new double[q.checked().size()];
      for (int i = 0; i < sums.length; i++) {
        int c = columns.indexOf(q.checked().get(i));
        boolean any = false;
        for (Object[] r : rows) {
          if (r[c] != null) {
            sums[i] += ((Number) r[c]).doubleValue();
            any = true;
          }
        }
        sums[i] = any ? sums[i] : Double.NaN;
      }
      if (q != Question.SORT) {
        return new Answer(rows.size(), sums);
      }
      int v3 = columns.indexOf("v3");
      double first = ((Number) rows.get(0)[v3]).doubleValue();
      double last = ((Number) rows.get(rows.size() - 1)[v3]).doubleValue();
      return new Answer(rows.size(), new double[] {sums[0], first, last});
    }
  }

  /** Frameshift on one engine (or AUTO): the questions of {@link FrameshiftQueries}. */
  private static final class Frameshifted implements Answering {
    private final Frameshift fs;
    private FrameshiftQueries.Frames frames;

    Frameshifted(String system, int threads) {
      Map<String, String> spark = DbBenchmark.sparkConfig(threads);
      fs =
          switch (system) {
            case "local" -> Frameshift.builder().engine("local").build();
            case "auto" -> Frameshift.builder().engine(Frameshift.AUTO).config(spark).build();
            case "spark" -> Frameshift.builder().engine("spark").config(spark).build();
            default ->
                throw new IllegalArgumentException(
                    "No user path for system '" + system + "'; known: " + SYSTEMS.keySet());
          };
    }

    @Override
    public void load(Map<String, Path> files) {
      Map<String, DataFrame> t = new LinkedHashMap<>();
      files.forEach((table, file) -> t.put(table, inMemory(fs.read().csv(file.toString()))));
      frames =
          new FrameshiftQueries.Frames(
              t.get("x"), t.get("jx"), t.get("small"), t.get("medium"), t.get("big"));
    }

    /** The file read once into the engine's memory, as a user caches a frame queried again. */
    private static DataFrame inMemory(DataFrame read) {
      DataFrame cached = read.cache();
      cached.count(); // cache() is lazy: the first action fills it
      return cached;
    }

    @Override
    public Result answer(Question q) {
      DataFrame df = FrameshiftQueries.query(q, frames);
      return new Result(df.columns(), values(df.collect()));
    }

    @Override
    public void close() {
      fs.close();
    }
  }

  /**
   * DuckDB through JDBC, in memory: each file becomes a table ({@code CREATE TABLE .. AS SELECT *
   * FROM read_csv(..)}), each answer a result set fetched row by row into Java objects.
   */
  private static final class DuckDb implements Answering {
    private final Connection con;

    DuckDb(int threads) throws SQLException {
      con = DriverManager.getConnection("jdbc:duckdb:");
      try (Statement s = con.createStatement()) {
        s.execute("SET threads TO " + threads);
      }
    }

    @Override
    public void load(Map<String, Path> files) throws SQLException {
      for (var f : files.entrySet()) {
        try (Statement s = con.createStatement()) {
          s.execute(
              "CREATE TABLE "
                  + f.getKey()
                  + " AS SELECT * FROM read_csv('"
                  + f.getValue().toString().replace("'", "''")
                  + "')");
        }
      }
    }

    @Override
    public Result answer(Question q) throws SQLException {
      try (Statement s = con.createStatement();
          ResultSet rs = s.executeQuery(DuckDbPeer.sql(q))) {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          columns.add(meta.getColumnLabel(i));
        }
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
          Object[] v = new Object[n];
          for (int i = 0; i < n; i++) {
            v[i] = rs.getObject(i + 1);
          }
          rows.add(v);
        }
        return new Result(columns, rows);
      }
    }

    @Override
    public void close() throws SQLException {
      con.close();
    }
  }
}
