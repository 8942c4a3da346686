package io.frameshift.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The db-benchmark groupby and join questions, plus a sort, run side by side in one JVM on
 * Frameshift (local, Spark, AUTO) and its peers (raw Tablesaw, raw Spark, DuckDB). Each question
 * runs twice with its result materialised; answers are checked equal across systems; a table of
 * times and ratios, the peak heap per system, a markdown table and an SVG chart are written.
 *
 * <p>Arguments: {@code --rows 1e6} {@code --k 100} {@code --nas 0} {@code --sorted} {@code
 * --systems local,auto,tablesaw,duckdb,spark,spark-raw} {@code --questions all|groupby|join|G1,..}
 * {@code --runs 2} {@code --warmup 3} (untimed passes over a tenth of the rows, at least 200k,
 * first, so the JVM systems are compiled before they are timed) {@code --threads 2} {@code
 * --max-seconds 120} (a run slower than this is not repeated) {@code --interleave} (all systems
 * loaded at once, taking turns on every run of every question) {@code --release-inputs} (the last
 * system runs after the harness has dropped its own copy of the data) {@code --name x} (suffix of
 * the output files) {@code --out docs/benchmarks} {@code --user-path} (also the path a user takes:
 * data read from CSV files into memory, each question in a fresh JVM per system with no warm-up,
 * answers handed to Java as rows; see {@link UserPath}) {@code --csv-dir} (where those files are
 * written) {@code --jvms 1} (fresh JVMs per question and system; with more, the figure is the
 * median of each JVM's best run) {@code --warm false} (with --user-path: skip the in-process
 * figures).
 */
public final class DbBenchmark {
  private DbBenchmark() {}

  /** One system's runs of one question. */
  record Measurement(
      String system, Question question, double[] seconds, Answer answer, String error) {
    /** The median of the completed runs (NaN if none): steadier than the best where runs vary. */
    double median() {
      double[] done =
          java.util.Arrays.stream(seconds).filter(s -> !Double.isNaN(s)).sorted().toArray();
      if (done.length == 0) {
        return Double.NaN;
      }
      int m = done.length / 2;
      return done.length % 2 == 1 ? done[m] : (done[m - 1] + done[m]) / 2;
    }

    double best() {
      double b = Double.NaN;
      for (double s : seconds) {
        if (!Double.isNaN(s) && (Double.isNaN(b) || s < b)) {
          b = s;
        }
      }
      return b;
    }
  }

  /**
   * One system's memory: the used heap before it loaded and its peaks while it ran; with the
   * harness's data released ({@code loaded >= 0}) the heap it held after loading, its peaks while
   * answering (both counted from the JVM's baseline, without the data).
   */
  record Heap(String system, long baseline, long loaded, long peak, long livePeak) {}

