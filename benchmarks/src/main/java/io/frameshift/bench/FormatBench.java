package io.frameshift.bench;

import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.sum;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.WriteMode;
import io.frameshift.expr.Expr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The format speed goals of issue "Formats and scale": reading and writing db-benchmark's groupby
 * table as Parquet and CSV on Frameshift's local engine and on DuckDB, side by side, from the same
 * files.
 *
 * <p>The driver ({@link #main}) writes the files once under {@code --dir} (kept for the next run
 * with the same row count): the CSV file by this harness ({@link UserPath#writeCsv}, as
 * db-benchmark's generated files), and from it, by DuckDB, the Parquet file (snappy, DuckDB's row
 * groups) and a copy sorted by {@code id6} in about 200 row groups, for the filter. Then every case
 * runs on every system in a fresh JVM ({@link ChildJvm}, this JVM's flags and class path): the
 * first call is the "fresh" figure, as a user's program meets it; after {@code --warmup} untimed
 * calls, the best of {@code --reps} timed ones is the "warm" figure. Before each timed call the
 * heap is collected and the load average read; around it the bytes the process read ({@code
 * /proc/self/io} {@code rchar}) are counted. After the first and the last call the result is
 * checked (row count and checksums, outside the clock) and must agree across systems.
 *
 * <p>Arguments: {@code --rows 1e6} {@code --reps 3} {@code --warmup 1} {@code --threads 2} {@code
 * --jvms 1} (fresh JVMs per case and system; with more, each figure is the median over the JVMs)
 * {@code --dir /tmp/frameshift-format-bench} {@code --cases all|parquet-read,...} {@code --systems
 * local,duckdb} {@code --out docs/benchmarks} (where {@code formats-<rows>.md} is written).
 */
public final class FormatBench {
  private FormatBench() {}

  /** What is measured. */
  enum Case {
    PARQUET_READ("parquet-read", "Parquet read, all 9 columns, into memory"),
    PARQUET_READ_2("parquet-read-2", "Parquet read, 2 columns of 9 (id1, v3), into memory"),
    PARQUET_FILTER(
        "parquet-filter", "Parquet read, sorted file, id6 <= t (1% of rows), into memory"),
    PARQUET_FILTER_COLLECT(
        "parquet-filter-rows", "Parquet read, sorted file, id6 <= t, rows to Java (not cached)"),
    PARQUET_WRITE("parquet-write", "Parquet write, snappy, from memory"),
    CSV_READ("csv-read", "CSV read, all columns, into memory");

    final String id;
    final String label;

    Case(String id, String label) {
      this.id = id;
      this.label = label;
    }

    static List<Case> parse(String s) {
      if (s.equals("all")) {
        return List.of(values());
      }
      List<Case> cs = new ArrayList<>();
      for (String id : s.split(",")) {
        cs.add(
            Arrays.stream(values())
                .filter(c -> c.id.equals(id))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Unknown case '"
                                + id
                                + "'; known: "
                                + Arrays.stream(values()).map(c -> c.id).toList())));
      }
      return cs;
    }
  }

  /** The systems by their --systems name. */
  static final Map<String, String> SYSTEMS =
      new LinkedHashMap<>(Map.of("local", "Frameshift local", "duckdb", "DuckDB"));

  private static final String RESULT = "FORMAT-BENCH-RESULT ";

  record Options(
      int rows,
      int reps,
      int warmup,
      int threads,
      int jvms,
      Path dir,
      List<Case> cases,
      List<String> systems,
      Path out) {

    static Options parse(String[] args) {
      Map<String, String> a = DbBenchmark.arguments(args);
      List<String> known =
          List.of("rows", "reps", "warmup", "threads", "jvms", "dir", "cases", "systems", "out");
      List<String> unknown = a.keySet().stream().filter(k -> !known.contains(k)).toList();
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("Unknown options " + unknown + "; known: " + known);
      }
      List<String> systems = List.of(a.getOrDefault("systems", "local,duckdb").split(","));
      for (String s : systems) {
        if (!SYSTEMS.containsKey(s)) {
          throw new IllegalArgumentException(
              "Unknown system '" + s + "'; known: " + SYSTEMS.keySet());
        }
      }
      return new Options(
          (int) Double.parseDouble(a.getOrDefault("rows", "1e6")),
          Integer.parseInt(a.getOrDefault("reps", "3")),
          Integer.parseInt(a.getOrDefault("warmup", "1")),
          Integer.parseInt(a.getOrDefault("threads", "2")),
          Integer.parseInt(a.getOrDefault("jvms", "1")),
          Path.of(
              a.getOrDefault(
                  "dir",
                  Path.of(System.getProperty("java.io.tmpdir"), "frameshift-format-bench")
                      .toString())),
          Case.parse(a.getOrDefault("cases", "all")),
          systems,
          Path.of(a.getOrDefault("out", "docs/benchmarks")));
    }

    String tag() {
      return String.format(Locale.ROOT, "%.0e", (double) rows).replace("+0", "").replace("+", "");
    }
  }

  /**
   * The input files and what their footers say.
   *
   * @param threshold the filter is {@code id6 <= threshold}
   * @param sortedGroups the sorted file's row groups
   * @param keptGroups those whose {@code id6} statistics may match the filter
   * @param keptBytes their compressed column chunks' bytes
   */
  record Inputs(
      Path csv,
      Path parquet,
      Path sorted,
      int threshold,
      int parquetGroups,
      int sortedGroups,
      int keptGroups,
      long keptBytes) {

    List<String> args() {
      return List.of(
          "csv=" + csv, "parquet=" + parquet, "sorted=" + sorted, "threshold=" + threshold);
    }
  }

  /**
   * One case on one system in one JVM: the first call and the timed calls after warm-up; for each
   * its seconds, the load average as it started and the bytes the process read during it.
   */
  record Run(
      String system,
      Case c,
      Call fresh,
      List<Call> warm,
      double startSeconds,
      long outputBytes,
      Answer answer,
      String error) {

    Call best() {
      return warm.stream().min(Comparator.comparingDouble(Call::seconds)).orElse(null);
    }
  }

  record Call(double seconds, double loadAverage, long bytesRead) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.4f:%.2f:%d", seconds, loadAverage, bytesRead);
    }

    static Call parse(String s) {
      String[] f = s.split(":");
      return new Call(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]));
    }
  }

  // ==== driver =================================================================================

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args);
      return;
    }
    Options o = Options.parse(args);
    System.out.printf(
        Locale.ROOT,
        "format benchmark: %,d rows, %d threads, %d JVM(s) per case and system, %d warm-up"
            + " call(s), best of %d; cases %s; systems %s%n",
        o.rows,
        o.threads,
        o.jvms,
        o.warmup,
        o.reps,
        o.cases.stream().map(c -> c.id).toList(),
        o.systems);
    Inputs in = inputs(o);
    List<Run> runs = new ArrayList<>();
    // each pass goes through all cases, so a slow phase of the machine falls on one JVM of each
    for (int jvm = 0; jvm < o.jvms; jvm++) {
      for (Case c : o.cases) {
        for (String s : o.systems) {
          runs.add(child(o, in, s, c));
        }
      }
    }
    report(o, in, runs);
  }

  /** The input files, written unless already there. */
  static Inputs inputs(Options o) throws IOException, SQLException {
    Files.createDirectories(o.dir);
    String tag = "groupby_" + o.tag();
    Path csv = o.dir.resolve(tag + ".csv");
    Path parquet = o.dir.resolve(tag + ".parquet");
    Path sorted = o.dir.resolve(tag + "_by_id6.parquet");
    if (!Files.exists(csv)) {
      long t0 = System.nanoTime();
      Data x = Generators.groupBy(o.rows, 100, 0, false);
      UserPath.writeCsv(x, csv);
      System.out.printf(
          Locale.ROOT,
          "generated and wrote %s (%.0f MB, by this harness) in %.1f s%n",
          csv,
          Files.size(csv) / 1e6,
          (System.nanoTime() - t0) / 1e9);
    }
    // db-benchmark's groupby table: K = 100, so id6 takes values 1..rows/100
    int threshold = Math.max(1, o.rows / 10_000);
    // about 200 row groups: 1% of the rows, sorted by id6, fall in 1% of them (plus the edge)
    int groupRows = Math.max(2048, o.rows / 200);
    try (Connection con = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = con.createStatement()) {
      s.execute("SET threads TO " + o.threads);
      if (!Files.exists(parquet) || !Files.exists(sorted)) {
        long t0 = System.nanoTime();
        s.execute(
            "CREATE TABLE x (id1 VARCHAR, id2 VARCHAR, id3 VARCHAR, id4 INTEGER, id5 INTEGER, id6"
                + " INTEGER, v1 INTEGER, v2 INTEGER, v3 DOUBLE)");
        s.execute(
            "INSERT INTO x SELECT * FROM read_csv(" + BenchFiles.literal(csv) + ", header = true)");
        copy(s, "x", parquet, "");
        copy(s, "(SELECT * FROM x ORDER BY id6)", sorted, ", ROW_GROUP_SIZE " + groupRows);
        System.out.printf(
            Locale.ROOT,
            "wrote %s (%.0f MB) and %s (%.0f MB), by DuckDB, in %.1f s%n",
            parquet,
            Files.size(parquet) / 1e6,
            sorted,
            Files.size(sorted) / 1e6,
            (System.nanoTime() - t0) / 1e9);
      }
      int parquetGroups;
      try (ResultSet r =
          s.executeQuery(
              "SELECT count(DISTINCT row_group_id) FROM parquet_metadata("
                  + BenchFiles.literal(parquet)
                  + ")")) {
        r.next();
        parquetGroups = r.getInt(1);
      }
      try (ResultSet r =
          s.executeQuery(
              "WITH g AS (SELECT row_group_id, sum(total_compressed_size) AS bytes,"
                  + " min(CASE WHEN path_in_schema = 'id6' THEN CAST(stats_min_value AS INTEGER)"
                  + " END) AS lo FROM parquet_metadata("
                  + BenchFiles.literal(sorted)
                  + ") GROUP BY row_group_id) SELECT count(*), count(*) FILTER (WHERE lo <= "
                  + threshold
                  + "), coalesce(sum(bytes) FILTER (WHERE lo <= "
                  + threshold
                  + "), 0) FROM g")) {
        r.next();
        Inputs in =
            new Inputs(
                csv,
                parquet,
                sorted,
                threshold,
                parquetGroups,
                r.getInt(1),
                r.getInt(2),
                r.getLong(3));
        System.out.printf(
            Locale.ROOT,
            "%s: %d row groups; %s: %d row groups, %d of them may hold id6 <= %d by their"
                + " statistics (%.0f kB of column chunks)%n",
            parquet.getFileName(),
            in.parquetGroups,
            sorted.getFileName(),
            in.sortedGroups,
            in.keptGroups,
            threshold,
            in.keptBytes / 1e3);
        return in;
      }
    }
  }

  private static void copy(Statement s, String from, Path to, String more) throws SQLException {
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    s.execute(
        "COPY "
            + from
            + " TO "
            + BenchFiles.literal(partial)
            + " (FORMAT parquet, COMPRESSION snappy"
            + more
            + ")");
    try {
      Files.move(partial, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Run child(Options o, Inputs in, String system, Case c) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "child",
            system,
            c.name(),
            Integer.toString(o.warmup),
            Integer.toString(o.reps),
            Integer.toString(o.threads),
            "out=" + o.dir.resolve("written-" + system)));
    args.addAll(in.args());
    ChildJvm.Outcome out = ChildJvm.run(FormatBench.class, args, RESULT, system + " " + c.id);
    Run r =
        out.result() == null
            ? new Run(SYSTEMS.get(system), c, null, List.of(), Double.NaN, -1, null, out.error())
            : parse(SYSTEMS.get(system), c, out.result());
    System.out.printf(
        Locale.ROOT,
        "  %-16s %-15s fresh %s, warm %s%s%n",
        r.system(),
        c.id,
        r.fresh() == null ? "-" : describe(r.fresh()),
        r.warm().stream().map(FormatBench::describe).toList(),
        r.error() != null ? " ERROR " + r.error() : " " + r.answer());
    return r;
  }

  private static String describe(Call call) {
    return String.format(
        Locale.ROOT,
        "%.3f s (load %.1f, read %.1f MB)",
        call.seconds(),
        call.loadAverage(),
        call.bytesRead() / 1e6);
  }

  /** "start fresh warm1,warm2.. outputBytes rows sum1,sum2..", or "error message". */
  private static Run parse(String system, Case c, String line) {
    if (line.startsWith("error ")) {
      return new Run(system, c, null, List.of(), Double.NaN, -1, null, line.substring(6));
    }
    String[] f = line.trim().split(" ");
    List<Call> warm = Arrays.stream(f[2].split(",")).map(Call::parse).toList();
    double[] sums = Arrays.stream(f[5].split(",")).mapToDouble(Double::parseDouble).toArray();
    return new Run(
        system,
        c,
        Call.parse(f[1]),
        warm,
        Double.parseDouble(f[0]),
        Long.parseLong(f[3]),
        new Answer(Long.parseLong(f[4]), sums),
        null);
  }

  // ==== report =================================================================================

  private static void report(Options o, Inputs in, List<Run> runs) throws IOException {
    String local = SYSTEMS.get("local");
    String duck = SYSTEMS.get("duckdb");
    Map<Case, Map<String, List<Run>>> by = new LinkedHashMap<>();
    for (Run r : runs) {
      by.computeIfAbsent(r.c(), x -> new LinkedHashMap<>())
          .computeIfAbsent(r.system(), x -> new ArrayList<>())
          .add(r);
    }
    List<String> systems = o.systems.stream().map(SYSTEMS::get).toList();
    boolean both = systems.contains(local) && systems.contains(duck);
    String fresh = o.jvms == 1 ? "fresh JVM (s)" : "fresh JVM, median (min-max) (s)";
    String warm = o.jvms == 1 ? "warm, best (s)" : "warm, median of bests (s)";
    List<String> h = new ArrayList<>(List.of("case"));
    systems.forEach(s -> h.add(s + ", " + fresh));
    if (both) {
      h.add("local ÷ DuckDB, fresh");
    }
    systems.forEach(s -> h.add(s + ", " + warm));
    if (both) {
      h.add("local ÷ DuckDB, warm");
    }
    systems.forEach(s -> h.add(s + ", MB read (warm)"));
    StringBuilder md = new StringBuilder();
    md.append("| ").append(String.join(" | ", h)).append(" |\n");
    md.append("| --- |").append(" ---: |".repeat(h.size() - 1)).append('\n');
    List<String> notes = new ArrayList<>();
    for (var e : by.entrySet()) {
      Case c = e.getKey();
      Map<String, List<Run>> rs = e.getValue();
      List<String> cells = new ArrayList<>(List.of(c.label.replace("<= t", "<= " + in.threshold)));
      for (String s : systems) {
        cells.add(spread(freshSeconds(rs.get(s))));
      }
      if (both) {
        cells.add(ratio(median(freshSeconds(rs.get(local))), median(freshSeconds(rs.get(duck)))));
      }
      for (String s : systems) {
        cells.add(spread(warmSeconds(rs.get(s))));
      }
      if (both) {
        cells.add(ratio(median(warmSeconds(rs.get(local))), median(warmSeconds(rs.get(duck)))));
      }
      for (String s : systems) {
        double b = median(warmBytes(rs.get(s)));
        cells.add(Double.isNaN(b) ? "" : String.format(Locale.ROOT, "%.1f", b / 1e6));
      }
      md.append("| ").append(String.join(" | ", cells)).append(" |\n");
      notes.addAll(check(c, rs));
    }
    StringBuilder text = new StringBuilder();
    long csvBytes = Files.size(in.csv);
    long parquetBytes = Files.size(in.parquet);
    long sortedBytes = Files.size(in.sorted);
    text.append(
        String.format(
            Locale.ROOT,
            "%,d rows of db-benchmark's groupby table (K=100, no NA, random order); %d threads"
                + " each. Files: CSV %.1f MB (written by the harness); Parquet %.1f MB, %d row"
                + " groups, snappy (written by DuckDB from the CSV); the same sorted by id6, %.1f"
                + " MB in %d row groups, of which %d may hold id6 <= %d by their statistics"
                + " (%.1f MB of column chunks, %.1f%% of the file). Fresh JVM: the first call in"
                + " a JVM that has run nothing else (session or connection already open; the files"
                + " in the OS page cache); %s. Warm: best of %d calls after %d untimed call(s) in"
                + " the same JVM%s. MB read: bytes the process read from files during the call"
                + " (`/proc/self/io` rchar), median over the warm calls.%n%n",
            o.rows,
            o.threads,
            csvBytes / 1e6,
            parquetBytes / 1e6,
            in.parquetGroups,
            sortedBytes / 1e6,
            in.sortedGroups,
            in.keptGroups,
            in.threshold,
            in.keptBytes / 1e6,
            100.0 * in.keptBytes / sortedBytes,
            o.jvms == 1 ? "1 JVM per case and system" : o.jvms + " JVMs per case and system",
            o.reps,
            o.warmup,
            o.jvms == 1 ? "" : ", median over the JVMs"));
    text.append(md).append('\n');
    text.append(goals(in, by, local, duck, sortedBytes)).append('\n');
    text.append("```\n");
    for (String s : systems) {
      double[] starts =
          runs.stream()
              .filter(r -> r.system().equals(s) && r.error() == null)
              .mapToDouble(Run::startSeconds)
              .toArray();
      text.append(
          String.format(
              Locale.ROOT, "%-18s session start (not in the figures) %s s%n", s, spread(starts)));
    }
    for (Run r : runs) {
      if (r.c() == Case.PARQUET_WRITE && r.outputBytes() >= 0) {
        text.append(
            String.format(
                Locale.ROOT,
                "%-18s wrote %.1f MB of Parquet%n",
                r.system(),
                r.outputBytes() / 1e6));
      }
    }
    double[] loads =
        runs.stream()
            .flatMap(r -> Stream.concat(Stream.ofNullable(r.fresh()), r.warm().stream()))
            .mapToDouble(Call::loadAverage)
            .toArray();
    text.append(
        String.format(
            Locale.ROOT,
            "load average (1 min) as each timed call started: %.1f-%.1f on %d cores%n",
            Arrays.stream(loads).min().orElse(Double.NaN),
            Arrays.stream(loads).max().orElse(Double.NaN),
            Runtime.getRuntime().availableProcessors()));
    notes.forEach(n -> text.append(n).append('\n'));
    if (notes.isEmpty()) {
      text.append("all answers agree (row counts and checksums), first call and last\n");
    }
    text.append("```\n");
    System.out.println();
    System.out.print(text);
    Files.createDirectories(o.out);
    Path file = o.out.resolve("formats-" + o.tag() + ".md");
    Files.writeString(file, text.toString());
    System.out.println("wrote " + file);
  }

  /** The goals, each with its figure fresh and warm. */
  private static String goals(
      Inputs in, Map<Case, Map<String, List<Run>>> by, String local, String duck, long sorted) {
    StringBuilder g = new StringBuilder();
    g.append("| goal | target | fresh JVM | warm |\n| --- | ---: | ---: | ---: |\n");
    goal(g, by, Case.PARQUET_READ, local, Case.PARQUET_READ, duck, "Parquet read ÷ DuckDB", 1.5);
    goal(
        g,
        by,
        Case.PARQUET_READ_2,
        local,
        Case.PARQUET_READ,
        local,
        "Parquet read, 2 of 9 columns ÷ all columns",
        0.3);
    for (Case c : List.of(Case.PARQUET_FILTER, Case.PARQUET_FILTER_COLLECT)) {
      List<Run> f = by.getOrDefault(c, Map.of()).get(local);
      if (f == null) {
        continue;
      }
      double fresh =
          median(
              f.stream()
                  .filter(r -> r.fresh() != null)
                  .mapToDouble(r -> r.fresh().bytesRead())
                  .toArray());
      double warm = median(warmBytes(f));
      g.append(
          String.format(
              Locale.ROOT,
              "| Parquet filter on 1%% of row groups (%d of %d), %s: bytes read ÷ file size |"
                  + " ≤ 0.05 | %s | %s |%n",
              in.keptGroups,
              in.sortedGroups,
              c == Case.PARQUET_FILTER ? "into memory" : "rows to Java",
              met(fresh / sorted, 0.05),
              met(warm / sorted, 0.05)));
    }
    goal(g, by, Case.PARQUET_WRITE, local, Case.PARQUET_WRITE, duck, "Parquet write ÷ DuckDB", 2);
    goal(g, by, Case.CSV_READ, local, Case.CSV_READ, duck, "CSV read ÷ DuckDB", 2);
    return g.toString();
  }

  private static void goal(
      StringBuilder g,
      Map<Case, Map<String, List<Run>>> by,
      Case a,
      String as,
      Case b,
      String bs,
      String what,
      double target) {
    List<Run> x = by.getOrDefault(a, Map.of()).get(as);
    List<Run> y = by.getOrDefault(b, Map.of()).get(bs);
    if (x == null || y == null) {
      return;
    }
    g.append(
        String.format(
            Locale.ROOT,
            "| %s | ≤ %s | %s | %s |%n",
            what,
            target,
            met(median(freshSeconds(x)) / median(freshSeconds(y)), target),
            met(median(warmSeconds(x)) / median(warmSeconds(y)), target)));
  }

  private static String met(double ratio, double target) {
    if (Double.isNaN(ratio)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f %s", ratio, ratio <= target ? "met" : "**missed**");
  }

  /** Errors, and answers that differ between the systems or from the first system's. */
  private static List<String> check(Case c, Map<String, List<Run>> rs) {
    List<String> notes = new ArrayList<>();
    Answer reference = null;
    String from = null;
    for (var e : rs.entrySet()) {
      for (Run r : e.getValue()) {
        if (r.error() != null) {
          notes.add("error: " + c.id + " " + r.system() + ": " + r.error());
        } else if (reference == null) {
          reference = r.answer();
          from = r.system();
        } else if (!r.answer().matches(reference)) {
          notes.add(
              "ANSWER MISMATCH: "
                  + c.id
                  + " "
                  + r.system()
                  + " "
                  + r.answer()
                  + " vs "
                  + from
                  + " "
                  + reference);
        }
      }
    }
    return notes;
  }

  private static double[] freshSeconds(List<Run> rs) {
    return rs == null
        ? new double[0]
        : rs.stream()
            .filter(r -> r.fresh() != null)
            .mapToDouble(r -> r.fresh().seconds())
            .toArray();
  }

  private static double[] warmSeconds(List<Run> rs) {
    return rs == null
        ? new double[0]
        : rs.stream().filter(r -> r.best() != null).mapToDouble(r -> r.best().seconds()).toArray();
  }

  private static double[] warmBytes(List<Run> rs) {
    return rs == null
        ? new double[0]
        : rs.stream()
            .flatMap(r -> r.warm().stream())
            .mapToDouble(Call::bytesRead)
            .filter(b -> b >= 0)
            .toArray();
  }

  private static double median(double[] xs) {
    double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN;
    }
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String spread(double[] xs) {
    double[] s = Arrays.stream(xs).filter(x -> !Double.isNaN(x)).sorted().toArray();
    if (s.length == 0) {
      return "-";
    }
    if (s.length == 1) {
      return String.format(Locale.ROOT, "%.3f", s[0]);
    }
    return String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", median(s), s[0], s[s.length - 1]);
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? "" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  // ==== child ==================================================================================

  /**
   * {@code child system case warmup reps threads out=dir csv=.. parquet=.. sorted=.. threshold=..}:
   * prints one line starting with {@value #RESULT}.
   */
  private static void child(String[] args) {
    String system = args[1];
    Case c = Case.valueOf(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int reps = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 6; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      f.put(kv[0], kv[1]);
    }
    StringBuilder out = new StringBuilder();
    long t0 = System.nanoTime();
    try (Side side =
        system.equals("duckdb") ? new DuckDbSide(threads, f) : new LocalSide(threads, f)) {
      double start = (System.nanoTime() - t0) / 1e9;
      side.prepare(c);
      Call fresh = timed(side, c);
      Answer first = side.check(c);
      side.release(c);
      for (int i = 0; i < warmup; i++) {
        side.run(c);
        side.release(c);
      }
      List<String> warm = new ArrayList<>();
      Answer last = first;
      for (int i = 0; i < reps; i++) {
        warm.add(timed(side, c).toString());
        if (i == reps - 1) {
          last = side.check(c);
        }
        side.release(c);
      }
      if (!last.matches(first)) {
        throw new IllegalStateException("first call answered " + first + ", last " + last);
      }
      out.append(String.format(Locale.ROOT, "%.4f ", start))
          .append(fresh)
          .append(' ')
          .append(String.join(",", warm))
          .append(' ')
          .append(side.outputBytes())
          .append(' ')
          .append(last.rows())
          .append(' ')
          .append(String.join(",", Arrays.stream(last.sums()).mapToObj(Double::toString).toList()));
    } catch (Exception | OutOfMemoryError e) {
      out.setLength(0);
      String message = (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
      out.append("error ").append(message.length() > 200 ? message.substring(0, 200) : message);
    }
    ChildJvm.finish(RESULT, out.toString());
  }

  /** One call of {@code c}, after a collection: its time, the load average, the bytes read. */
  private static Call timed(Side side, Case c) throws Exception {
    System.gc();
    double load = ChildJvm.loadAverage();
    long before = readChars();
    long t0 = System.nanoTime();
    side.run(c);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long after = readChars();
    return new Call(seconds, load, before < 0 || after < 0 ? -1 : after - before);
  }

  /**
   * The bytes this process has read through read(2) and its kin ({@code rchar} of {@code
   * /proc/self/io}), whether from the disk or the page cache, or -1 where there is no such file.
   * Both readers read files with pread/read (no mmap), so this is what they asked of the files.
   */
  static long readChars() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
        if (line.startsWith("rchar:")) {
          return Long.parseLong(line.substring(6).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }

  /** A system doing the cases. */
  private interface Side extends AutoCloseable {
    /** Untimed, before the first call: what the case starts from (the table to write). */
    void prepare(Case c) throws Exception;

    /** The timed call. */
    void run(Case c) throws Exception;

    /** Untimed: the row count and checksums of what the last call made. */
    Answer check(Case c) throws Exception;

    /** Untimed: lets go of what the last call made. */
    void release(Case c) throws Exception;

    /** The bytes the last write wrote, or -1. */
    long outputBytes() throws IOException;

    @Override
    void close() throws Exception;
  }

  /** Frameshift's local engine through the public API. */
  private static final class LocalSide implements Side {
    private final Frameshift fs;
    private final Map<String, String> f;
    private final Path out;
    private DataFrame table;
    private DataFrame made;
    private List<String> columns;
    private List<Row> rows;

    LocalSide(int threads, Map<String, String> f) {
      this.fs =
          Frameshift.builder()
              .engine("local")
              .config("frameshift.local.threads", Integer.toString(threads))
              .build();
      this.f = f;
      this.out = Path.of(f.get("out"));
    }

    @Override
    public void prepare(Case c) {
      if (c == Case.PARQUET_WRITE) {
        table = fs.read().parquet(f.get("parquet")).cache();
        table.count();
      }
    }

    @Override
    public void run(Case c) throws IOException {
      switch (c) {
        case PARQUET_READ -> made = fs.read().parquet(f.get("parquet"));
        case PARQUET_READ_2 -> made = fs.read().parquet(f.get("parquet")).select("id1", "v3");
        case PARQUET_FILTER ->
            made = fs.read().parquet(f.get("sorted")).filter("id6 <= " + f.get("threshold"));
        case PARQUET_FILTER_COLLECT -> {
          DataFrame d = fs.read().parquet(f.get("sorted")).filter("id6 <= " + f.get("threshold"));
          List<Row> collected = d.collect();
          columns = d.columns();
          rows = collected;
          return;
        }
        case CSV_READ -> made = fs.read().csv(f.get("csv"));
        case PARQUET_WRITE -> {
          BenchFiles.delete(out);
          table
              .write()
              .mode(WriteMode.OVERWRITE)
              .option("compression", "snappy")
              .parquet(out.toString());
          return;
        }
      }
      // cache() is lazy: the first action fills it
      made.cache().count();
    }

    @Override
    public Answer check(Case c) {
      if (c == Case.PARQUET_FILTER_COLLECT) {
        return answer(columns, UserPath.values(rows));
      }
      DataFrame d = c == Case.PARQUET_WRITE ? fs.read().parquet(out.toString()) : made;
      List<Expr> aggs =
          c == Case.PARQUET_READ_2
              ? List.of(count(), countDistinct("id1"), sum("v3"))
              : List.of(
                  count(),
                  countDistinct("id3"),
                  sum("id4"),
                  sum("id5"),
                  sum("id6"),
                  sum("v1"),
                  sum("v2"),
                  sum("v3"));
      Row r = d.agg(aggs.toArray(Expr[]::new)).collect().get(0);
      double[] sums = new double[r.size() - 1];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = ((Number) r.get(i + 1)).doubleValue();
      }
      return new Answer(((Number) r.get(0)).longValue(), sums);
    }

    @Override
    public void release(Case c) {
      rows = null;
      if (made != null) {
        made.unpersist();
        made = null;
      }
    }

    @Override
    public long outputBytes() throws IOException {
      return Files.exists(out) ? BenchFiles.size(out) : -1;
    }

    @Override
    public void close() {
      fs.close();
    }
  }

  /** DuckDB in memory through JDBC, as its users write it. */
  private static final class DuckDbSide implements Side {
    private final Connection con;
    private final Map<String, String> f;
    private final Path out;
    private List<String> columns;
    private List<Object[]> rows;

    DuckDbSide(int threads, Map<String, String> f) throws SQLException {
      this.con = DriverManager.getConnection("jdbc:duckdb:");
      this.f = f;
      this.out = Path.of(f.get("out"), "duckdb.parquet");
      execute("SET threads TO " + threads);
      // read from the file every time, as Frameshift does (DuckDB 1.3+ may keep file data)
      try {
        execute("SET enable_external_file_cache = false");
      } catch (SQLException e) {
        // an older DuckDB without that cache
      }
    }

    private void execute(String sql) throws SQLException {
      try (Statement s = con.createStatement()) {
        s.execute(sql);
      }
    }

    private String file(String key) {
      return BenchFiles.literal(Path.of(f.get(key)));
    }

    @Override
    public void prepare(Case c) throws SQLException {
      if (c == Case.PARQUET_WRITE) {
        execute("CREATE TABLE x AS SELECT * FROM read_parquet(" + file("parquet") + ")");
      }
    }

    @Override
    public void run(Case c) throws Exception {
      switch (c) {
        case PARQUET_READ ->
            execute("CREATE TABLE t AS SELECT * FROM read_parquet(" + file("parquet") + ")");
        case PARQUET_READ_2 ->
            execute("CREATE TABLE t AS SELECT id1, v3 FROM read_parquet(" + file("parquet") + ")");
        case PARQUET_FILTER ->
            execute(
                "CREATE TABLE t AS SELECT * FROM read_parquet("
                    + file("sorted")
                    + ") WHERE id6 <= "
                    + f.get("threshold"));
        case PARQUET_FILTER_COLLECT -> {
          try (Statement s = con.createStatement();
              ResultSet r =
                  s.executeQuery(
                      "SELECT * FROM read_parquet("
                          + file("sorted")
                          + ") WHERE id6 <= "
                          + f.get("threshold"))) {
            int n = r.getMetaData().getColumnCount();
            columns = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
              columns.add(r.getMetaData().getColumnLabel(i));
            }
            rows = new ArrayList<>();
            while (r.next()) {
              Object[] v = new Object[n];
              for (int i = 0; i < n; i++) {
                v[i] = r.getObject(i + 1);
              }
              rows.add(v);
            }
          }
        }
        case CSV_READ -> execute("CREATE TABLE t AS SELECT * FROM read_csv(" + file("csv") + ")");
        case PARQUET_WRITE -> {
          Files.createDirectories(out.getParent());
          Files.deleteIfExists(out);
          execute("COPY x TO " + BenchFiles.literal(out) + " (FORMAT parquet, COMPRESSION snappy)");
        }
      }
    }

    @Override
    public Answer check(Case c) throws SQLException {
      if (c == Case.PARQUET_FILTER_COLLECT) {
        return answer(columns, rows);
      }
      String from = c == Case.PARQUET_WRITE ? "read_parquet(" + BenchFiles.literal(out) + ")" : "t";
      String aggs =
          c == Case.PARQUET_READ_2
              ? "count(*), count(DISTINCT id1), sum(v3)"
              : "count(*), count(DISTINCT id3), sum(id4), sum(id5), sum(id6), sum(v1), sum(v2),"
                  + " sum(v3)";
      try (Statement s = con.createStatement();
          ResultSet r = s.executeQuery("SELECT " + aggs + " FROM " + from)) {
        r.next();
        int n = r.getMetaData().getColumnCount();
        double[] sums = new double[n - 1];
        for (int i = 0; i < sums.length; i++) {
          sums[i] = r.getDouble(i + 2);
        }
        return new Answer(r.getLong(1), sums);
      }
    }

    @Override
    public void release(Case c) throws SQLException {
      rows = null;
      execute("DROP TABLE IF EXISTS t");
    }

    @Override
    public long outputBytes() throws IOException {
      return Files.exists(out) ? Files.size(out) : -1;
    }

    @Override
    public void close() throws SQLException {
      con.close();
    }
  }

  /**
   * Rows' checksums, as the aggregates of the other cases give them: the row count, distinct id3,
   * and the sums of id4, id5, id6, v1, v2, v3.
   */
  private static Answer answer(List<String> columns, List<Object[]> rows) {
    int id3 = columns.indexOf("id3");
    Set<Object> distinct = new HashSet<>();
    List<String> summed = List.of("id4", "id5", "id6", "v1", "v2", "v3");
    double[] sums = new double[1 + summed.size()];
    for (Object[] r : rows) {
      distinct.add(r[id3]);
      for (int i = 0; i < summed.size(); i++) {
        sums[1 + i] += ((Number) r[columns.indexOf(summed.get(i))]).doubleValue();
      }
    }
    sums[0] = distinct.size();
    return new Answer(rows.size(), sums);
  }
}
