package io.frameshift.bench;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.udf;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Functions;
import io.frameshift.expr.UserFunction;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The cost per row of a scalar user function against the same logic written as a built-in
 * expression, on each engine (docs/benchmarks.md, "User functions"). Each case sums the expression
 * over every row ({@code agg(sum(e))} or, for strings, {@code agg(sum(length(e)))}), so both
 * engines compute it for each row and only one row comes back; the frame is cached first (Spark:
 * persisted and counted), so the figures are the expression's cost plus a job, a scan and a sum
 * that both variants share; {@code sum(x)} alone measures that share, and the last columns are net
 * of it. Best of {@code --reps} runs after as many warm-ups.
 *
 * <p>Arguments: {@code --rows 1e6}, {@code --spark-rows 1e6} (0 skips Spark), {@code --reps 5}.
 */
public final class UdfBenchmark {
  private UdfBenchmark() {}

  /** One comparison: a built-in expression and a user function computing the same values. */
  private record Case(String name, Expr builtIn, Expr user) {}

  public static void main(String[] args) {
    long rows = 1_000_000;
    long sparkRows = 1_000_000;
    int reps = 5;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = (long) Double.parseDouble(args[i + 1]);
        case "--spark-rows" -> sparkRows = (long) Double.parseDouble(args[i + 1]);
        case "--reps" -> reps = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
      }
    }
    System.out.printf(
        "| engine | rows | case | built-in ns/row | user function ns/row | ratio | net of"
            + " scan+sum: built-in | user function | ratio |%n");
    System.out.printf("|---|---|---|---|---|---|---|---|---|%n");
    run("local", rows, reps);
    if (sparkRows > 0) {
      run("spark", sparkRows, reps);
    }
  }

  private static List<Case> cases() {
    UserFunction affine = udf("affine", (Double x) -> x * 1.21 + 1, DataType.FLOAT64);
    UserFunction plus = udf("plus_tax", (Long q, Double x) -> q + x * 0.2, DataType.FLOAT64);
    UserFunction upper =
        udf("upper_root", (String s) -> s.toUpperCase(Locale.ROOT), DataType.STRING);
    // the same logic over primitives, which the local engine calls without boxing
    UserFunction affineDouble = udf("affine_d", (double x) -> x * 1.21 + 1);
    UserFunction plusDouble = udf("plus_tax_d", (double q, double x) -> q + x * 0.2);
    return List.of(
        new Case(
            "x * 1.21 + 1 (FLOAT64), (Double x)",
            col("x").times(1.21).plus(1),
            affine.apply(col("x"))),
        new Case(
            "q + x * 0.2 (INT64, FLOAT64), (Long q, Double x)",
            col("q").plus(col("x").times(0.2)),
            plus.apply(col("q"), col("x"))),
        new Case(
            "x * 1.21 + 1 (FLOAT64), (double x)",
            col("x").times(1.21).plus(1),
            affineDouble.apply(col("x"))),
        new Case(
            "q + x * 0.2 (INT64, FLOAT64), (double q, double x)",
            col("q").plus(col("x").times(0.2)),
            plusDouble.apply(col("q"), col("x"))),
        new Case(
            "length(upper(s)) (STRING)",
            Functions.length(Functions.upper(col("s"))),
            Functions.length(upper.apply(col("s")))));
  }

  private static void run(String engine, long n, int reps) {
    try (Frameshift fs =
        Frameshift.builder()
            .engine(engine)
            .config("spark.master", "local[2]")
            .config("spark.ui.enabled", "false")
            .build()) {
      DataFrame data = fs.createDataFrame(schema(), rows((int) n)).cache();
      data.count();
      // what every case pays besides its expression: the job, the scan and the sum
      double base = best(data, col("x"), reps);
      System.out.printf(
          "| %s | %,d | baseline: sum(x) | %.1f | | | | | |%n", engine, n, base * 1e9 / n);
      for (Case c : cases()) {
        double builtIn = best(data, c.builtIn(), reps);
        double user = best(data, c.user(), reps);
        sameTotal(c, data);
        double netBuiltIn = Math.max(builtIn - base, 1e-9 * n * 0.1);
        double netUser = Math.max(user - base, 1e-9 * n * 0.1);
        System.out.printf(
            "| %s | %,d | %s | %.1f | %.1f | %.2f× | %.1f | %.1f | %.2f× |%n",
            engine,
            n,
            c.name(),
            builtIn * 1e9 / n,
            user * 1e9 / n,
            user / builtIn,
            netBuiltIn * 1e9 / n,
            netUser * 1e9 / n,
            netUser / netBuiltIn);
      }
    }
  }

  /** The function computes what the built-in does: a timing of a wrong answer means nothing. */
  private static void sameTotal(Case c, DataFrame data) {
    double b = ((Number) data.agg(sum(c.builtIn())).collect().get(0).get(0)).doubleValue();
    double u = ((Number) data.agg(sum(c.user())).collect().get(0).get(0)).doubleValue();
    if (Math.abs(b - u) > 1e-9 * Math.max(1, Math.abs(b))) {
      throw new IllegalStateException(c.name() + ": the function summed to " + u + ", not " + b);
    }
  }

  /** Seconds of the best of {@code reps} runs, after {@code reps} warm-up runs. */
  private static double best(DataFrame data, Expr e, int reps) {
    DataFrame q = data.agg(sum(e).as("total"));
    Object expected = null;
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 2 * reps; r++) {
      long t = System.nanoTime();
      Object v = q.collect().get(0).get(0);
      double s = (System.nanoTime() - t) / 1e9;
      if (expected != null && !expected.equals(v)) {
        throw new IllegalStateException("results differ between runs: " + expected + ", " + v);
      }
      expected = v;
      if (r >= reps) {
        best = Math.min(best, s);
      }
    }
    return best;
  }

  private static Schema schema() {
    return Schema.builder()
        .column("x", DataType.FLOAT64)
        .column("q", DataType.INT64)
        .column("s", DataType.STRING)
        .build();
  }

  private static List<Row> rows(int n) {
    Schema s = schema();
    Random random = new Random(42);
    List<Row> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          Row.of(
              s,
              random.nextDouble() * 1000,
              (long) random.nextInt(1000),
              "name-" + random.nextInt(100_000)));
    }
    return out;
  }
}
