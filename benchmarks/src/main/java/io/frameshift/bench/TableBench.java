package io.frameshift.bench;

import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.countDistinct;
import static io.frameshift.expr.Functions.sum;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.Table;
import io.frameshift.WriteMode;
import io.frameshift.local.LocalFrames;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The table speed goals of issue "Iceberg tables": an upsert of changed keys into a large table,
 * reading a table against reading its data files as plain Parquet, and the throughput of small
 * appends, on tables of the embedded catalog ({@code lake}, JDBC on SQLite) under {@code --dir}.
 *
 * <p>The driver ({@link #main}) generates a products table ({@code id} unique 0..rows-1, {@code
 * category} of 100 values, {@code store} of 1,000, {@code qty}, {@code price}, {@code version} 0)
 * and its updates ({@code --updates}, default a tenth of the rows: half of them existing ids spread
 * evenly over the table, one in every 2·rows/updates, half new ids above the table's; {@code
 * version} 1), writes both as Parquet files, and loads the first into two tables by the local
 * engine: one that the upserts change (its first snapshot tagged {@code base}) and one only read.
 * All of it is kept under {@code --dir} for the next run with the same sizes.
 *
 * <p>Every case then runs in a fresh JVM ({@link ChildJvm}), as a user's program meets it: the
 * first call is the "fresh" figure, and after {@code --warmup} untimed calls the best of {@code
 * --reps} timed ones is the "warm" figure; the heap is collected and the load average read before
 * each timed call. The upsert reads its updates from their Parquet file and is rolled back to the
 * {@code base} snapshot after every call (outside the clock; the JVM's last act expires the
 * upserts' snapshots, which deletes their files). Reads hand their answer to Java reduced by one
 * aggregation (row count, sums, distinct counts), the same on both sides; upserts are checked by
 * the same aggregation of the table afterwards, which must agree across engines.
 *
 * <p>Arguments: {@code --rows 1e6} {@code --updates rows/10} {@code --reps 3} {@code --warmup 1}
 * {@code --threads 2} {@code --commits 200} (appends per phase) {@code --writers 4} {@code
 * --engines local,spark,auto} (for the upsert) {@code --cases upsert,read,append} {@code --dir
 * /tmp/frameshift-table-bench} {@code --out docs/benchmarks} (where {@code tables-<rows>.md} is
 * written).
 */
public final class TableBench {
  private TableBench() {}

  private static final String RESULT = "TABLE-BENCH-RESULT ";
  private static final String BASE_TAG = "base";
  private static final int APPEND_ROWS = 100;

  record Options(
      int rows,
      int updates,
      int reps,
      int warmup,
      int threads,
      int commits,
      int writers,
      List<String> engines,
      List<String> cases,
      Path dir,
      Path out) {

    static Options parse(String[] args) {
      Map<String, String> a = DbBenchmark.arguments(args);
      List<String> known =
          List.of(
              "rows", "updates", "reps", "warmup", "threads", "commits", "writers", "engines",
              "cases", "dir", "out");
      List<String> unknown = a.keySet().stream().filter(k -> !known.contains(k)).toList();
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("Unknown options " + unknown + "; known: " + known);
      }
      int rows = (int) Double.parseDouble(a.getOrDefault("rows", "1e6"));
      List<String> cases = List.of(a.getOrDefault("cases", "upsert,read,append").split(","));
      for (String c : cases) {
        if (!List.of("upsert", "read", "append").contains(c)) {
          throw new IllegalArgumentException(
              "Unknown case '" + c + "'; known: [upsert, read, append]");
        }
      }
      List<String> engines = List.of(a.getOrDefault("engines", "local,spark,auto").split(","));
      for (String e : engines) {
        if (!List.of("local", "spark", "auto").contains(e)) {
          throw new IllegalArgumentException(
              "Unknown engine '" + e + "'; known: [local, spark, auto]");
        }
      }
      return new Options(
          rows,
          (int) Double.parseDouble(a.getOrDefault("updates", Integer.toString(rows / 10))),
          Integer.parseInt(a.getOrDefault("reps", "3")),
          Integer.parseInt(a.getOrDefault("warmup", "1")),
          Integer.parseInt(a.getOrDefault("threads", "2")),
          Integer.parseInt(a.getOrDefault("commits", "200")),
          Integer.parseInt(a.getOrDefault("writers", "4")),
          engines,
          cases,
          Path.of(
              a.getOrDefault(
                  "dir",
                  Path.of(System.getProperty("java.io.tmpdir"), "frameshift-table-bench")
                      .toString())),
          Path.of(a.getOrDefault("out", "docs/benchmarks")));
    }

    String tag() {
      return String.format(Locale.ROOT, "%.0e", (double) rows).replace("+0", "").replace("+", "");
    }

    /** The tables' and files' names: rows and updates, so a run with other sizes makes its own. */
    String dataTag() {
      return tag() + "_u" + updates;
    }
  }

  /** The inputs every child gets: the files, the warehouse and the tables, as key=value. */
  record Inputs(Path updates, Path warehouse, String upsertTable, String readTable, Path readData) {
    List<String> args() {
      return List.of(
          "updates=" + updates,
          "warehouse=" + warehouse,
          "upsertTable=" + upsertTable,
          "readTable=" + readTable,
          "readData=" + readData);
    }
  }

  /**
   * One case on one engine in one JVM.
   *
   * @param fresh seconds of the first call; for appends, of the first commit
   * @param warm seconds of the timed calls after warm-up; for appends, commits per second of the
   *     one writer and of the concurrent writers
   * @param loads the load average as each timed call started
   * @param note what the call did (files rewritten, the engine the snapshot records, counts)
   */
  record Run(
      String c,
      String engine,
      double fresh,
      double[] warm,
      double[] loads,
      Answer answer,
      String note,
      String error) {

    double best() {
      return Arrays.stream(warm).min().orElse(Double.NaN);
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
        "table benchmark: %,d rows, %,d changed keys, %d threads, %d warm-up call(s), best of %d;"
            + " cases %s; upsert engines %s; load average %.1f%n",
        o.rows,
        o.updates,
        o.threads,
        o.warmup,
        o.reps,
        o.cases,
        o.engines,
        ChildJvm.loadAverage());
    Inputs in = inputs(o);
    List<Run> runs = new ArrayList<>();
    if (o.cases.contains("upsert")) {
      for (String e : o.engines) {
        runs.add(child(o, in, "upsert", e));
      }
    }
    if (o.cases.contains("read")) {
      runs.add(child(o, in, "read-table", "local"));
      runs.add(child(o, in, "read-parquet", "local"));
    }
    if (o.cases.contains("append")) {
      runs.add(child(o, in, "append", "local"));
    }
    report(o, in, runs);
  }

  /** The Parquet files and the tables, made unless already there. */
  static Inputs inputs(Options o) throws IOException {
    Files.createDirectories(o.dir);
    Path warehouse = o.dir.resolve("warehouse");
    Path base = o.dir.resolve("products_" + o.tag() + ".parquet");
    Path updates = o.dir.resolve("updates_" + o.dataTag() + ".parquet");
    String upsertTable = "lake.bench.upsert_" + o.dataTag().replace('-', '_');
    String readTable = "lake.bench.read_" + o.tag().replace('-', '_');
    try (Frameshift fs = session("local", warehouse, o.threads)) {
      if (!Files.exists(base)) {
        long t0 = System.nanoTime();
        LocalFrames.of(fs, Tables.of(products(o.rows)))
            .write()
            .mode(WriteMode.OVERWRITE)
            .parquet(base.toString());
        System.out.printf(
            Locale.ROOT,
            "generated and wrote %s (%.0f MB) in %.1f s%n",
            base,
            BenchFiles.size(base) / 1e6,
            (System.nanoTime() - t0) / 1e9);
      }
      if (!Files.exists(updates)) {
        LocalFrames.of(fs, Tables.of(updates(o.rows, o.updates)))
            .write()
            .mode(WriteMode.OVERWRITE)
            .parquet(updates.toString());
        System.out.printf(
            Locale.ROOT,
            "generated and wrote %s (%.0f MB)%n",
            updates,
            BenchFiles.size(updates) / 1e6);
      }
      for (String t : List.of(upsertTable, readTable)) {
        if (!fs.catalog("lake").exists(t.substring("lake.".length()))) {
          long t0 = System.nanoTime();
          fs.read().parquet(base.toString()).write().option("tag", BASE_TAG).table(t);
          System.out.printf(
              Locale.ROOT,
              "loaded %s into table %s by the local engine in %.1f s%n",
              base.getFileName(),
              t,
              (System.nanoTime() - t0) / 1e9);
        }
      }
      Table read = fs.table(readTable);
      Snapshot s = read.currentSnapshot().orElseThrow();
      Path data = Path.of(read.location().replaceFirst("^file:", "")).resolve("data");
      System.out.printf(
          Locale.ROOT,
          "table %s: snapshot %d, %s rows in %s data files (%.0f MB) under %s%n",
          readTable,
          s.id(),
          s.summary().get("total-records"),
          s.summary().get("total-data-files"),
          Double.parseDouble(s.summary().getOrDefault("total-files-size", "0")) / 1e6,
          data);
      return new Inputs(updates, warehouse, upsertTable, readTable, data);
    }
  }

  static Frameshift session(String engine, Path warehouse, int threads) {
    Frameshift.Builder b =
        Frameshift.builder()
            .engine(engine)
            .config("frameshift.warehouse", warehouse.toString())
            .config("frameshift.local.threads", Integer.toString(threads));
    DbBenchmark.sparkConfig(threads).forEach(b::config);
    return b.build();
  }

  static Schema schema() {
    return Schema.of(
        Field.of("id", DataType.INT32),
        Field.of("category", DataType.STRING),
        Field.of("store", DataType.STRING),
        Field.of("qty", DataType.INT32),
        Field.of("price", DataType.FLOAT64),
        Field.of("version", DataType.INT32));
  }

  /** The table: ids 0..rows-1 in order, version 0. */
  static Data products(int rows) {
    int[] id = new int[rows];
    for (int i = 0; i < rows; i++) {
      id[i] = i;
    }
    return rowsOf("products", id, 0, new SplittableRandom(42));
  }

  /**
   * {@code n} changed rows: n/2 existing ids, one in every {@code 2·rows/n} (so every data file of
   * the table holds some), and the rest new ids above the table's, in random order; version 1.
   */
  static Data updates(int rows, int n) {
    SplittableRandom r = new SplittableRandom(7);
    int existing = n / 2;
    int step = Math.max(1, rows / Math.max(1, existing));
    int[] id = new int[n];
    for (int i = 0; i < existing; i++) {
      id[i] = Math.min(rows - 1, i * step + r.nextInt(step));
    }
    for (int i = existing; i < n; i++) {
      id[i] = rows + (i - existing);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = id[i];
      id[i] = id[j];
      id[j] = t;
    }
    return rowsOf("updates", id, 1, r);
  }

  private static Data rowsOf(String name, int[] id, int version, SplittableRandom r) {
    int n = id.length;
    String[] categories = names("category_", 100);
    String[] stores = names("store_", 1000);
    String[] category = new String[n];
    String[] store = new String[n];
    int[] qty = new int[n];
    double[] price = new double[n];
    int[] versions = new int[n];
    for (int i = 0; i < n; i++) {
      category[i] = categories[r.nextInt(categories.length)];
      store[i] = stores[r.nextInt(stores.length)];
      qty[i] = r.nextInt(501);
      price[i] = Math.round(r.nextDouble(1, 500) * 100) / 100.0;
      versions[i] = version;
    }
    return new Data(
        name,
        List.of(
            new Data.Ints("id", id, null),
            new Data.Strings("category", category),
            new Data.Strings("store", store),
            new Data.Ints("qty", qty, null),
            new Data.Doubles("price", price, null),
            new Data.Ints("version", versions, null)),
        n);
  }

  private static String[] names(String prefix, int n) {
    String[] s = new String[n];
    for (int i = 0; i < n; i++) {
      s[i] = prefix + i;
    }
    return s;
  }

  private static Run child(Options o, Inputs in, String c, String engine) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "child",
            c,
            engine,
            Integer.toString(o.warmup),
            Integer.toString(o.reps),
            Integer.toString(o.threads),
            "commits=" + o.commits,
            "writers=" + o.writers));
    args.addAll(in.args());
    ChildJvm.Outcome out = ChildJvm.run(TableBench.class, args, RESULT, c + " " + engine);
    Run r =
        out.result() == null
            ? new Run(c, engine, Double.NaN, new double[0], new double[0], null, "", out.error())
            : parse(c, engine, out.result());
    System.out.printf(
        Locale.ROOT,
        "  %-12s %-6s fresh %.3f, warm %s, loads %s; %s%s%n",
        c,
        engine,
        r.fresh(),
        Arrays.toString(r.warm()),
        Arrays.toString(r.loads()),
        r.note(),
        r.error() != null ? " ERROR " + r.error() : " " + r.answer());
    return r;
  }

  /** "fresh warm1,warm2 load1,load2 rows sum1,sum2 note", or "error message". */
  private static Run parse(String c, String engine, String line) {
    if (line.startsWith("error ")) {
      return new Run(
          c, engine, Double.NaN, new double[0], new double[0], null, "", line.substring(6));
    }
    String[] f = line.trim().split(" ", 6);
    return new Run(
        c,
        engine,
        Double.parseDouble(f[0]),
        doubles(f[1]),
        doubles(f[2]),
        new Answer(Long.parseLong(f[3]), doubles(f[4])),
        f.length > 5 ? f[5] : "",
        null);
  }

  private static double[] doubles(String s) {
    return s.isEmpty()
        ? new double[0]
        : Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  // ==== report =================================================================================

  private static void report(Options o, Inputs in, List<Run> runs) throws IOException {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "%,d rows (id, category, store, qty, price, version), %,d changed keys (%,d existing"
                + " ids spread over the whole table, %,d new); %d threads; tables of the embedded"
                + " catalog (JDBC on SQLite) loaded from Parquet by the local engine. Each case in"
                + " a fresh JVM: fresh = its first call, warm = best of %d after %d untimed"
                + " call(s).%n%n",
            o.rows,
            o.updates,
            o.updates / 2,
            o.updates - o.updates / 2,
            o.threads,
            o.reps,
            o.warmup));
    text.append(
        "| case | engine | fresh JVM (s) | warm, best (s) | load average | what it did |\n");
    text.append("| --- | --- | ---: | ---: | --- | --- |\n");
    Run table = null;
    Run parquet = null;
    Run localUpsert = null;
    Run append = null;
    for (Run r : runs) {
      switch (r.c()) {
        case "read-table" -> table = r;
        case "read-parquet" -> parquet = r;
        case "append" -> append = r;
        default -> {
          if (r.engine().equals("local")) {
            localUpsert = r;
          }
        }
      }
      if (r.c().equals("append")) {
        continue;
      }
      text.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s |%n",
              label(r.c(), o),
              r.engine(),
              r.error() != null ? "error" : String.format(Locale.ROOT, "%.2f", r.fresh()),
              r.error() != null ? "" : String.format(Locale.ROOT, "%.2f", r.best()),
              loads(r),
              r.error() != null ? r.error() : r.note()));
    }
    if (append != null) {
      text.append(
          String.format(
              Locale.ROOT,
              "%n| appends of %d rows, local engine | first commit in the JVM (s) | one writer"
                  + " (commits/s) | %d writer threads (commits/s) | load average | what it did"
                  + " |%n| --- | ---: | ---: | ---: | --- | --- |%n| %d commits per phase |"
                  + " %s | %s | %s | %s | %s |%n",
              APPEND_ROWS,
              o.writers,
              o.commits,
              append.error() != null ? "error" : String.format(Locale.ROOT, "%.3f", append.fresh()),
              append.warm().length > 0 ? String.format(Locale.ROOT, "%.1f", append.warm()[0]) : "",
              append.warm().length > 1 ? String.format(Locale.ROOT, "%.1f", append.warm()[1]) : "",
              loads(append),
              append.error() != null ? append.error() : append.note()));
    }
    text.append("\n| goal | target | fresh JVM | warm |\n| --- | ---: | ---: | ---: |\n");
    if (localUpsert != null && localUpsert.error() == null) {
      text.append(
          String.format(
              Locale.ROOT,
              "| upsert of %,d keys into %,d rows, local engine | ≤ 60 s | %s | %s |%n",
              o.updates,
              o.rows,
              met(localUpsert.fresh(), 60, " s"),
              met(localUpsert.best(), 60, " s")));
    }
    if (table != null && parquet != null && table.error() == null && parquet.error() == null) {
      text.append(
          String.format(
              Locale.ROOT,
              "| table read ÷ the same files read as Parquet, local engine | ≤ 1.3 | %s | %s |%n",
              met(table.fresh() / parquet.fresh(), 1.3, ""),
              met(table.best() / parquet.best(), 1.3, "")));
    }
    text.append("\n```\n");
    List<String> notes = check(runs);
    notes.forEach(n -> text.append(n).append('\n'));
    if (notes.isEmpty()) {
      text.append("all answers agree (row counts, sums and distinct counts)\n");
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%d cores; table data under %s%n```%n",
            Runtime.getRuntime().availableProcessors(),
            in.readData()));
    System.out.println();
    System.out.print(text);
    Files.createDirectories(o.out);
    Path file = o.out.resolve("tables-" + o.tag() + ".md");
    Files.writeString(file, text.toString());
    System.out.println("wrote " + file);
  }

  private static String label(String c, Options o) {
    return switch (c) {
      case "upsert" ->
          String.format(
              Locale.ROOT, "upsert %,d keys (Parquet file) into %,d rows", o.updates, o.rows);
      case "read-table" -> "read the table, reduced to one row";
      case "read-parquet" -> "read its data files as Parquet, reduced to one row";
      default -> c;
    };
  }

  private static String loads(Run r) {
    double[] l = Arrays.stream(r.loads()).filter(x -> !Double.isNaN(x)).toArray();
    if (l.length == 0) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "%.1f-%.1f",
        Arrays.stream(l).min().getAsDouble(),
        Arrays.stream(l).max().getAsDouble());
  }

  private static String met(double x, double target, String unit) {
    if (Double.isNaN(x)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f%s %s", x, unit, x <= target ? "met" : "**missed**");
  }

  /** Upserts must agree across engines; the two reads must agree with each other. */
  private static List<String> check(List<Run> runs) {
    List<String> notes = new ArrayList<>();
    Map<String, Run> reference = new LinkedHashMap<>();
    for (Run r : runs) {
      if (r.error() != null) {
        notes.add("error: " + r.c() + " " + r.engine() + ": " + r.error());
        continue;
      }
      String group = r.c().startsWith("read") ? "read" : r.c();
      Run ref = reference.putIfAbsent(group, r);
      if (ref != null && !r.answer().matches(ref.answer())) {
        notes.add(
            "ANSWER MISMATCH: "
                + r.c()
                + " "
                + r.engine()
                + " "
                + r.answer()
                + " vs "
                + ref.c()
                + " "
                + ref.engine()
                + " "
                + ref.answer());
      }
    }
    return notes;
  }

  // ==== child ==================================================================================

  /**
   * {@code child case engine warmup reps threads key=value...}: prints one line starting with
   * {@value #RESULT}.
   */
  private static void child(String[] args) {
    String c = args[1];
    String engine = args[2];
    int warmup = Integer.parseInt(args[3]);
    int reps = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 6; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      f.put(kv[0], kv[1]);
    }
    String out;
    try (Frameshift fs = session(engine, Path.of(f.get("warehouse")), threads)) {
      out =
          switch (c) {
            case "upsert" -> upsert(fs, engine, f, warmup, reps);
            case "read-table", "read-parquet" -> read(fs, c, f, warmup, reps);
            case "append" ->
                append(fs, Integer.parseInt(f.get("commits")), Integer.parseInt(f.get("writers")));
            default -> throw new IllegalArgumentException(c);
          };
    } catch (Exception | OutOfMemoryError e) {
      String message = (e.getClass().getSimpleName() + ": " + e.getMessage()).replace('\n', ' ');
      out = "error " + (message.length() > 300 ? message.substring(0, 300) : message);
    }
    ChildJvm.finish(RESULT, out);
  }

  /** Untimed, before each timed call: a collection, then the load average. */
  private static double settle() {
    System.gc();
    return ChildJvm.loadAverage();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static String upsert(
      Frameshift fs, String engine, Map<String, String> f, int warmup, int reps) {
    String name = f.get("upsertTable");
    Table t = fs.table(name);
    long base =
        t.snapshots().stream()
            .filter(s -> BASE_TAG.equals(s.summary().get(Snapshot.TAG)))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no snapshot tagged base in " + name))
            .id();
    if (t.currentSnapshot().orElseThrow().id() != base) {
      t.rollbackTo(base);
    }
    String start = "";
    if (engine.equals("spark")) {
      // Spark's start is not the upsert's: paid here, reported beside it
      long t0 = System.nanoTime();
      fs.read().parquet(f.get("updates")).limit(1).collect();
      start =
          String.format(Locale.ROOT, "; Spark started in %.1f s (not in the figures)", seconds(t0));
    }
    List<Double> loads = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    loads.add(settle());
    long t0 = System.nanoTime();
    t.upsert(fs.read().parquet(f.get("updates")), "id");
    double fresh = seconds(t0);
    Snapshot s = t.currentSnapshot().orElseThrow();
    String note =
        String.format(
            Locale.ROOT,
            "snapshot by %s: %s of %s data files replaced by %s%s",
            s.engine(),
            s.summary().getOrDefault("deleted-data-files", "0"),
            Integer.parseInt(s.summary().getOrDefault("deleted-data-files", "0"))
                + Integer.parseInt(s.summary().getOrDefault("total-data-files", "0"))
                - Integer.parseInt(s.summary().getOrDefault("added-data-files", "0")),
            s.summary().getOrDefault("added-data-files", "0"),
            start);
    Answer answer = answer(fs.read().table(name));
    t.rollbackTo(base);
    for (int i = 0; i < warmup; i++) {
      t.upsert(fs.read().parquet(f.get("updates")), "id");
      t.rollbackTo(base);
    }
    for (int i = 0; i < reps; i++) {
      loads.add(settle());
      long t1 = System.nanoTime();
      t.upsert(fs.read().parquet(f.get("updates")), "id");
      warm.add(seconds(t1));
      if (i == reps - 1) {
        Answer last = answer(fs.read().table(name));
        if (!last.matches(answer)) {
          throw new IllegalStateException("first upsert left " + answer + ", last " + last);
        }
      }
      t.rollbackTo(base);
    }
    // the upserts' snapshots go, and with them their files: the table is back to its base alone
    t.expireSnapshots(Instant.now(), 1);
    return line(fresh, warm, loads, answer, note);
  }

  private static String read(Frameshift fs, String c, Map<String, String> f, int warmup, int reps) {
    List<Double> loads = new ArrayList<>();
    List<Double> warm = new ArrayList<>();
    loads.add(settle());
    long t0 = System.nanoTime();
    Answer answer = answer(readOnce(fs, c, f));
    double fresh = seconds(t0);
    for (int i = 0; i < warmup; i++) {
      answer(readOnce(fs, c, f));
    }
    for (int i = 0; i < reps; i++) {
      loads.add(settle());
      long t1 = System.nanoTime();
      Answer a = answer(readOnce(fs, c, f));
      warm.add(seconds(t1));
      if (!a.matches(answer)) {
        throw new IllegalStateException("first read answered " + answer + ", a later one " + a);
      }
    }
    String note =
        c.equals("read-table")
            ? "fs.read().table(\"" + f.get("readTable") + "\")"
            : "fs.read().parquet(<the table's data folder>)";
    return line(fresh, warm, loads, answer, note);
  }

  private static DataFrame readOnce(Frameshift fs, String c, Map<String, String> f) {
    return c.equals("read-table")
        ? fs.read().table(f.get("readTable"))
        : fs.read().parquet(f.get("readData"));
  }

  /** The reduction every case hands to Java: row count, sums, distinct counts. */
  private static Answer answer(DataFrame d) {
    Row r =
        d.agg(
                count(),
                sum("id"),
                sum("qty"),
                sum("price"),
                sum("version"),
                countDistinct("category"),
                countDistinct("store"))
            .collect()
            .get(0);
    double[] sums = new double[r.size() - 1];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = ((Number) r.get(i + 1)).doubleValue();
    }
    return new Answer(((Number) r.get(0)).longValue(), sums);
  }

  /**
   * Appends of 100 rows: the first commit in the JVM, then {@code commits} by one writer, then
   * {@code commits} by {@code writers} threads, each phase on a new table. The frames are made
   * before the clock starts (rows arriving in memory, as micro-batches do).
   */
  private static String append(Frameshift fs, int commits, int writers) throws Exception {
    List<Double> loads = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    double fresh = Double.NaN;
    long rows = 0;
    double idSum = 0;
    List<Integer> phases = List.of(1, writers);
    for (int phase = 0; phase < phases.size(); phase++) {
      int threads = phases.get(phase);
      String name = "lake.bench.appends_" + phase + "_" + threads;
      String relative = name.substring("lake.".length());
      fs.catalog("lake").purgeTable(relative);
      fs.catalog("lake").createTable(relative, schema());
      // the JVM's first commit is timed alone, before the first phase
      int first = phase == 0 ? 1 : 0;
      List<DataFrame> batches = new ArrayList<>();
      for (int i = 0; i < commits + first; i++) {
        batches.add(fs.createDataFrame(schema(), batch(i)));
      }
      if (first == 1) {
        loads.add(settle());
        long t0 = System.nanoTime();
        batches.get(0).write().mode(WriteMode.APPEND).table(name);
        fresh = seconds(t0);
      }
      loads.add(settle());
      long t0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
          int writer = w;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = first + writer; i < batches.size(); i += threads) {
                      batches.get(i).write().mode(WriteMode.APPEND).table(name);
                    }
                  }));
        }
        for (Future<?> d : done) {
          d.get();
        }
      } finally {
        pool.shutdown();
      }
      double s = seconds(t0);
      rates.add(commits / s);
      Answer a = answer(fs.read().table(name));
      int snapshots = fs.table(name).snapshots().size();
      long expected = (long) (commits + first) * APPEND_ROWS;
      if (a.rows() != expected || snapshots != commits + first) {
        throw new IllegalStateException(
            name
                + " holds "
                + a.rows()
                + " rows in "
                + snapshots
                + " snapshots; expected "
                + expected
                + " rows in "
                + (commits + first));
      }
      notes.add(
          String.format(
              Locale.ROOT,
              "%d thread(s): %d commits in %.1f s, %d snapshots, %,d rows",
              threads,
              commits,
              s,
              snapshots,
              a.rows()));
      rows += a.rows();
      idSum += a.sums()[0];
    }
    return line(
        fresh, rates, loads, new Answer(rows, new double[] {idSum}), String.join("; ", notes));
  }

  /** The {@code i}-th batch of 100 rows: ids {@code 100·i ..}, as the products are. */
  private static Object[][] batch(int i) {
    SplittableRandom r = new SplittableRandom(i);
    Object[][] rows = new Object[APPEND_ROWS][];
    for (int k = 0; k < APPEND_ROWS; k++) {
      rows[k] =
          new Object[] {
            i * APPEND_ROWS + k,
            "category_" + r.nextInt(100),
            "store_" + r.nextInt(1000),
            r.nextInt(501),
            Math.round(r.nextDouble(1, 500) * 100) / 100.0,
            0
          };
    }
    return rows;
  }

  private static String line(
      double fresh, List<Double> warm, List<Double> loads, Answer a, String note) {
    return String.format(Locale.ROOT, "%.4f ", fresh)
        + String.join(",", warm.stream().map(w -> String.format(Locale.ROOT, "%.4f", w)).toList())
        + " "
        + String.join(",", loads.stream().map(l -> String.format(Locale.ROOT, "%.2f", l)).toList())
        + " "
        + a.rows()
        + " "
        + String.join(",", Arrays.stream(a.sums()).mapToObj(Double::toString).toList())
        + " "
        + note;
  }
}
