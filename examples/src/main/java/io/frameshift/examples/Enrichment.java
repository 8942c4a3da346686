package io.frameshift.examples;

import static io.frameshift.expr.Functions.avg;
import static io.frameshift.expr.Functions.count;

import com.sun.net.httpserver.HttpServer;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import io.frameshift.enrich.EnrichResult;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.metrics.EnrichEvent;
import io.frameshift.metrics.ExecutionListener;
import io.frameshift.metrics.ProgressEvent;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The seed's scenario: records enriched through an external HTTP API at a set rate, with retries, a
 * circuit breaker, a progress bar, the metrics summary and the dead-letter output. It needs no
 * network: it starts its own scoring service on 127.0.0.1, which answers in about 2 ms, throttles
 * now and then (429, {@code Retry-After: 0}), fails some calls once (503) and always fails the
 * customers whose id ends in 13 (503 every time), so those end as dead letters.
 *
 * <p>Arguments: output directory (default {@code target/enrich-demo}), number of customers
 * (100,000), calls per second (5,000), engine ({@code auto}, {@code local} or {@code spark}).
 */
public final class Enrichment {
  private Enrichment() {}

  public static void main(String[] args) throws IOException {
    Path out = Paths.get(args.length > 0 ? args[0] : "target/enrich-demo").resolve("enrichment");
    int customers = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    double rate = args.length > 2 ? Double.parseDouble(args[2]) : 5000;
    String engine = args.length > 3 ? args[3] : Frameshift.AUTO;

    HttpServer service = scoringService();
    String url = "http://127.0.0.1:" + service.getAddress().getPort();
    System.out.printf(
        Locale.ROOT,
        "Scoring service on %s; %,d customers at %.0f calls/s%n",
        url,
        customers,
        rate);

    ProgressBar[] bar = new ProgressBar[1];
    EnrichEvent[] summary = new EnrichEvent[1];
    ExecutionListener listener =
        new ExecutionListener() {
          @Override
          public void onProgress(ProgressEvent e) {
            if (e.direction() != ProgressEvent.Direction.CALL) {
              return;
            }
            synchronized (bar) {
              if (bar[0] == null) {
                bar[0] =
                    new ProgressBarBuilder()
                        .setTaskName("Scoring")
                        .setInitialMax(customers)
                        .setUnit(" rows", 1)
                        .setStyle(ProgressBarStyle.ASCII)
                        .showSpeed()
                        .build();
              }
              bar[0].stepTo(e.rows());
              if (e.finished()) {
                bar[0].close();
                bar[0] = null;
              }
            }
          }

          @Override
          public void onEnrich(EnrichEvent e) {
            summary[0] = e;
          }
        };

    try (Frameshift fs =
        Frameshift.builder()
            .engine(engine)
            .config("frameshift.progress.after", "200")
            .config("frameshift.progress.every", "200")
            .listener(listener)
            .build()) {
      DataFrame people = customers(fs, customers);
      EnrichSpec spec =
          EnrichSpec.get(url + "/score/{customer_id}")
              .named("scoring")
              .output("score", "/score", DataType.FLOAT64)
              .output("segment", "/segment", DataType.STRING)
              .key("customer_id")
              .ratePerSecond(rate)
              .concurrency(64)
              .timeout(Duration.ofSeconds(2))
              .retry(4, Duration.ofMillis(20), 2, Duration.ofSeconds(1))
              .circuitBreaker(200, 100, 50, Duration.ofSeconds(1), 10);
      try (EnrichResult result = people.enrichWithDeadLetters(spec)) {
        System.out.println(result.all().explain());
        long enriched = result.enriched().count(); // makes the calls; the rest reads the cache
        long dead = result.deadLetters().count();
        System.out.println();
        System.out.println(summary[0] == null ? "(no calls made)" : summary[0].describe());
        System.out.printf(
            Locale.ROOT,
            "%,d enriched + %,d dead letters = %,d of %,d customers%n",
            enriched,
            dead,
            enriched + dead,
            customers);
        result
            .enriched()
            .groupBy("segment")
            .agg(count().as("customers"), avg("score").as("avg_score"))
            .sort("segment")
            .show();
        result.deadLetters().limit(3).show();
        Path deadPath = out.resolve("dead-letters");
        result.deadLetters().write().mode(WriteMode.OVERWRITE).json(deadPath.toString());
        System.out.println("Dead letters written to " + deadPath);
      }
      System.out.println(fs.metrics());
    } finally {
      service.stop(0);
      ((ExecutorService) service.getExecutor()).shutdownNow();
    }
  }

  private static DataFrame customers(Frameshift fs, int n) {
    Object[][] rows = new Object[n][];
    String[] countries = {"NL", "DE", "FR", "BE", "ES"};
    for (int i = 0; i < n; i++) {
      rows[i] = new Object[] {(long) i + 1, countries[i % countries.length]};
    }
    return fs.createDataFrame(
        Schema.builder()
            .column("customer_id", DataType.INT64)
            .column("country", DataType.STRING)
            .build(),
        rows);
  }

  /** The external API of the scenario, on the loopback interface. */
  private static HttpServer scoringService() throws IOException {
    // without it the JDK's server holds each small answer back ~40 ms (Nagle against the client's
    // delayed acknowledgement): read when the JVM's first server starts
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    ExecutorService threads =
        Executors.newFixedThreadPool(
            96,
            r -> {
              Thread t = new Thread(r, "scoring-service");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    ConcurrentHashMap<Long, Boolean> failedOnce = new ConcurrentHashMap<>();
    server.createContext(
        "/score/",
        ex -> {
          long id = Long.parseLong(ex.getRequestURI().getPath().substring("/score/".length()));
          ThreadLocalRandom random = ThreadLocalRandom.current();
          int status = 200;
          String body;
          if (id % 100 == 13) {
            status = 503; // this customer's record is broken on the service's side
            body = "{\"error\":\"record unavailable\"}";
          } else if (random.nextInt(200) == 0 && failedOnce.putIfAbsent(id, true) == null) {
            status = 503;
            body = "{\"error\":\"overloaded\"}";
          } else if (random.nextInt(300) == 0) {
            status = 429;
            ex.getResponseHeaders().set("Retry-After", "0");
            body = "{\"error\":\"slow down\"}";
          } else {
            double score = (id * 7919 % 1000) / 10.0;
            String segment = score > 66 ? "gold" : score > 33 ? "silver" : "bronze";
            body =
                String.format(Locale.ROOT, "{\"score\":%.1f,\"segment\":\"%s\"}", score, segment);
          }
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(status, bytes.length);
          try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
          }
        });
    server.start();
    return server;
  }
}
