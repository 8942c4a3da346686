package io.frameshift.bench;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.sum;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.arrow.ArrowBatches;
import io.frameshift.expr.Window;
import io.frameshift.select.Calibration;
import io.frameshift.select.CostProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The selector sweep: filter, groupBy, join, sort and window pipelines over synthetic data of 1e3
 * to 1e6 (or, with {@code --max 1e7}, 1e7) rows, each run by a session whose mode is {@code local},
 * {@code spark} and {@code auto}; prints per case the three times, AUTO ÷ min(local, Spark) and
 * where AUTO placed the nodes, then totals.
 *
 * <p>Every timed run starts from the same Arrow batches in this JVM (made before the clock starts)
 * handed to {@code fs.fromArrow}, runs the pipeline and drains the result through {@code
 * toArrow()}: each mode pays for taking the data in and handing the result back. AUTO uses a
 * profile measured by {@link Calibration} in this JVM (or the one given by {@code --profile});
 * profile learning is off so every size is placed by the same profile. Spark is started and warm in
 * every session before timing (the Spark column does not count its start-up either).
 *
 * <p>Arguments: {@code --min 1e3} smallest size (a power of ten); {@code --max 1e6} largest size;
 * {@code --reps 3} runs per case (30 times that up to 1e4 rows, four times up to 1e5, twice up to
 * 1e6) (best counts); {@code --profile path} a profile to use instead of calibrating; {@code --save
 * path} where to write the calibrated profile.
 */
public final class SelectorSweep {
  private SelectorSweep() {}

  /** A pipeline over the synthetic data and its key dimension. */
  private record Pipeline(String name, BiFunction<DataFrame, DataFrame, DataFrame> build) {}

