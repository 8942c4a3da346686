package com.example;

import static io.frameshift.expr.Functions.count;
import static io.frameshift.expr.Functions.sum;

import io.frameshift.DataFrame;
import io.frameshift.Frameshift;
import io.frameshift.WriteMode;
import io.frameshift.pipeline.Pipeline;
import io.frameshift.pipeline.RunReport;
import io.frameshift.table.Snapshot;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An application's use of Frameshift: orders per country over a CSV file, first in a session made
 * as the README makes it, then on each engine by name; then Iceberg tables in the embedded default
 * catalog (created and listed; written and read back where an engine writes tables). Exits non-zero
 * with the reasons unless every answer is right, the session has exactly the expected engines, and
 * Jackson is one release.
 *
 * <p>Arguments: the CSV file, the engines (comma-separated), the Jackson release expected, and the
 * other releases expected ({@code artifact=version,...}).
 */
public final class App {
  private static final List<String> EXPECTED = List.of("DE 2 60", "FR 1 25", "US 3 90");
  private static final List<String> failures = new ArrayList<>();

  public static void main(String[] args) {
    String csv = args[0];
    List<String> engines = List.of(args[1].split(","));
    String jackson = args[2];
    String pins = args[3];
    try {
      checkJackson(jackson);
      checkPins(pins);
      try (Frameshift fs = Frameshift.create()) {
        check(
            "engines of Frameshift.create()",
            new TreeSet<>(fs.availableEngines()),
            new TreeSet<>(engines));
        check("answer of Frameshift.create()", answer(query(fs, csv)), EXPECTED);
      }
      for (String engine : engines) {
        try (Frameshift fs = Frameshift.builder().engine(engine).build()) {
          DataFrame result = query(fs, csv);
          check("answer on " + engine, answer(result), EXPECTED);
          String plan = result.explain();
          check("explain() names " + engine, plan.contains("[" + engine + "]"), true);
        }
      }
      checkTables(csv, engines);
      checkPipeline(csv);
    } catch (RuntimeException | LinkageError e) {
      e.printStackTrace();
      failures.add("failed with " + e);
    }
    if (!failures.isEmpty()) {
      System.err.println("CONSUMER APP FAILED:");
      failures.forEach(f -> System.err.println("  " + f));
      System.exit(1);
    }
    System.out.println("Consumer app OK on " + engines + " (Jackson " + jackson + ")");
  }

  /**
   * The embedded catalog {@code lake} (a SQLite file under target/): a table created and listed on
   * any engine; on Spark, the query's answer written to a table, read back, and its snapshot naming
   * the engine.
   */
  static void checkTables(String csv, List<String> engines) {
    try (Frameshift fs =
        Frameshift.builder()
            .engine(engines.get(0))
            .config("frameshift.warehouse", "target/warehouse")
            .build()) {
      Schema schema =
          Schema.builder().column("country", DataType.STRING).column("orders", DataType.INT64).build();
      if (!fs.catalog("lake").exists("shop.empty")) {
        fs.catalog("lake").createTable("shop.empty", schema);
      }
      check("tables of namespace shop", fs.catalog("lake").tables("shop").contains("shop.empty"), true);
      check("schema of lake.shop.empty", fs.read().table("lake.shop.empty").schema(), schema);
    }
    if (!engines.contains("spark")) {
      return;
    }
    try (Frameshift fs =
        Frameshift.builder()
            .engine("spark")
            .config("frameshift.warehouse", "target/warehouse")
            .build()) {
      query(fs, csv).write().mode(WriteMode.OVERWRITE).table("lake.shop.orders");
      check(
          "answer read back from lake.shop.orders",
          answer(fs.read().table("lake.shop.orders").sort("country")),
          EXPECTED);
      check(
          "engine of the table's snapshot",
          fs.table("lake.shop.orders").currentSnapshot().map(Snapshot::engine).orElse(null),
          "spark");
    }
  }

  /** The same query as a pipeline spec (frameshift-pipeline), run and its sink read back. */
  static void checkPipeline(String csv) {
    String spec =
        """
        sources:
          sales: {format: csv, path: "%s", options: {header: true}}
        steps:
          - filter: "amount > 10"
          - groupBy: {keys: [country], agg: {orders: "count(*)", revenue: "sum(amount)"}}
        sinks:
          - {format: parquet, path: target/pipeline-out, mode: overwrite}
        """
            .formatted(csv);
    try (Frameshift fs = Frameshift.create()) {
      RunReport report = Pipeline.parse(spec, "consumer.yaml").run(fs);
      check("pipeline run ok", report.ok(), true);
      check(
          "pipeline answer",
          answer(fs.read().parquet("target/pipeline-out").sort("country")),
          EXPECTED);
    }
  }

  static DataFrame query(Frameshift fs, String csv) {
    return fs.read()
        .csv(csv)
        .filter("amount > 10")
        .groupBy("country")
        .agg(count().as("orders"), sum("amount").as("revenue"))
        .sort("country");
  }

  static List<String> answer(DataFrame df) {
    return df.collect().stream()
        .map(r -> r.get("country") + " " + r.get("orders") + " " + r.get("revenue"))
        .toList();
  }

  /**
   * Databind fails at start-up when jackson-annotations or -core is older than itself; the release
   * must also be the one Frameshift is tested with. Versions come from the classes themselves:
   * shaded jars (Hadoop's, in Spark's class path) carry other Jackson releases' pom.properties.
   */
  static void checkJackson(String expected) {
    String minor = expected.substring(0, expected.lastIndexOf('.'));
    check(
        "jackson-databind", version("com.fasterxml.jackson.databind.cfg.PackageVersion"), expected);
    check("jackson-core", version("com.fasterxml.jackson.core.json.PackageVersion"), expected);
    // frameshift-pipeline brings it; frameshift-bom's jackson-bom sets its release
    check(
        "jackson-dataformat-yaml",
        version("com.fasterxml.jackson.dataformat.yaml.PackageVersion"),
        expected);
    // Arrow brings it
    check(
        "jackson-datatype-jsr310",
        version("com.fasterxml.jackson.datatype.jsr310.PackageVersion"),
        expected);
    // released per minor version only (2.21, not 2.21.x), and without a PackageVersion
    check(
        "jackson-annotations",
        classFor("com.fasterxml.jackson.annotation.JsonProperty")
            .getPackage()
            .getImplementationVersion(),
        minor);
  }

  /**
   * Each {@code artifact=version} of {@code pins} that has a jar on the class path has that release:
   * what frameshift-bom gives an application is what Frameshift was tested with. Jars in a Maven
   * repository are named {@code artifact-version.jar}.
   */
  static void checkPins(String pins) {
    String[] classPath = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
    for (String pin : pins.split(",")) {
      String artifact = pin.substring(0, pin.indexOf('='));
      String expected = pin.substring(pin.indexOf('=') + 1);
      for (String entry : classPath) {
        String name = java.nio.file.Path.of(entry).getFileName().toString();
        if (name.startsWith(artifact + "-")
            && name.endsWith(".jar")
            && Character.isDigit(name.charAt(artifact.length() + 1))) {
          String found = name.substring(artifact.length() + 1, name.length() - ".jar".length());
          check(artifact + " on the class path", found, expected);
        }
      }
    }
  }

  static String version(String packageVersionClass) {
    try {
      return classFor(packageVersionClass).getField("VERSION").get(null).toString();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static Class<?> classFor(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(name + " is not on the class path", e);
    }
  }

  static void check(String what, Object actual, Object expected) {
    if (!Objects.equals(actual, expected)) {
      failures.add(what + ": expected " + expected + " but was " + actual);
    }
  }
}
