package io.frameshift.spark;

import static io.frameshift.expr.Functions.asc;
import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.desc;
import static io.frameshift.expr.Functions.lit;
import static io.frameshift.expr.Functions.rank;
import static io.frameshift.expr.Functions.sum;
import static io.frameshift.expr.Functions.udf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.JoinType;
import io.frameshift.Row;
import io.frameshift.error.EvaluationException;
import io.frameshift.expr.UserFunction;
import io.frameshift.expr.Window;
import io.frameshift.internal.Analyzer;
import io.frameshift.plan.LogicalPlan;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a pipeline on a real Spark standalone cluster: a Master and two Workers, each its own JVM on
 * 127.0.0.1, started from the jars of the test class path. The Workers' executors get Spark's jars
 * only: the engine sends Spark SQL plans, and Frameshift classes only with user functions (which it
 * ships itself), so nothing of Frameshift has to be installed on a cluster.
 *
 * <p>Tagged "cluster": it runs in its own JVM (Spark allows one SparkContext per JVM, and the other
 * tests share a local one), in Maven's integration-test phase.
 */
@Tag("cluster")
class StandaloneClusterTest {
  // generous: on a loaded machine a JVM of the cluster can take a minute to start
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  @TempDir Path dir;

  private final List<Process> processes = new ArrayList<>();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void runsAPipelineOnAMasterAndTwoWorkers() throws Exception {
    int masterPort = freePort();
    Path sparkHome = sparkHome();
    try {
      Process master =
          start(
              "master",
              sparkHome,
              "org.apache.spark.deploy.master.Master",
              "--host",
              "127.0.0.1",
              "--port",
              String.valueOf(masterPort),
              "--webui-port",
              String.valueOf(freePort()));
      awaitPort(master, masterPort);
      String url = "spark://127.0.0.1:" + masterPort;
      for (int i = 1; i <= 2; i++) {
        start(
            "worker" + i,
            sparkHome,
            "org.apache.spark.deploy.worker.Worker",
            "--host",
            "127.0.0.1",
            "--cores",
            "1",
            "--memory",
            "1g",
            "--webui-port",
            String.valueOf(freePort()),
            "--work-dir",
            Files.createDirectories(dir.resolve("work" + i)).toString(),
            url);
      }
      SparkEngine engine =
          new SparkEngine(
              Map.of(
                  "spark.master", url,
                  "spark.driver.host", "127.0.0.1",
                  "spark.driver.bindAddress", "127.0.0.1",
                  "spark.executor.memory", "512m",
                  "spark.executor.cores", "1",
                  "spark.cores.max", "2",
                  "spark.sql.shuffle.partitions", "4"));
      try {
        awaitExecutors(engine, 2);
        runPipeline(engine);
        try {
          runUserFunctions(engine);
        } catch (RuntimeException | AssertionError e) {
          throw new AssertionError("user functions failed on the cluster: " + e + logs(), e);
        }
        try {
          runEnrichment(engine);
        } catch (RuntimeException | AssertionError e) {
          throw new AssertionError("enrichment failed on the cluster: " + e + logs(), e);
        }
      } finally {
        engine.close();
      }
    } finally {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      // JUnit warns about every symbolic link it deletes; remove them first.
      try (Stream<Path> links = Files.list(sparkHome.resolve("jars"))) {
        for (Path link : links.toList()) {
          Files.delete(link);
        }
      }
    }
  }