  record Options(
      int rows,
      int k,
      int nas,
      boolean sorted,
      List<String> systems,
      List<Question> questions,
      int runs,
      int warmup,
      int threads,
      double maxSeconds,
      boolean interleave,
      boolean releaseInputs,
      boolean userPath,
      int jvms,
      boolean warm,
      Path csvDir,
      String name,
      Path out) {

    static Options parse(String[] args) {
      Map<String, String> a = arguments(args);
      Options o =
          new Options(
              (int) Double.parseDouble(a.getOrDefault("rows", "1e6")),
              (int) Double.parseDouble(a.getOrDefault("k", "100")),
              Integer.parseInt(a.getOrDefault("nas", "0")),
              Boolean.parseBoolean(a.getOrDefault("sorted", "false")),
              List.of(a.getOrDefault("systems", String.join(",", SYSTEMS)).split(",")),
              Question.parse(a.getOrDefault("questions", "all")),
              Integer.parseInt(a.getOrDefault("runs", "2")),
              Integer.parseInt(a.getOrDefault("warmup", "3")),
              Integer.parseInt(a.getOrDefault("threads", "2")),
              Double.parseDouble(a.getOrDefault("max-seconds", "120")),
              Boolean.parseBoolean(a.getOrDefault("interleave", "false")),
              Boolean.parseBoolean(a.getOrDefault("release-inputs", "false")),
              Boolean.parseBoolean(a.getOrDefault("user-path", "false")),
              Integer.parseInt(a.getOrDefault("jvms", "1")),
              Boolean.parseBoolean(a.getOrDefault("warm", "true")),
              Path.of(
                  a.getOrDefault(
                      "csv-dir",
                      Path.of(System.getProperty("java.io.tmpdir"), "frameshift-db-benchmark")
                          .toString())),
              a.getOrDefault("name", ""),
              Path.of(a.getOrDefault("out", "docs/benchmarks")));
      a.keySet()
          .removeAll(
              List.of(
                  "rows",
                  "k",
                  "nas",
                  "sorted",
                  "systems",
                  "questions",
                  "runs",
                  "warmup",
                  "threads",
                  "max-seconds",
                  "interleave",
                  "release-inputs",
                  "user-path",
                  "jvms",
                  "warm",
                  "csv-dir",
                  "name",
                  "out"));
      if (!a.isEmpty()) {
        throw new IllegalArgumentException(
            "Unknown options "
                + a.keySet()
                + "; known: rows, k, nas, sorted, systems, questions, runs, warmup, threads,"
                + " max-seconds, interleave, release-inputs, user-path, jvms, warm, csv-dir,"
                + " name, out");
      }
      for (String s : o.systems) {
        if (!SYSTEMS.contains(s)) {
          throw new IllegalArgumentException("Unknown system '" + s + "'; known: " + SYSTEMS);
        }
      }
      return o;
    }
  }

