package io.frameshift.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.enrich.EnrichSpec;
import io.frameshift.metrics.EnrichEvent;
import io.frameshift.testkit.EnrichService;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * {@code DataFrame.enrich} against a loopback service (docs/benchmarks.md, "Enrichment"). The
 * service runs in a child JVM, so that this JVM's CPU time is the client's alone; it answers each
 * {@code GET /score/{id}} after {@code --latency-ms} and measures the calls where they land. For
 * each rate limit: the achieved calls per second (the service's count from its first call to its
 * last, and the most calls it saw in any one second) against the limit, and the client's CPU time
 * per call beside the peer's: the bare JDK {@link HttpClient} behind the same resilience4j rate
 * limiter, the same bound on calls in flight and the same JSON parsing, without Frameshift (no
 * frame, no Arrow, no retry or breaker bookkeeping).
 *
 * <p>Arguments: {@code --rows 1e5} (at most; each limit gets {@code limit × --seconds} rows),
 * {@code --seconds 20}, {@code --latency-ms 5}, {@code --limits 1000,5000}, {@code --concurrency
 * 64}, {@code --spark-rows 5e4} (0 skips Spark; run at the highest limit).
 */
public final class EnrichBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EnrichBenchmark() {}

  /** What the service measured over one run. */
  private record Landed(int calls, double callsPerSecond, int maxInOneSecond) {}

  /** One run: the service's figures, the client's wall and CPU time. */
  private record Run(Landed landed, double wallSeconds, double cpuMicrosPerCall) {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--serve")) {
      serve(Long.parseLong(args[1]));
      return;
    }
    long rows = 100_000;
    long seconds = 20;
    long latency = 5;
    List<Integer> limits = List.of(1000, 5000);
    int concurrency = 64;
    long sparkRows = 50_000;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = (long) Double.parseDouble(args[i + 1]);
        case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
        case "--latency-ms" -> latency = Long.parseLong(args[i + 1]);
        case "--limits" -> {
          List<Integer> l = new ArrayList<>();
          for (String s : args[i + 1].split(",")) {
            l.add(Integer.parseInt(s.trim()));
          }
          limits = l;
        }
        case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
        case "--spark-rows" -> sparkRows = (long) Double.parseDouble(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
      }
    }
    Process child = startService(latency);
    try (BufferedReader from =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter to = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
      String url = from.readLine().substring("URL ".length());
      System.out.printf(
          Locale.ROOT,
          "service %s, latency %d ms, concurrency %d, load average before: %s%n",
          url,
          latency,
          concurrency,
          load());
      System.out.printf(
          "| engine | limit calls/s | rows | achieved calls/s | achieved / limit | most calls in"
              + " 1 s | wall s | client CPU µs/call | bare HttpClient CPU µs/call | ratio |%n");
      System.out.printf("|---|---|---|---|---|---|---|---|---|---|%n");
      int top = limits.stream().mapToInt(Integer::intValue).max().orElse(5000);
      for (int limit : limits) {
        long n = Math.min(rows, limit * seconds);
        Run peer = peer(url, limit, concurrency, n, from, to);
        print("bare HttpClient", limit, n, peer, peer);
        try (Frameshift fs = Frameshift.builder().engine("local").build()) {
          print("local", limit, n, enrich(fs, url, limit, concurrency, n, from, to), peer);
        }
        if (limit == top && sparkRows > 0) {
          try (Frameshift fs =
              Frameshift.builder()
                  .engine("spark")
                  .config("spark.master", "local[*]")
                  .config("spark.ui.enabled", "false")
                  .build()) {
            enrich(fs, url, limit, concurrency, 1000, from, to); // starts Spark, warms up
            long sn = Math.min(sparkRows, limit * seconds);
            print("spark", limit, sn, enrich(fs, url, limit, concurrency, sn, from, to), peer);
          }
        }
      }
      System.out.printf("load average after: %s%n", load());
    } finally {
      child.destroy();
    }
  }

  private static void print(String engine, int limit, long n, Run r, Run peer) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %d | %d | %.0f | %.3f | %d | %.1f | %.1f | %.1f | %.2f |%n",
        engine,
        limit,
        n,
        r.landed().callsPerSecond(),
        r.landed().callsPerSecond() / limit,
        r.landed().maxInOneSecond(),
        r.wallSeconds(),
        r.cpuMicrosPerCall(),
        peer.cpuMicrosPerCall(),
        r.cpuMicrosPerCall() / peer.cpuMicrosPerCall());
  }

  private static Run enrich(
      Frameshift fs,
      String url,
      int limit,
      int concurrency,
      long n,
      BufferedReader from,
      PrintWriter to)
      throws IOException {
    Object[][] rows = new Object[(int) n][];
    for (int i = 0; i < n; i++) {
      rows[i] = new Object[] {(long) i};
    }
    DataFrame ids = fs.createDataFrame(Schema.builder().column("id", DataType.INT64).build(), rows);
    String name = "bench-" + limit + "-" + n;
    DataFrame scored =
        ids.enrich(
            EnrichSpec.get(url + "/score/{id}")
                .named(name)
                .output("score", "/score", DataType.FLOAT64)
                .ratePerSecond(limit)
                .concurrency(concurrency)
                .timeout(Duration.ofSeconds(5)));
    stats(from, to); // forget earlier calls
    long cpu = cpuNanos();
    long start = System.nanoTime();
    long count = scored.count();
    double wall = (System.nanoTime() - start) / 1e9;
    long cpuUsed = cpuNanos() - cpu;
    Landed landed = stats(from, to);
    EnrichEvent e = fs.metrics().enrichments().get(name);
    if (count != n || e == null || e.enriched() != n || landed.calls() != n) {
      throw new IllegalStateException(
          "expected "
              + n
              + " enriched rows and calls, got "
              + count
              + " rows, "
              + landed.calls()
              + " calls, event "
              + (e == null ? "none" : e.describe()));
    }
    System.err.println(e.describe());
    return new Run(landed, wall, cpuUsed / 1e3 / n);
  }

  /** The bare JDK client behind the same limiter and bound on calls in flight. */
  private static Run peer(
      String url, int limit, int concurrency, long n, BufferedReader from, PrintWriter to)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    int perCycle = (int) Math.max(1, Math.floor(limit / 100.0));
    RateLimiter limiter =
        RateLimiter.of(
            "peer",
            RateLimiterConfig.custom()
                .limitForPeriod(perCycle)
                .limitRefreshPeriod(Duration.ofNanos((long) Math.ceil(perCycle * 1e9 / limit)))
                .timeoutDuration(Duration.ofHours(1))
                .build());
    Semaphore inFlight = new Semaphore(concurrency);
    DoubleAdder sum = new DoubleAdder();
    stats(from, to);
    long cpu = cpuNanos();
    long start = System.nanoTime();
    for (long i = 0; i < n; i++) {
      inFlight.acquire();
      RateLimiter.waitForPermission(limiter);
      HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/score/" + i)).build();
      client
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenAccept(
              r -> {
                try {
                  sum.add(JSON.readTree(r.body()).at("/score").doubleValue());
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              })
          .whenComplete((r, e) -> inFlight.release());
    }
    inFlight.acquire(concurrency);
    double wall = (System.nanoTime() - start) / 1e9;
    long cpuUsed = cpuNanos() - cpu;
    Landed landed = stats(from, to);
    return new Run(landed, wall, cpuUsed / 1e3 / n);
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static Landed stats(BufferedReader from, PrintWriter to) throws IOException {
    to.println("stats");
    String[] p = from.readLine().split(" ");
    return new Landed(Integer.parseInt(p[1]), Double.parseDouble(p[2]), Integer.parseInt(p[3]));
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return String.format(
          Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static Process startService(long latency) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(EnrichBenchmark.class.getName());
    cmd.add("--serve");
    cmd.add(Long.toString(latency));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /**
   * The child: a loopback service answering after {@code latency} ms; prints {@code URL ..}, then
   * answers each {@code stats} line on its input with the calls since the last one ({@code STATS
   * count calls/s max-in-1s}); ends when its input closes.
   */
  private static void serve(long latency) throws IOException {
    try (EnrichService svc =
            EnrichService.start(r -> EnrichService.healthy(r).after(latency), 256);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      System.out.println("URL " + svc.url());
      System.out.flush();
      int done = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<EnrichService.Request> all = svc.seen();
        List<EnrichService.Request> run = all.subList(done, all.size());
        done = all.size();
        int calls = run.size();
        long[] at = run.stream().mapToLong(EnrichService.Request::nanos).sorted().toArray();
        double rate = calls < 2 ? 0 : (calls - 1) / ((at[calls - 1] - at[0]) / 1e9);
        int most = 0;
        int start = 0;
        for (int end = 0; end < calls; end++) {
          while (at[end] - at[start] >= 1_000_000_000L) {
            start++;
          }
          most = Math.max(most, end - start + 1);
        }
        System.out.printf(Locale.ROOT, "STATS %d %.1f %d%n", calls, rate, most);
        System.out.flush();
      }
    }
  }
}