  private static void runPipeline(SparkEngine engine) {
    Schema orders =
        Schema.builder()
            .column("id", DataType.INT32)
            .column("customer", DataType.STRING)
            .column("amount", DataType.INT64)
            .column("status", DataType.STRING)
            .build();
    Schema customers =
        Schema.builder()
            .column("customer", DataType.STRING)
            .column("country", DataType.STRING)
            .build();
    List<Row> orderRows = new ArrayList<>();
    String[] names = {"ann", "bob", "cid", "dee", null};
    for (int i = 0; i < 200; i++) {
      orderRows.add(Row.of(orders, i, names[i % 5], (long) i, i % 4 == 0 ? "void" : "active"));
    }
    LogicalPlan o = Analyzer.values(orders, orderRows);
    LogicalPlan c =
        Analyzer.values(
            customers,
            List.of(
                Row.of(customers, "ann", "NL"),
                Row.of(customers, "bob", "NL"),
                Row.of(customers, "cid", "DE"),
                Row.of(customers, "eve", "FR")));
    LogicalPlan active = Analyzer.filter(o, col("status").eq("active"));
    LogicalPlan joined =
        Analyzer.join(active, c, JoinType.INNER, List.of("customer"), JoinSpec.DEFAULT_SUFFIX);
    LogicalPlan perCustomer =
        Analyzer.groupBy(
            joined,
            List.of(col("country"), col("customer")),
            List.of(count().as("n"), sum("amount").as("total")));
    LogicalPlan ranked =
        Analyzer.select(
            perCustomer,
            List.of(
                col("country"),
                col("customer"),
                col("n"),
                col("total"),
                rank().over(Window.partitionBy("country").orderBy(desc("total"))).as("rank")));
    LogicalPlan result = Analyzer.sort(ranked, List.of(asc("country"), asc("rank")));

    // Hand-checked: customer index i % 5 (ann 0, bob 1, cid 2); active means i % 4 != 0.
    List<List<Object>> expected = new ArrayList<>();
    long[] totals = new long[3];
    long[] counts = new long[3];
    for (int i = 0; i < 200; i++) {
      if (i % 5 < 3 && i % 4 != 0) {
        totals[i % 5] += i;
        counts[i % 5]++;
      }
    }
    expected.add(List.of("DE", "cid", counts[2], totals[2], 1));
    boolean annFirst = totals[0] > totals[1];
    expected.add(
        List.of(
            "NL", annFirst ? "ann" : "bob", counts[annFirst ? 0 : 1], totals[annFirst ? 0 : 1], 1));
    expected.add(
        List.of(
            "NL", annFirst ? "bob" : "ann", counts[annFirst ? 1 : 0], totals[annFirst ? 1 : 0], 2));

    List<Row> rows = PlanRunner.collect(engine, result);
    assertThat(rows.stream().map(r -> (List<Object>) new ArrayList<>(r.values())).toList())
        .isEqualTo(expected);
    // an ANSI failure inside a remote executor still arrives as Frameshift's exception
    LogicalPlan failing = Analyzer.select(o, List.of(lit(1L).div(col("amount")).as("inverse")));
    assertThatThrownBy(() -> PlanRunner.collect(engine, failing))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("Division by zero");
  }

