package io.frameshift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged distribution's {@code bin/frameshift} as a user would: a separate JVM started
 * by the script alone (its class path and JVM flags), on this build's Java. A hybrid run starts an
 * embedded Spark driver, which on Java 17 works only with the flags the script sets.
 */
class DistributionTest {
  private static final Path DIST = Path.of(System.getProperty("frameshift.dist"));

  @TempDir Path dir;

  /** What one run of the script printed, and its exit code. */
  record Ran(int code, String out, String err) {}

  private static Ran frameshift(Path workDir, String... args)
      throws IOException, InterruptedException {
    return frameshift(workDir, java.util.Map.of(), args);
  }

  private static Ran frameshift(Path workDir, java.util.Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(DIST.resolve("bin/frameshift").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("JAVA_OPTS", "-Xmx1g");
    pb.environment().remove("FRAMESHIFT_CLASSPATH");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/frameshift did not end in 300 s: " + Files.readString(err));
    }
    return new Ran(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void theScriptIsExecutableAndHoldsTheSparkFlags() throws IOException {
    Path script = DIST.resolve("bin/frameshift");
    assertThat(Files.isExecutable(script)).isTrue();
    assertThat(Files.readString(script))
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
        .doesNotContain("@frameshift.jvm.flags@");
    try (var jars = Files.list(DIST.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("frameshift-pipeline-"))
          .anyMatch(n -> n.startsWith("frameshift-engine-spark-"))
          .anyMatch(n -> n.startsWith("frameshift-iceberg-io-"))
          .anyMatch(n -> n.startsWith("spark-sql_"));
    }
  }

  @Test
  void helpListsTheCommandsAndExitCodes() throws Exception {
    Ran r = frameshift(dir, "--help");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("validate", "explain", "run", "calibrate")
        .contains("Exit codes:")
        .contains("3   partly done");
  }

  @Test
  void anInvalidSpecExitsWithTwo() throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"),
        """
        sources:
          a: {format: csv, path: a.csv}
        steps:
          - filtr: "x > 1"
        sinks:
          - {format: csv, path: out}
        """);
    Ran r = frameshift(dir, "validate", "--schema-only", "bad.yaml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("bad.yaml:4").contains("filtr");
  }

  @Test
  void aFunctionLibraryOnFrameshiftClasspathServesUdfSteps() throws Exception {
    Files.writeString(dir.resolve("n.csv"), "id,v\n1,10\n2,21\n");
    Files.writeString(
        dir.resolve("udf.yaml"),
        """
        sources:
          n: {format: csv, path: n.csv, options: {header: true, inferSchema: true}}
        steps:
          - udf: {name: doubled, args: [v], as: twice}
          - filter: "twice > 30"
        sinks:
          - {format: json, path: out, mode: overwrite}
        """);
    Ran without = frameshift(dir, "validate", "udf.yaml");
    assertThat(without.code()).as(without.err()).isEqualTo(2);
    assertThat(without.err()).contains("udf.yaml:4").contains("doubled").contains("none");
    // this module's test classes hold DoublingFunctions and its META-INF/services entry
    String classes = Path.of("target/test-classes").toAbsolutePath().toString();
    Ran with =
        frameshift(dir, java.util.Map.of("FRAMESHIFT_CLASSPATH", classes), "run", "udf.yaml", "-q");
    assertThat(with.code()).as(with.err()).isZero();
    assertThat(with.out()).contains("n: 2 rows in, 1 out");
    try (var parts = Files.list(dir.resolve("out"))) {
      String json =
          parts
              .filter(p -> p.toString().endsWith(".json"))
              .map(
                  p -> {
                    try {
                      return Files.readString(p);
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .reduce("", String::concat);
      assertThat(json).contains("\"twice\":42").doesNotContain("\"twice\":20");
    }
  }

  @Test
  void aHybridRunStartsSparkAndReportsItsProgress() throws Exception {
    StringBuilder csv = new StringBuilder("id,g,v\n");
    long kept = 0;
    for (int i = 0; i < 1000; i++) {
      csv.append(i).append(',').append("g").append(i % 3).append(',').append(i % 10).append('\n');
      kept += i % 10 >= 5 ? 1 : 0;
    }
    Files.writeString(dir.resolve("events.csv"), csv);
    Files.writeString(
        dir.resolve("hybrid.yaml"),
        """
        name: hybrid
        sources:
          events: {format: csv, path: events.csv, options: {header: true}}
        steps:
          - filter: "v >= 5"
            engine: spark
          - groupBy: {keys: [g], agg: {n: "count(*)"}}
            engine: local
        sinks:
          - {format: json, path: out, mode: overwrite}
        """);
    Ran r = frameshift(dir, "run", "hybrid.yaml", "--report", "report.html");
    assertThat(r.code()).as("%s", r).isZero();
    assertThat(r.out()).contains("events: 1000 rows in, 3 out, engines [local, spark]");
    assertThat(r.err())
        .contains("[1/1] events: started")
        .contains("moved " + kept + " rows")
        .contains("spark -> local")
        .contains("[1/1] events: done");
    assertThat(dir.resolve("report.html")).content().contains("Arrow transfer spark -&gt; local");
    try (var parts = Files.list(dir.resolve("out"))) {
      long rows = 0;
      for (Path p : parts.filter(p -> p.toString().endsWith(".json")).toList()) {
        rows += Files.readAllLines(p).stream().filter(l -> !l.isBlank()).count();
      }
      assertThat(rows).isEqualTo(3);
    }

    Ran quiet = frameshift(dir, "run", "--quiet", "hybrid.yaml");
    assertThat(quiet.code()).as("%s", quiet).isZero();
    assertThat(quiet.err()).doesNotContain("[1/1]").doesNotContain("moved");
  }
}
