package io.frameshift.select;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.sum;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.arrow.ArrowRows;
import io.frameshift.arrow.ArrowTypes;
import io.frameshift.error.ConfigurationException;
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputException;
import io.frameshift.expr.Window;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures this machine's engines and writes the {@link CostProfile} the selector places plans
 * with: per engine the overhead of a trivial job, and per {@link OperationKind} a cost per input
 * row fitted by least squares over a few sizes of a synthetic frame; Spark's start-up time; the
 * Arrow hand-off cost per byte. Only the public API is used, each operation pinned with {@code
 * on(engine)}, so what is measured is what a session runs.
 *
 * <pre>{@code
 * try (Frameshift fs = Frameshift.create()) {
 *   Calibration.calibrate(fs, CostProfile.DEFAULT_PATH); // later sessions load it
 * }
 * }</pre>
 *
 * <p>The local engine computes each node when it is called, so a local run is timed with {@code
 * count()}, as the executor times the nodes it learns from. Spark is lazy and its optimizer drops
 * sorts and unused columns under a count, so a Spark run is a whole job forced through an Arrow
 * export of its result, less the overhead of a trivial job.
 */
public final class Calibration {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.select");

  /**
   * Spark's start-up time assumed when it cannot be measured because Spark already runs in this JVM
   * and no earlier profile knows it: a local session's typical start on a small machine.
   */
  public static final double DEFAULT_SPARK_STARTUP_MILLIS = 5000;

  private static final String LOCAL = Selector.LOCAL;
  private static final String SPARK = Selector.SPARK;

  /** The synthetic frame: a unique id, a key of groups of about ten rows, 100 classes, values. */
  static final Schema DATA =
      Schema.builder()
          .column("id", DataType.INT64)
          .column("k", DataType.INT64)
          .column("g", DataType.INT32)
          .column("v", DataType.FLOAT64)
          .column("s", DataType.STRING)
          .build();

  /** The dimension joined to {@link #DATA} on {@code k}. */
  static final Schema KEYS =
      Schema.builder().column("k", DataType.INT64).column("label", DataType.STRING).build();

  private Calibration() {}

  /**
   * How much to measure.
   *
   * @param rows the sizes of the synthetic frame each operation runs over (at least one)
   * @param repeats runs per measurement; the best counts
   */
  public record Options(List<Integer> rows, int repeats) {
    /** 20,000 and 200,000 rows, best of 2: about a minute on 2 cores with Spark. */
    public static final Options DEFAULT = new Options(List.of(20_000, 200_000), 2);

    public Options {
      rows = List.copyOf(rows);
      if (rows.isEmpty() || rows.stream().anyMatch(r -> r < 10)) {
        throw new InvalidOptionException(
            "Calibration sizes are " + rows + "; expected one or more sizes of at least 10 rows");
      }
      if (repeats < 1) {
        throw new InvalidOptionException(
            "Calibration repeats is " + repeats + "; expected at least 1");
      }
    }
  }

  /** {@link #measure(Frameshift, Options)} with {@link Options#DEFAULT}. */
  public static CostProfile measure(Frameshift fs) {
    return measure(fs, Options.DEFAULT);
  }

  /** Measures every engine of {@code fs} and returns the profile, without saving or using it. */
  public static CostProfile measure(Frameshift fs, Options options) {
    long start = System.nanoTime();
    List<String> engines = new ArrayList<>();
    for (String e : List.of(LOCAL, SPARK)) {
      if (fs.availableEngines().contains(e)) {
        engines.add(e);
      }
    }
    if (engines.isEmpty()) {
      throw new ConfigurationException(
          "Calibration measures the local and spark engines; this session has "
              + fs.availableEngines());
    }
    LOG.info(
        "Calibrating engines {} at {} rows, best of {}",
        engines,
        options.rows(),
        options.repeats());
    Run run = new Run(fs, options);
    double startup = run.sparkStartup(engines.contains(SPARK));
    Map<String, CostProfile.EngineCosts> costs = new LinkedHashMap<>();
    for (String e : engines) {
      costs.put(e, run.engineCosts(e));
    }
    double transfer =
        engines.contains(SPARK) && engines.contains(LOCAL)
            ? run.transferNanosPerByte(costs.get(SPARK).overheadMillis())
            : defaultTransfer(fs);
    CostProfile p = new CostProfile(costs, startup, transfer, machine(), Instant.now().toString());
    LOG.info(
        "Calibration finished in {} s: {}",
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
        summary(p));
    return p;
  }

  /** {@link #calibrate(Frameshift, Path, Options)} with {@link Options#DEFAULT}. */
  public static CostProfile calibrate(Frameshift fs, Path out) {
    return calibrate(fs, out, Options.DEFAULT);
  }