  /**
   * {@code --key value} pairs by key, in order; an option followed by another option or by nothing
   * is a flag ("true").
   */
  static Map<String, String> arguments(String[] args) {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (!key.startsWith("--")) {
        throw new IllegalArgumentException("Expected --option, got '" + key + "'");
      }
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      a.put(key.substring(2), flag ? "true" : args[++i]);
    }
    return a;
  }

  /** The systems by their --systems name, in table order. */
  static final List<String> SYSTEMS =
      List.of("local", "auto", "spark", "tablesaw", "spark-raw", "duckdb");

  static Map<String, Supplier<Peer>> peers(Options o) {
    Map<String, Supplier<Peer>> m = new LinkedHashMap<>();
    m.put("local", () -> new FrameshiftPeer("Frameshift local", FrameshiftPeer.local()));
    m.put(
        "auto",
        () -> new FrameshiftPeer("Frameshift AUTO", FrameshiftPeer.auto(sparkConfig(o.threads))));
    m.put(
        "spark",
        () -> new FrameshiftPeer("Frameshift Spark", new FrameshiftSpark(sparkConfig(o.threads))));
    m.put("tablesaw", TablesawPeer::new);
    m.put("spark-raw", () -> new SparkPeer(sparkConfig(o.threads)));
    m.put("duckdb", () -> new DuckDbPeer(o.threads));
    return m;
  }

  /** Spark settings for every Spark-backed system: local[threads], 4 shuffle partitions. */
  static Map<String, String> sparkConfig(int threads) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("spark.master", "local[" + threads + "]");
    c.put("spark.sql.shuffle.partitions", "4");
    c.put("spark.ui.enabled", "false");
    return c;
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    long jvmBaseline = HeapWatch.settledHeap();
    System.out.printf(
        Locale.ROOT,
        "db-benchmark: %,d rows, K=%d, %d%% NA, %s; %d threads; systems %s%n",
        o.rows,
        o.k,
        o.nas,
        o.sorted ? "sorted" : "random order",
        o.threads,
        o.systems);
    boolean groupBy = o.questions.stream().anyMatch(q -> q.task() != Question.Task.JOIN);
    boolean join = o.questions.stream().anyMatch(q -> q.task() == Question.Task.JOIN);
    long t0 = System.nanoTime();
    Data x = groupBy ? Generators.groupBy(o.rows, o.k, o.nas, o.sorted) : null;
    Generators.JoinTables jt = join ? Generators.join(o.rows, o.nas) : null;
    System.out.printf(Locale.ROOT, "data generated in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    long columnar = columnarBytes(x, jt);
    // the only reference to the generated data once loading starts, so it can be let go
    List<Peer.Inputs> inputs = new ArrayList<>(List.of(new Peer.Inputs(x, jt)));
    x = null;
    jt = null;
    List<UserPath.Run> user = o.userPath ? UserPath.run(o, inputs.get(0)) : List.of();
    if (o.userPath && !o.warm) {
      UserPath.report(o, user, List.of());
      return;
    }
    // at least 200k rows: smaller groups of q9 can have zero variance (a division by zero)
    int warmRows = Math.min(o.rows, Math.max(200_000, o.rows / 10));
    Peer.Inputs warm =
        o.warmup == 0
            ? null
            : new Peer.Inputs(
                groupBy ? Generators.groupBy(warmRows, o.k, o.nas, o.sorted) : null,
                join ? Generators.join(warmRows, o.nas) : null);
    Map<String, Supplier<Peer>> peers = peers(o);
    List<Measurement> ms = new ArrayList<>();
    List<Heap> heaps = new ArrayList<>();
    if (o.interleave) {
      runInterleaved(peers, warm, inputs.get(0), o, ms);
    } else {
      for (int i = 0; i < o.systems.size(); i++) {
        Supplier<Peer> factory = peers.get(o.systems.get(i));
        if (warm != null) {
          warmUp(factory.get(), warm, o);
        }
        boolean release = o.releaseInputs && i == o.systems.size() - 1;
        if (release) {
          warm = null;
        }
        runSystem(factory.get(), inputs, release ? jvmBaseline : -1, columnar, o, ms, heaps);
      }
    }
    Report report = new Report(o, columnar, ms, heaps);
    report.print();
    if (o.userPath) {
      // one file with both figures side by side; the warm run's own table stays on the console
      UserPath.report(o, user, ms);
    } else {
      report.write();
    }
  }

  private static long columnarBytes(Data x, Generators.JoinTables jt) {
    long b = x == null ? 0 : x.columnarBytes();
    if (jt != null) {
      b += jt.x().columnarBytes() + jt.small().columnarBytes();
      b += jt.medium().columnarBytes() + jt.big().columnarBytes();
    }
    return b;
  }

  /**
   * Loads {@code inputs.get(0)} into {@code peer} and runs every question. With a {@code
   * jvmBaseline} (the heap in use before any data was made; -1 for none) the harness's copy of the
   * data is dropped once the peer has loaded it, so the heap figures show the peer's own copy and
   * working set.
   */
  private static void runSystem(
      Peer peer,
      List<Peer.Inputs> inputs,
      long jvmBaseline,
      long columnar,
      Options o,
      List<Measurement> ms,
      List<Heap> heaps) {
    long baseline = HeapWatch.settledHeap();
    HeapWatch watch = new HeapWatch();
    try {
      long t0 = System.nanoTime();
      peer.load(inputs.get(0));
      System.out.printf(
          Locale.ROOT, "%s: loaded in %.1f s%n", peer.name(), (System.nanoTime() - t0) / 1e9);
      long loaded = -1;
      long offset = 0;
      if (jvmBaseline >= 0) {
        inputs.clear();
        loaded = HeapWatch.settledHeap() - jvmBaseline;
        System.out.printf(
            Locale.ROOT,
            "%s: holds %.0f MB of heap after loading (the harness's data released), %.2f x the"
                + " columnar size%n",
            peer.name(),
            loaded / 1e6,
            (double) loaded / columnar);
        // from here on the heap is the peer's: watch again, without the load's peak
        watch.close();
        watch = new HeapWatch();
        offset = jvmBaseline;
      }
      for (Question q : o.questions) {
        ms.add(measure(peer, q, o));
      }
      heaps.add(
          new Heap(
              peer.name(), baseline, loaded, watch.peak() - offset, watch.livePeak() - offset));
    } finally {
      watch.close();
      peer.close();
    }
  }

  /**
   * Every system loaded at once; each question's runs take turns between the systems, the order
   * reversed every other run, so that a slow phase of the machine falls on all of them alike. Used
   * to compare systems whose difference is smaller than the run-to-run spread of a whole pass (the
   * API overhead of Frameshift's Spark engine over raw Spark). Heap is not measured per system.
   */
  private static void runInterleaved(
      Map<String, Supplier<Peer>> factories,
      Peer.Inputs warm,
      Peer.Inputs inputs,
      Options o,
      List<Measurement> ms) {
    List<Peer> peers = new ArrayList<>();
    try {
      for (String s : o.systems) {
        if (warm != null) {
          warmUp(factories.get(s).get(), warm, o);
        }
      }
      for (String s : o.systems) {
        Peer p = factories.get(s).get();
        peers.add(p);
        p.load(inputs);
      }
      for (Question q : o.questions) {
        double[][] seconds = new double[peers.size()][o.runs];
        Answer[] answers = new Answer[peers.size()];
        String[] errors = new String[peers.size()];
        for (double[] s : seconds) {
          java.util.Arrays.fill(s, Double.NaN);
        }
        for (int run = 0; run < o.runs; run++) {
          for (int k = 0; k < peers.size(); k++) {
            int i = run % 2 == 0 ? k : peers.size() - 1 - k;
            if (errors[i] != null) {
              continue;
            }
            try {
              Answer a = timedRun(peers.get(i), q, seconds[i], run, o);
              answers[i] = a != null ? a : answers[i];
            } catch (RuntimeException | OutOfMemoryError e) {
              errors[i] = describe(e);
            }
          }
        }
        for (int i = 0; i < peers.size(); i++) {
          print(peers.get(i), q, seconds[i], answers[i], errors[i]);
          ms.add(new Measurement(peers.get(i).name(), q, seconds[i], answers[i], errors[i]));
        }
      }
    } finally {
      peers.forEach(Peer::close);
    }
  }

  /**
   * Runs {@code q} once on {@code peer}, after a collection, into {@code seconds[run]} and releases
   * the result; returns its answer (checked outside the clock) after the last run or a run slower
   * than --max-seconds, else null.
   */
  private static Answer timedRun(Peer peer, Question q, double[] seconds, int run, Options o) {
    // as db-benchmark's solutions collect garbage before every query: a collection of what earlier
    // questions left must not land on this one's clock
    System.gc();
    long t0 = System.nanoTime();
    Peer.Result r = peer.run(q);
    seconds[run] = (System.nanoTime() - t0) / 1e9;
    Answer answer = run == o.runs - 1 || seconds[run] > o.maxSeconds ? r.answer() : null;
    r.release();
    return answer;
  }

  private static String describe(Throwable e) {
    String error =
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return error.length() > 120 ? error.substring(0, 120) + "..." : error;
  }

  private static void print(Peer peer, Question q, double[] seconds, Answer answer, String error) {
    System.out.printf(
        Locale.ROOT,
        "  %-16s %-10s %-30s %s %s%n",
        peer.name(),
        q.title(),
        q.label(),
        java.util.Arrays.toString(seconds),
        error != null ? "ERROR " + error : answer);
  }

  private static void warmUp(Peer peer, Peer.Inputs inputs, Options o) {
    long t0 = System.nanoTime();
    try {
      peer.load(inputs);
      for (int i = 0; i < o.warmup; i++) {
        for (Question q : o.questions) {
          try {
            peer.run(q).release();
          } catch (RuntimeException | OutOfMemoryError e) {
            // the timed run reports it
          }
        }
      }
    } finally {
      peer.close();
    }
    System.out.printf(
        Locale.ROOT, "%s: warmed up in %.1f s%n", peer.name(), (System.nanoTime() - t0) / 1e9);
  }

  private static Measurement measure(Peer peer, Question q, Options o) {
    double[] seconds = new double[o.runs];
    java.util.Arrays.fill(seconds, Double.NaN);
    Answer answer = null;
    String error = null;
    for (int run = 0; run < o.runs; run++) {
      try {
        Answer a = timedRun(peer, q, seconds, run, o);
        answer = a != null ? a : answer;
      } catch (RuntimeException | OutOfMemoryError e) {
        error = describe(e);
        break;
      }
      if (seconds[run] > o.maxSeconds) {
        break;
      }
    }
    print(peer, q, seconds, answer, error);
    return new Measurement(peer.name(), q, seconds, answer, error);
  }
}