  /**
   * User functions are Java code, which the executors do not have (their class path is Spark's
   * jars): the engine ships Frameshift's classes and the test's own (packed from the class
   * directories) with the job. The functions capture local variables, so what runs on the executors
   * is the deserialized lambda with its captured values, and they report where they ran.
   */
  /**
   * The executors (Spark's jars only) call a service on 127.0.0.1 with the enrichment runtime and
   * resilience4j the engine shipped them, each at half the rate: together they keep to it.
   */
  private static void runEnrichment(SparkEngine engine) {
    Schema ids = Schema.builder().column("id", DataType.INT32).build();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      rows.add(Row.of(ids, i));
    }
    int limit = 80;
    try (io.frameshift.testkit.EnrichService svc =
        io.frameshift.testkit.EnrichService.start(io.frameshift.testkit.EnrichService::healthy)) {
      // four partitions, so that both executors call at once (AQE would make one of so few rows)
      engine.session().conf().set("spark.sql.adaptive.coalescePartitions.enabled", "false");
      LogicalPlan spread =
          Analyzer.groupBy(
              Analyzer.values(ids, rows), List.of(col("id")), List.of(count().as("n")));
      LogicalPlan enriched =
          Analyzer.enrich(
              spread,
              io.frameshift.enrich.EnrichSpec.get(svc.url() + "/score/{id}")
                  .output("score", "/score", DataType.FLOAT64)
                  .ratePerSecond(limit)
                  .concurrency(4));
      // the session counts in the driver's JVM; the calls are made in the executors' JVMs
      String runId = ((io.frameshift.plan.Enrich) enriched).call().runId();
      java.util.concurrent.atomic.AtomicLong progressed =
          new java.util.concurrent.atomic.AtomicLong();
      io.frameshift.enrich.EnrichStats stats =
          io.frameshift.enrich.EnrichStats.begin(runId, (r, b) -> progressed.addAndGet(r));
      List<Row> out;
      try {
        out = PlanRunner.collect(engine, enriched);
      } finally {
        io.frameshift.enrich.EnrichStats.end(runId);
      }
      io.frameshift.metrics.EnrichEvent event = stats.event("score", limit, Duration.ZERO);
      assertThat(event.calls()).isEqualTo(240);
      assertThat(event.enriched()).isEqualTo(240);
      assertThat(event.failed()).isZero();
      assertThat(event.latencyP50().toNanos()).isPositive();
      assertThat(progressed.get()).isEqualTo(240);
      assertThat(out).hasSize(240);
      assertThat(out)
          .allSatisfy(r -> assertThat(r.getDouble("score")).isEqualTo(r.getInt("id") * 0.5));
      assertThat(svc.requests()).isEqualTo(240);
      // without the division each executor would take the whole rate: about twice the limit
      assertThat(svc.maxInWindow(Duration.ofSeconds(1)))
          .isLessThanOrEqualTo(limit + 2 + limit / 10);
      // and both executors called at once: one alone keeps to half the limit
      List<io.frameshift.testkit.EnrichService.Request> seen = svc.seen();
      double seconds = (seen.get(seen.size() - 1).nanos() - seen.get(0).nanos()) / 1e9;
      assertThat((seen.size() - 1) / seconds).isGreaterThan(limit * 0.6);
    } finally {
      engine.session().conf().unset("spark.sql.adaptive.coalescePartitions.enabled");
    }
  }

  private static void runUserFunctions(SparkEngine engine) {
    Schema orders =
        Schema.builder().column("id", DataType.INT32).column("amount", DataType.INT64).build();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(Row.of(orders, i, (long) i * 10));
    }
    // a group keeps the function away from the in-memory rows Spark's optimizer could fold on
    // the driver: it runs in tasks
    LogicalPlan grouped =
        Analyzer.groupBy(
            Analyzer.values(orders, rows), List.of(col("id")), List.of(sum("amount").as("amount")));
    double rate = 0.25;
    String prefix = "order-";
    UserFunction tax = udf("tax", (Long amount) -> amount * rate, DataType.FLOAT64);
    UserFunction label = udf("label", (Integer id) -> prefix + id, DataType.STRING);
    UserFunction where =
        udf(
            "where_run",
            (Integer id) ->
                org.apache.spark.TaskContext.get() == null
                    ? "driver"
                    : "executor " + org.apache.spark.SparkEnv.get().executorId(),
            DataType.STRING);
    LogicalPlan taxed =
        Analyzer.select(
            grouped,
            List.of(
                col("id"),
                tax.apply(col("amount")).as("tax"),
                label.apply(col("id")).as("label"),
                where.apply(col("id")).as("ran")));
    List<Row> out = PlanRunner.collect(engine, Analyzer.sort(taxed, List.of(asc("id"))));
    assertThat(out).hasSize(100);
    assertThat(out.get(7).values()).containsExactly(7, 17.5, "order-7", out.get(7).get("ran"));
    assertThat(out.stream().map(r -> (String) r.get("ran")).distinct())
        .allMatch(s -> s.startsWith("executor "));

    // an exception inside a function arrives as Frameshift's, naming the function and values
    UserFunction failing =
        udf(
            "failing",
            (Integer id) -> {
              if (id == 42) {
                throw new IllegalArgumentException("no " + prefix + id);
              }
              return id;
            },
            DataType.INT32);
    LogicalPlan fails = Analyzer.select(grouped, List.of(failing.apply(col("id")).as("f")));
    assertThatThrownBy(() -> PlanRunner.collect(engine, fails))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("failing")
        .hasMessageContaining("id = 42")
        .hasMessageContaining("no order-42");

    // a batch function runs per partition on the executors, with its captured value
    long offset = 1000;
    Schema shifted = Schema.builder().column("id", DataType.INT64).build();
    LogicalPlan mapped =
        Analyzer.mapBatches(
            grouped,
            (batch, allocator) -> {
              org.apache.arrow.vector.IntVector id =
                  (org.apache.arrow.vector.IntVector) batch.getVector("id");
              org.apache.arrow.vector.BigIntVector out2 =
                  new org.apache.arrow.vector.BigIntVector("id", allocator);
              out2.allocateNew(batch.getRowCount());
              for (int i = 0; i < batch.getRowCount(); i++) {
                out2.set(i, id.get(i) + offset);
              }
              out2.setValueCount(batch.getRowCount());
              org.apache.arrow.vector.VectorSchemaRoot root =
                  new org.apache.arrow.vector.VectorSchemaRoot(List.of(out2));
              root.setRowCount(batch.getRowCount());
              return root;
            },
            shifted);
    List<Row> ids = PlanRunner.collect(engine, mapped);
    assertThat(ids.stream().map(r -> (Long) r.get(0)).sorted().toList())
        .isEqualTo(java.util.stream.LongStream.range(1000, 1100).boxed().toList());
  }

  /**
   * A Spark home whose jars/ holds the test class path's jars, as a Worker needs, except
   * Frameshift's own: executors run without them.
   */
  private Path sparkHome() throws IOException {
    Path home = dir.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : classPath()) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar")
          && Files.isRegularFile(p)
          && !p.getFileName().toString().startsWith("frameshift-")) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    return home;
  }

  private static List<String> classPath() {
    return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  private Process start(String name, Path sparkHome, String mainClass, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(JvmFlags.required());
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath()));
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve(name + ".log").toFile());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private void awaitPort(Process process, int port) throws InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("the Spark master exited: " + logs());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the Spark master did not listen on " + port + ": " + logs());
  }

  private void awaitExecutors(SparkEngine engine, int n) throws InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    var tracker = engine.session().sparkContext().statusTracker();
    while (tracker.getExecutorInfos().length < n + 1) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("fewer than " + n + " executors registered: " + logs());
      }
      Thread.sleep(250);
    }
  }

  private String logs() {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f :
          files
              .filter(
                  f -> f.toString().endsWith(".log") || f.getFileName().toString().equals("stderr"))
              .toList()) {
        List<String> lines = Files.readAllLines(f);
        sb.append("\n--- ").append(f).append('\n');
        lines
            .subList(Math.max(0, lines.size() - 30), lines.size())
            .forEach(l -> sb.append(l).append('\n'));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sb.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