  /** Measures, saves the profile to {@code out} and has {@code fs} use it from now on. */
  public static CostProfile calibrate(Frameshift fs, Path out, Options options) {
    CostProfile p = measure(fs, options);
    p.save(out);
    fs.useProfile(p);
    LOG.info("Saved the cost profile to {}", out);
    return p;
  }

  private static double defaultTransfer(Frameshift fs) {
    CostProfile previous = fs.profile();
    return previous != null ? previous.transferNanosPerByte() : 1.0;
  }

  /** One line per engine: overhead and per-row costs, for the log. */
  static String summary(CostProfile p) {
    StringBuilder sb = new StringBuilder();
    p.engines()
        .forEach(
            (e, c) -> {
              sb.append(
                  String.format(Locale.ROOT, "%n  %s: overhead %.2f ms", e, c.overheadMillis()));
              c.nanosPerRow()
                  .forEach(
                      (k, v) ->
                          sb.append(
                              String.format(
                                  Locale.ROOT,
                                  ", %s %.0f ns/row",
                                  k.name().toLowerCase(Locale.ROOT),
                                  v)));
            });
    sb.append(
        String.format(
            Locale.ROOT,
            "%n  Spark start-up %.0f ms, transfer %.2f ns/byte",
            p.sparkStartupMillis(),
            p.transferNanosPerByte()));
    return sb.toString();
  }

