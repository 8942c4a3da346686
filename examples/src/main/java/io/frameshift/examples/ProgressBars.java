package io.frameshift.examples;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.lit;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Console progress bars for long reads and writes: an {@link ExecutionListener} turns the session's
 * {@link ProgressEvent}s into bars of the {@code me.tongfei:progressbar} library. It reads a CSV
 * file of orders, writes the completed ones as JSON lines, and reads those back.
 *
 * <p>Arguments: data directory, number of orders (default 300,000, about 20 MB, generated once),
 * engine ({@code auto}, {@code local} or {@code spark}). The first bar shows after half a second
 * here ({@code frameshift.progress.after=500}; by default a read or write says nothing for its
 * first two seconds); {@code -Ddemo.args="target/progress-data 5000000"} makes a file of a few
 * hundred MB whose reads take long enough to watch.
 */
public final class ProgressBars {
  private ProgressBars() {}

  /** One bar per read or write in progress, closed by its last event. */
  static final class ConsoleBars implements ExecutionListener {
    private static final long MB = 1 << 20;
    private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();

    @Override
    public void onProgress(ProgressEvent e) {
      String key = e.direction() + " " + e.target() + " " + e.engine();
      ProgressBar bar =
          bars.computeIfAbsent(
              key,
              k ->
                  new ProgressBarBuilder()
                      .setTaskName(
                          (e.direction() == ProgressEvent.Direction.READ ? "Read " : "Write ")
                              + Paths.get(e.target().substring(e.target().indexOf(' ') + 1))
                                  .getFileName())
                      .setInitialMax(e.totalBytes() < 0 ? -1 : e.totalBytes() / MB)
                      .setUnit(" MB", 1)
                      .setStyle(ProgressBarStyle.ASCII)
                      .showSpeed()
                      .build());
      bar.stepTo(e.bytes() / MB);
      if (e.rows() >= 0) {
        bar.setExtraMessage(String.format(" %,d rows", e.rows()));
      }
      if (e.finished()) {
        bars.remove(key);
        bar.close();
      }
    }
  }

  public static void main(String[] args) {
    int orders = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    // one directory per size: the data is generated once
    Path dir = Paths.get(args.length > 0 ? args[0] : "target/progress-data").resolve("" + orders);
    String engine = args.length > 2 ? args[2] : Frameshift.AUTO;
    Path csv = dir.resolve("orders.csv");
    if (!csv.toFile().exists()) {
      System.out.printf("Generating %,d orders in %s ...%n", orders, dir);
      SampleData.generate(dir, 20_000, orders, 42);
    }

    try (Frameshift fs =
        Frameshift.builder()
            .engine(engine)
            .config("frameshift.progress.after", "500")
            .listener(new ConsoleBars())
            .build()) {
      DataFrame completed =
          fs.read()
              .option("header", "true")
              .option("inferSchema", "true")
              .csv(csv.toString())
              .filter(col("status").eq(lit("completed")));
      String json = dir.resolve("completed-json").toString();
      completed.write().mode(WriteMode.OVERWRITE).json(json);
      fs.read().json(json).groupBy("category").agg(count().as("orders")).show(5);
    }
  }
}
