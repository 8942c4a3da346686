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
import io.frameshift.error.InvalidOptionException;
import io.frameshift.error.OutputException;
import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.expr.Window;
import io.frameshift.internal.Estimator;
import io.frameshift.internal.Sizes;
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
import java.util.function.ToLongFunction;
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
 * with. Each engine measures itself through {@link io.frameshift.spi.Engine#calibrate}, with the
 * measurements a {@link Run} offers every engine alike: the overhead of a trivial job, and per
 * {@link OperationKind} a cost per input row fitted by least squares over a few sizes of a
 * synthetic frame; the engine says how a job runs to its end and whether its cold start-up can be
 * measured. Calibration then measures the Arrow hand-off cost per byte between the engines. Only
 * the public API is used, each operation pinned with {@code on(engine)}, so what is measured is
 * what a session runs; no engine is named here.
 *
 * <pre>{@code
 * try (Frameshift fs = Frameshift.create()) {
 *   Calibration.calibrate(fs, CostProfile.DEFAULT_PATH); // later sessions load it
 * }
 * }</pre>
 */
public final class Calibration {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.select");

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

  /**
   * Has every engine of {@code fs} measure itself, measures the transfers between them, and returns
   * the profile, without saving or using it.
   */
  public static CostProfile measure(Frameshift fs, Options options) {
    long start = System.nanoTime();
    List<String> engines = new ArrayList<>(fs.availableEngines());
    LOG.info(
        "Calibrating engines {} at {} rows, best of {}",
        engines,
        options.rows(),
        options.repeats());
    Map<String, CostProfile.EngineCosts> costs = new LinkedHashMap<>();
    for (String e : engines) {
      costs.put(e, fs.engine(e).calibrate(new Run(fs, e, options)));
    }
    double transfer = transferNanosPerByte(fs, options, costs);
    CostProfile p = new CostProfile(costs, transfer, machine(), Instant.now().toString());
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

  /** One line per engine: overhead and per-row costs, for the log. */
  static String summary(CostProfile p) {
    StringBuilder sb = new StringBuilder();
    p.engines()
        .forEach(
            (e, c) -> {
              sb.append(
                  String.format(
                      Locale.ROOT,
                      "%n  %s: start-up %.0f ms, overhead %.2f ms",
                      e,
                      c.startupMillis(),
                      c.overheadMillis()));
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
    sb.append(String.format(Locale.ROOT, "%n  transfer %.2f ns/byte", p.transferNanosPerByte()));
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

  /**
   * One engine's measurement, handed to {@link io.frameshift.spi.Engine#calibrate}: the engine
   * chooses how a job runs to its end (an eager engine's count computes everything; a lazy engine
   * whose optimizer drops work under a count needs its result exported) and whether it can measure
   * its start-up, and gets its costs from the same synthetic jobs as every other engine.
   */
  public static final class Run {
    private final Frameshift fs;
    private final String engine;
    private final Options options;
    private final Estimator estimator;

    Run(Frameshift fs, String engine, Options options) {
      this.fs = fs;
      this.engine = engine;
      this.options = options;
      this.estimator = new Estimator(f -> fs.engine(f.engine()).stats(f), plan -> null);
    }

    /** The engine measured. */
    public String engine() {
      return engine;
    }

    /** The session the measurement runs in. */
    public Frameshift session() {
      return fs;
    }

    /**
     * The start-up time known without measuring it: the previous profile's measurement for this
     * engine, else {@code declared} (the engine's own figure). For an engine that already runs in
     * this JVM, whose start-up is behind it.
     */
    public double knownStartupMillis(double declared) {
      CostProfile previous = fs.profile();
      CostProfile.EngineCosts c = previous == null ? null : previous.engines().get(engine);
      double known = c != null && c.startupMeasured() ? c.startupMillis() : declared;
      LOG.info(
          "{} already runs in this JVM, so its start-up cannot be measured; keeping {} ms ({})",
          engine,
          Math.round(known),
          c != null && c.startupMeasured() ? "from the previous profile" : "its declared figure");
      return known;
    }

    /**
     * Measures the engine's start-up: its first job less the same job once it runs. Call it while
     * the engine is cold (nothing of it started in this JVM), before {@link #measure}.
     *
     * @param toEnd runs a frame to its end on this engine
     */
    public double measureStartup(ToLongFunction<DataFrame> toEnd) {
      LOG.info("Starting {} to measure its start-up time", engine);
      Supplier<DataFrame> tiny = () -> fs.fromArrow(syntheticData(100, 1)).on(engine);
      long t = System.nanoTime();
      toEnd.applyAsLong(tiny.get());
      double first = (System.nanoTime() - t) / 1e6;
      double steady = best(tiny, toEnd);
      double startup = Math.max(0, first - steady);
      LOG.info("{} start-up: {} ms", engine, Math.round(startup));
      return startup;
    }

    /**
     * Measures the overhead of a trivial job and the per-row cost of every {@link OperationKind}
     * (each kind the engine cannot run, such as a scan of a format it does not read, is left out:
     * it then costs like a projection).
     *
     * @param toEnd runs a frame, pinned to this engine, to its end
     * @param startupMillis the engine's start-up time, for the profile
     */
    public CostProfile.EngineCosts measure(ToLongFunction<DataFrame> toEnd, double startupMillis) {
      DataFrame tiny = held(() -> syntheticData(100, 1));
      double overhead = best(() -> tiny.filter(col("id").ge(0L)).on(engine), toEnd);
      LOG.info("{}: overhead of a trivial job {} ms", engine, fmt(overhead));
      Map<OperationKind, double[]> perKind = new EnumMap<>(OperationKind.class);
      List<Integer> sizes = options.rows();
      Path csvRoot = tempDir();
      try {
        for (int s = 0; s < sizes.size(); s++) {
          int n = sizes.get(s);
          long seed = 42L + n;
          DataFrame data = held(() -> syntheticData(n, seed));
          DataFrame keys = held(() -> syntheticKeys(Math.max(1, n / 10)));
          DataFrame handedIn = fs.fromArrow(syntheticData(n, seed));
          List<Row> rows = handedIn.collect();
          String csv = csvRoot.resolve("data-" + n).toString();
          // written where the data was handed in: no engine is started for it
          handedIn.write().csv(csv);
          for (OperationKind kind : OperationKind.values()) {
            Supplier<DataFrame> job = job(kind, data, keys, rows, csv);
            try {
              if (s == 0) {
                // a first run of each kind compiles its code paths; timing it would measure the JIT
                toEnd.applyAsLong(job.get());
              }
              double millis = best(job, toEnd);
              long inRows = inputRows(job.get().plan());
              perKind.computeIfAbsent(kind, k -> new double[sizes.size() * 2])[s * 2] = inRows;
              perKind.get(kind)[s * 2 + 1] = millis;
              LOG.info(
                  "{}: {} over {} input rows: {} ms",
                  engine,
                  kind.name().toLowerCase(Locale.ROOT),
                  inRows,
                  fmt(millis));
            } catch (UnsupportedCapabilityException e) {
              LOG.info(
                  "{}: {} not measured: {}",
                  engine,
                  kind.name().toLowerCase(Locale.ROOT),
                  e.getMessage());
            }
          }
        }
      } finally {
        deleteTree(csvRoot);
      }
      Map<OperationKind, Double> nanos = new EnumMap<>(OperationKind.class);
      perKind.forEach((kind, points) -> nanos.put(kind, fit(points, overhead)));
      return new CostProfile.EngineCosts(overhead, nanos, startupMillis);
    }

    /** A frame of the synthetic data held by this engine. */
    private DataFrame held(Supplier<ArrowBatches> data) {
      return fs.wrap(fs.fromArrow(data.get()).materialize(engine));
    }

    /** The best wall time of {@code repeats} runs, in milliseconds. */
    private double best(Supplier<DataFrame> job, ToLongFunction<DataFrame> toEnd) {
      double best = Double.POSITIVE_INFINITY;
      for (int i = 0; i < options.repeats(); i++) {
        DataFrame df = job.get();
        long t = System.nanoTime();
        toEnd.applyAsLong(df);
        best = Math.min(best, (System.nanoTime() - t) / 1e6);
      }
      return best;
    }

    /** The input rows the selector would estimate for the top operation of {@code plan}. */
    private long inputRows(LogicalPlan plan) {
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

    /** The job measuring {@code kind}, pinned to this engine. */
    private Supplier<DataFrame> job(
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
      return () -> op.apply(data).on(engine);
    }
  }

  /**
   * The Arrow hand-off cost per byte of the selector's size estimate: the largest frame moved from
   * where frames handed in land to each other engine and back (the way back less that engine's job
   * overhead), averaged. With one engine, the previous profile's figure (else 1 ns).
   */
  private static double transferNanosPerByte(
      Frameshift fs, Options options, Map<String, CostProfile.EngineCosts> costs) {
    int n = options.rows().get(options.rows().size() - 1);
    Estimator estimator = new Estimator(f -> fs.engine(f.engine()).stats(f), plan -> null);
    DataFrame home = fs.fromArrow(syntheticData(n, 7));
    String homeEngine = ((io.frameshift.plan.Existing) home.plan()).frame().engine();
    long bytes = estimator.estimate(home.plan()).bytes();
    double sum = 0;
    int pairs = 0;
    for (String other : costs.keySet()) {
      if (other.equals(homeEngine)) {
        continue;
      }
      double there = Double.POSITIVE_INFINITY;
      double back = Double.POSITIVE_INFINITY;
      for (int i = 0; i < options.repeats(); i++) {
        long t = System.nanoTime();
        DataFrame moved = fs.wrap(home.materialize(other));
        there = Math.min(there, (System.nanoTime() - t) / 1e6);
        t = System.nanoTime();
        moved.materialize(homeEngine);
        back = Math.min(back, (System.nanoTime() - t) / 1e6 - costs.get(other).overheadMillis());
      }
      double perByte = Math.max(0.01, (there + Math.max(0, back)) / 2 * 1e6 / Math.max(1, bytes));
      LOG.info(
          "Arrow transfer of {} rows ({}): {} -> {} {} ms, back {} ms: {} ns/byte",
          n,
          Sizes.human(bytes),
          homeEngine,
          other,
          fmt(there),
          fmt(back),
          String.format(Locale.ROOT, "%.2f", perByte));
      sum += perByte;
      pairs++;
    }
    if (pairs > 0) {
      return sum / pairs;
    }
    CostProfile previous = fs.profile();
    return previous != null ? previous.transferNanosPerByte() : 1.0;
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