  static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%d cores, max heap %s, Java %s (%s), %s %s %s",
        rt.availableProcessors(),
        Sizes.human(rt.maxMemory()),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }

  // ==== synthetic data =======================================================================

  /**
   * A synthetic frame of {@code rows} rows as Arrow batches: {@code id} 0.. (int64), {@code k} a
   * key shared by about ten rows (int64, uniform in [0, rows / 10)), {@code g} one of 100 classes
   * (int32), {@code v} uniform in [0, 1) (float64) and {@code s} one of 1,000 short strings. Hand
   * it to {@link Frameshift#fromArrow}; benchmarks use it too.
   */
  public static ArrowBatches syntheticData(int rows, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long keys = Math.max(1, rows / 10);
    return batches(
        DATA,
        rows,
        (root, from, n) -> {
          BigIntVector id = (BigIntVector) root.getVector(0);
          BigIntVector k = (BigIntVector) root.getVector(1);
          IntVector g = (IntVector) root.getVector(2);
          Float8Vector v = (Float8Vector) root.getVector(3);
          VarCharVector s = (VarCharVector) root.getVector(4);
          for (int i = 0; i < n; i++) {
            long key = rnd.nextLong(keys);
            id.set(i, from + i);
            k.set(i, key);
            g.set(i, rnd.nextInt(100));
            v.set(i, rnd.nextDouble());
            s.setSafe(i, ("s" + key % 1000).getBytes(StandardCharsets.UTF_8));
          }
        });
  }

  /**
   * The dimension of {@link #syntheticData}'s key: {@code k} 0.. (int64) once each, with a {@code
   * label} (string).
   */
  public static ArrowBatches syntheticKeys(int keys) {
    return batches(
        KEYS,
        keys,
        (root, from, n) -> {
          BigIntVector k = (BigIntVector) root.getVector(0);
          VarCharVector label = (VarCharVector) root.getVector(1);
          for (int i = 0; i < n; i++) {
            k.set(i, from + i);
            label.setSafe(i, ("key-" + (from + i)).getBytes(StandardCharsets.UTF_8));
          }
        });
  }

  private interface Filler {
    void fill(VectorSchemaRoot root, long from, int n);
  }

  private static ArrowBatches batches(Schema schema, int rows, Filler filler) {
    BufferAllocator allocator = ArrowMemory.child("calibration-data");
    List<VectorSchemaRoot> out = new ArrayList<>();
    try {
      for (int from = 0; from < rows; from += ArrowRows.BATCH_ROWS) {
        int n = Math.min(ArrowRows.BATCH_ROWS, rows - from);
        VectorSchemaRoot root = VectorSchemaRoot.create(ArrowTypes.toArrow(schema), allocator);
        out.add(root);
        root.getFieldVectors().forEach(v -> v.setInitialCapacity(n));
        root.allocateNew();
        filler.fill(root, from, n);
        root.getFieldVectors().forEach(v -> v.setValueCount(n));
        root.setRowCount(n);
      }
    } catch (RuntimeException e) {
      out.forEach(VectorSchemaRoot::close);
      allocator.close();
      throw e;
    }
    return ArrowBatches.of(schema, out, allocator);
  }

  // ==== measuring ============================================================================

  /** One calibration run over one session. */
  private static final class Run {
    private final Frameshift fs;
    private final Options options;
    private final Estimator estimator;

    Run(Frameshift fs, Options options) {
      this.fs = fs;
      this.options = options;
      this.estimator = new Estimator(f -> fs.engine(f.engine()).stats(f), plan -> null);
    }

    /** A frame of the synthetic data held by {@code engine}. */
    DataFrame held(Supplier<ArrowBatches> data, String engine) {
      return fs.wrap(fs.fromArrow(data.get()).materialize(engine));
    }

    /** Runs {@code df} to the end on {@code engine}; see the class comment. */
    long runOn(DataFrame df, String engine) {
      DataFrame pinned = df.on(engine);
      if (engine.equals(LOCAL)) {
        return pinned.count();
      }
      long rows = 0;
      try (ArrowBatches out = pinned.toArrow()) {
        VectorSchemaRoot b;
        while ((b = out.next()) != null) {
          rows += b.getRowCount();
          b.close();
        }
      }
      return rows;
    }

    /** The best wall time of {@code repeats} runs, in milliseconds. */
    double best(Supplier<DataFrame> job, String engine) {
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < options.repeats(); i++) {
        DataFrame df = job.get();
        long t = System.nanoTime();
        runOn(df, engine);
        best = Math.min(best, (System.nanoTime() - t) / 1e6);
      }
      return best;
    }

    /**
     * Spark's start-up time: the first Spark job of a JVM less the same job once Spark runs. When
     * Spark already runs, the last profile's figure, else {@link #DEFAULT_SPARK_STARTUP_MILLIS}.
     */
    double sparkStartup(boolean hasSpark) {
      CostProfile previous = fs.profile();
      double known =
          previous != null && previous.sparkStartupMillis() > 0
              ? previous.sparkStartupMillis()
              : DEFAULT_SPARK_STARTUP_MILLIS;
      if (!hasSpark) {
        return known;
      }
      if (sparkRunning()) {
        LOG.info(
            "Spark already runs in this JVM, so its start-up cannot be measured; keeping {} ms ({})",
            Math.round(known),
            previous != null ? "from the previous profile" : "the default");
        return known;
      }
      LOG.info("Starting Spark to measure its start-up time");
      Supplier<DataFrame> tiny = () -> fs.fromArrow(syntheticData(100, 1)).on(SPARK);
      long t = System.nanoTime();
      runOn(tiny.get(), SPARK);
      double first = (System.nanoTime() - t) / 1e6;
      double steady = best(tiny, SPARK);
      double startup = Math.max(0, first - steady);
      LOG.info("Spark start-up: {} ms", Math.round(startup));
      return startup;
    }

    CostProfile.EngineCosts engineCosts(String engine) {
      Supplier<ArrowBatches> tinyData = () -> syntheticData(100, 1);
      DataFrame tiny = held(tinyData, engine);
      double overhead = best(() -> tiny.filter(col("id").ge(0L)), engine);
      LOG.info("{}: overhead of a trivial job {} ms", engine, fmt(overhead));
      Map<OperationKind, double[]> perKind = new EnumMap<>(OperationKind.class);
      List<Integer> sizes = options.rows();
      Path csvRoot = tempDir();
      try {
        for (int s = 0; s < sizes.size(); s++) {
          int n = sizes.get(s);
          long seed = 42L + n;
          DataFrame data = held(() -> syntheticData(n, seed), engine);
          DataFrame keys = held(() -> syntheticKeys(Math.max(1, n / 10)), engine);
          List<Row> rows = fs.fromArrow(syntheticData(n, seed)).collect();
          String csv = csvRoot.resolve("data-" + n).toString();
          fs.fromArrow(syntheticData(n, seed)).on(LOCAL).write().csv(csv);
          if (s == 0) {
            // a first run of each kind compiles its code paths; timing it would measure the JIT
            for (OperationKind kind : OperationKind.values()) {
              runOn(job(kind, data, keys, rows, csv).get(), engine);
            }
          }
          for (OperationKind kind : OperationKind.values()) {
            Supplier<DataFrame> job = job(kind, data, keys, rows, csv);
            double millis = best(job, engine);
            long inRows = inputRows(job.get().plan());
            perKind.computeIfAbsent(kind, k -> new double[sizes.size() * 2])[s * 2] = inRows;
            perKind.get(kind)[s * 2 + 1] = millis;
            LOG.info(
                "{}: {} over {} input rows: {} ms",
                engine,
                kind.name().toLowerCase(Locale.ROOT),
                inRows,
                fmt(millis));
          }
        }
      } finally {
        deleteTree(csvRoot);
      }
      Map<OperationKind, Double> nanos = new EnumMap<>(OperationKind.class);
      perKind.forEach((kind, points) -> nanos.put(kind, fit(points, overhead)));
      return new CostProfile.EngineCosts(overhead, nanos);
    }

    /** The input rows the selector would estimate for the top operation of {@code plan}. */
    long inputRows(LogicalPlan plan) {
      while (plan instanceof io.frameshift.plan.Pin p) {
        plan = p.child();
      }
      LogicalPlan node = plan;
      // withColumn puts a projection over a window: the window is the operation measured
      while (node instanceof io.frameshift.plan.Project p
          && !(p.child() instanceof io.frameshift.plan.Existing)) {
        node = p.child();
      }
      if (node.children().isEmpty()) {
        return estimator.estimate(node).rows();
      }
      long r = 0;
      for (LogicalPlan c : node.children()) {
        r += estimator.estimate(c).rows();
      }
      return r;
    }

    Supplier<DataFrame> job(
        OperationKind kind, DataFrame data, DataFrame keys, List<Row> rows, String csv) {
      Function<DataFrame, DataFrame> op =
          switch (kind) {
            case SCAN -> d -> fs.read().schema(DATA).csv(csv);
            case CREATE -> d -> fs.createDataFrame(DATA, rows);
            case FILTER -> d -> d.filter(col("v").gt(0.5));
            case PROJECT -> d -> d.withColumn("w", col("v").times(2.0).plus(col("g")));
            case GROUP -> d -> d.groupBy("k").agg(sum("v").as("sv"), count().as("n"));
            case JOIN -> d -> d.join(keys, "k");
            case SORT -> d -> d.sort("v");
            case WINDOW ->
                d -> d.withColumn("r", rank().over(Window.partitionBy("k").orderBy("v")));
            case DISTINCT -> d -> d.dropDuplicates("k");
            case PASS -> d -> d.union(d);
          };
      return () -> op.apply(data);
    }

    /**
     * The Arrow hand-off cost per byte of the selector's size estimate: the largest frame moved
     * local -> Spark and back (the way back less a Spark job's overhead), averaged over the two.
     */
    double transferNanosPerByte(double sparkOverheadMillis) {
      int n = options.rows().get(options.rows().size() - 1);
      DataFrame local = held(() -> syntheticData(n, 7), LOCAL);
      long bytes = estimator.estimate(local.plan()).bytes();
      double toSpark = Double.POSITIVE_INFINITY;
      double back = Double.POSITIVE_INFINITY;
      for (int i = 0; i < options.repeats(); i++) {
        long t = System.nanoTime();
        DataFrame onSpark = fs.wrap(local.materialize(SPARK));
        toSpark = Math.min(toSpark, (System.nanoTime() - t) / 1e6);
        t = System.nanoTime();
        onSpark.materialize(LOCAL);
        back = Math.min(back, (System.nanoTime() - t) / 1e6 - sparkOverheadMillis);
      }
      double perByte = Math.max(0.01, (toSpark + Math.max(0, back)) / 2 * 1e6 / Math.max(1, bytes));
      LOG.info(
          "Arrow transfer of {} rows ({}): to Spark {} ms, back {} ms: {} ns/byte",
          n,
          Sizes.human(bytes),
          fmt(toSpark),
          fmt(back),
          String.format(Locale.ROOT, "%.2f", perByte));
      return perByte;
    }
  }

  /**
   * The per-row cost, in nanoseconds, of the line {@code overhead + cost * rows} closest (least
   * squares) to the measured points {@code (rows, millis)}, pairs laid out flat. The overhead is
   * the measured trivial job's; a negative slope (noise on tiny sizes) is clamped to a tenth of a
   * nanosecond, so every kind has a positive cost.
   */
  static double fit(double[] points, double overheadMillis) {
    double num = 0;
    double den = 0;
    for (int i = 0; i + 1 < points.length; i += 2) {
      double rows = points[i];
      double millis = points[i + 1];
      num += rows * (millis - overheadMillis);
      den += rows * rows;
    }
    double nanosPerRow = den == 0 ? 0 : num / den * 1e6;
    return Math.max(0.1, nanosPerRow);
  }

  /** Whether a SparkContext runs in this JVM (engine-api cannot link to Spark, so by name). */
  private static boolean sparkRunning() {
    try {
      Class<?> env = Class.forName("org.apache.spark.SparkEnv");
      return env.getMethod("get").invoke(null) != null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return false;
    }
  }

  private static String fmt(double millis) {
    return String.format(Locale.ROOT, "%.1f", millis);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("frameshift-calibration");
    } catch (IOException e) {
      throw new OutputException(
          "Cannot create a temporary directory for calibration: " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete the calibration's temporary files {}: {}", root, e.getMessage());
    }
  }
}