  private static final List<Pipeline> PIPELINES =
      List.of(
          new Pipeline("filter", (d, k) -> d.filter(col("v").gt(0.5))),
          new Pipeline("groupBy", (d, k) -> d.groupBy("k").agg(sum("v").as("sv"), count().as("n"))),
          new Pipeline("join", (d, k) -> d.join(k, "k")),
          new Pipeline("sort", (d, k) -> d.sort("v")),
          new Pipeline(
              "window",
              (d, k) -> d.withColumn("r", rank().over(Window.partitionBy("k").orderBy("v")))));

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) {
    long min = 1_000;
    long max = 1_000_000;
    int reps = 3;
    Path profilePath = null;
    Path save = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--min" -> min = (long) Double.parseDouble(args[++i]);
        case "--max" -> max = (long) Double.parseDouble(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--profile" -> profilePath = Paths.get(args[++i]);
        case "--save" -> save = Paths.get(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "Unknown argument "
                    + args[i]
                    + "; expected --min, --max, --reps, --profile, --save");
      }
    }
    List<Integer> sizes = new ArrayList<>();
    for (long n = min; n <= max; n *= 10) {
      sizes.add((int) n);
    }
    try (Frameshift local = session("local");
        Frameshift spark = session("spark");
        Frameshift auto = session(Frameshift.AUTO)) {
      CostProfile profile;
      if (profilePath != null) {
        profile = CostProfile.load(profilePath);
        auto.useProfile(profile);
      } else {
        long t = System.nanoTime();
        profile = save != null ? Calibration.calibrate(auto, save) : Calibration.measure(auto);
        auto.useProfile(profile);
        System.out.printf(Locale.ROOT, "Calibrated in %.1f s%n", (System.nanoTime() - t) / 1e9);
      }
      System.out.println(profile.toJson());
      // start Spark in both sessions that may use it, so no timed run pays its start-up
      drain(spark.fromArrow(Calibration.syntheticData(100, 1)).filter(col("v").gt(0.5)));
      drain(auto.fromArrow(Calibration.syntheticData(100, 1)).on("spark"));

      warmUp(local, spark, auto);
      System.out.printf(
          Locale.ROOT,
          "%n%-8s %10s %10s %10s %10s %8s  %s%n",
          "case",
          "rows",
          "local ms",
          "spark ms",
          "auto ms",
          "auto/min",
          "auto placed");
      double totalLocal = 0;
      double totalSpark = 0;
      double totalAuto = 0;
      double worst = 0;
      for (int n : sizes) {
        for (Pipeline p : PIPELINES) {
          // small cases take a millisecond or less, where one scheduler hiccup is a 20% swing:
          // run them far more often so the best run is each mode's real cost
          int runs =
              n <= 10_000 ? 30 * reps : n <= 100_000 ? 4 * reps : n <= 1_000_000 ? 2 * reps : reps;
          Timed[] t = interleaved(List.of(local, spark, auto), p, n, runs);
          double l = t[0].millis();
          double s = t[1].millis();
          Timed a = t[2];
          double ratio = a.millis() / Math.min(l, s);
          worst = Math.max(worst, ratio);
          totalLocal += l;
          totalSpark += s;
          totalAuto += a.millis();
          System.out.printf(
              Locale.ROOT,
              "%-8s %10s %10.1f %10.1f %10.1f %8.2f  %s%n",
              p.name(),
              String.format(Locale.ROOT, "%.0e", (double) n),
              l,
              s,
              a.millis(),
              ratio,
              a.placed());
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%-8s %10s %10.1f %10.1f %10.1f %8s  worst auto/min %.2f%n",
          "total",
          "",
          totalLocal,
          totalSpark,
          totalAuto,
          "",
          worst);
    }
  }

  /**
   * Untimed runs of every pipeline at 1e3 rows, so that the JIT has compiled each session's paths
   * before the first timed run: AUTO's cost-based placement runs once per action and, without this,
   * is still interpreted during the 1e3 cases (which made AUTO 10-50% slower there, at random).
   */
  private static void warmUp(Frameshift local, Frameshift spark, Frameshift auto) {
    long t = System.nanoTime();
    for (Pipeline p : PIPELINES) {
      for (int r = 0; r < 2_000; r++) {
        for (Frameshift fs : r < 10 ? List.of(local, spark, auto) : List.of(local, auto)) {
          drain(
              p.build()
                  .apply(
                      fs.fromArrow(Calibration.syntheticData(1_000, r)),
                      fs.fromArrow(Calibration.syntheticKeys(100))));
        }
      }
    }
    System.out.printf(Locale.ROOT, "Warmed up in %.1f s%n", (System.nanoTime() - t) / 1e9);
  }

  private static Frameshift session(String mode) {
    return Frameshift.builder()
        .engine(mode)
        .config("frameshift.selector.profile", "none")
        .config("frameshift.selector.learn", "false")
        .build();
  }

  private record Timed(double millis, String placed) {}

  /**
   * The best of {@code reps} runs of {@code p} over {@code n} rows in each session, and each
   * session's last placement. The sessions take turns, in every order in turn, so that a slow phase
   * of the machine (another process, a collection, the threads a Spark job leaves busy for a while
   * after it returns) does not fall on one mode only: rotating one order would always run the same
   * session right after the Spark one. Each run is preceded by a short pause ({@link #settle}). The
   * heap is collected before each run of 100k rows and more, so that no run pays for the garbage of
   * the one before (smaller runs make too little garbage to matter, and a collection would dominate
   * the time it takes to repeat them).
   */
  private static Timed[] interleaved(List<Frameshift> sessions, Pipeline p, int n, int reps) {
    double[] best = new double[sessions.size()];
    String[] placed = new String[sessions.size()];
    java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
    List<int[]> orders = permutations(sessions.size());
    for (int r = 0; r < reps; r++) {
      for (int m : orders.get(r % orders.size())) {
        Frameshift fs = sessions.get(m);
        // made before the clock starts: every mode starts from the same batches in this JVM
        ArrowBatches data = Calibration.syntheticData(n, 42);
        ArrowBatches keys = Calibration.syntheticKeys(Math.max(1, n / 10));
        if (n >= 100_000) {
          System.gc();
        }
        settle(n);
        // a sub-millisecond run right after a Spark job shares the cores with the work Spark does
        // after it returns: the fast sessions run a few times back to back, best counts
        int back = n <= 10_000 && !fs.mode().equals("spark") ? 5 : 1;
        DataFrame out = null;
        for (int b = 0; b < back; b++) {
          if (b > 0) {
            data = Calibration.syntheticData(n, 42);
            keys = Calibration.syntheticKeys(Math.max(1, n / 10));
          }
          long t = System.nanoTime();
          out = p.build().apply(fs.fromArrow(data), fs.fromArrow(keys));
          drain(out);
          best[m] = Math.min(best[m], (System.nanoTime() - t) / 1e6);
        }
        placed[m] = placement(out.explainJson());
      }
    }
    Timed[] out = new Timed[sessions.size()];
    for (int m = 0; m < out.length; m++) {
      out[m] = new Timed(best[m], placed[m]);
    }
    return out;
  }

  /**
   * A pause before each timed run: a Spark job returns before its engine is idle (listener events,
   * cleaning of shuffle files and broadcasts run on for a while), and on two cores that work
   * otherwise lands on whichever run comes next. Every session gets the same pause.
   */
  private static void settle(int n) {
    try {
      Thread.sleep(n >= 100_000 ? 200 : 5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Every order of {@code 0..n-1}. */
  static List<int[]> permutations(int n) {
    List<int[]> out = new ArrayList<>();
    permute(new int[n], new boolean[n], 0, out);
    return out;
  }

  private static void permute(int[] prefix, boolean[] used, int depth, List<int[]> out) {
    if (depth == prefix.length) {
      out.add(prefix.clone());
      return;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (!used[i]) {
        used[i] = true;
        prefix[depth] = i;
        permute(prefix, used, depth + 1, out);
        used[i] = false;
      }
    }
  }

  private static long drain(DataFrame df) {
    long rows = 0;
    try (ArrowBatches out = df.toArrow()) {
      VectorSchemaRoot b;
      while ((b = out.next()) != null) {
        rows += b.getRowCount();
        b.close();
      }
    }
    return rows;
  }

  /** The engines of the plan's nodes in the order they run, repeats folded: "L", "L->S". */
  static String placement(String explainJson) {
    try {
      List<String> order = new ArrayList<>();
      visit(JSON.readTree(explainJson).get("plan"), order);
      List<String> folded = new ArrayList<>();
      for (String e : order) {
        if (folded.isEmpty() || !folded.get(folded.size() - 1).equals(e)) {
          folded.add(e);
        }
      }
      return String.join("->", folded);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void visit(JsonNode node, List<String> order) {
    for (JsonNode c : node.get("children")) {
      visit(c, order);
    }
    order.add(node.get("engine").asText().equals("spark") ? "S" : "L");
  }
}
