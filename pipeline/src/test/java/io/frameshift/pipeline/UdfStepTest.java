package io.frameshift.pipeline;

import static io.frameshift.pipeline.SpecValidationTest.checkProblem;
import static io.frameshift.pipeline.StepData.country;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.expr.UserFunction;
import io.frameshift.pipeline.InvalidPipelineException.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code udf} step and user functions called by name in SQL text: registered by the application
 * on its session and run by {@link Pipeline#run} on every engine, and found by the command line
 * through the {@link FunctionLibrary} on the class path ({@link ShopFunctions}).
 */
class UdfStepTest {
  private static final int ORDERS = 30;

  @TempDir static Path dir;

  @BeforeAll
  static void data() throws IOException {
    StepData.writeCsv(dir.resolve("orders.csv"), ORDERS, "gross", UdfStepTest::gross);
  }

  private static double gross(int i) {
    return 100 + i * 12.5;
  }

  static String spec(String out, String engine) {
    return """
        engine: %s
        sources:
          orders: {format: csv, path: "%s", options: {header: true, inferSchema: true}}
        steps:
          - name: net price
            udf: {name: net, args: [gross, country], as: net}
          - withColumn: {name: label, expr: "shout(country)"}
          - filter: "net > 150"
        sinks:
          - {format: parquet, path: "%s", mode: overwrite}
        """
        .formatted(engine, dir.resolve("orders.csv"), out);
  }

  /** id -> [net, label] for the orders whose net price is above 150, computed in Java. */
  private static Map<Long, List<Object>> expected() {
    Map<Long, List<Object>> out = new HashMap<>();
    for (int i = 0; i < ORDERS; i++) {
      double net = gross(i) * 100 / (100 + ShopFunctions.vat(country(i)));
      if (net > 150) {
        out.put((long) i, List.of(net, country(i).toUpperCase(Locale.ROOT) + "!"));
      }
    }
    return out;
  }

  private static Map<Long, List<Object>> written(Frameshift fs, String path) {
    return StepData.byId(fs, path, r -> List.of(r.get("net"), r.get("label")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark", "auto"})
  void registeredFunctionsRunOnEveryEngine(String engine) {
    Path out = dir.resolve("out-" + engine);
    try (Frameshift fs = PipelineRunTest.session(engine)) {
      fs.register(new ShopFunctions().functions().toArray(UserFunction[]::new));
      RunReport report = Pipeline.parse(spec(out.toString(), engine), "udf.yaml").run(fs);
      PipelineRunTest.assertRanOn(report, engine);
      assertThat(expected()).isNotEmpty().hasSizeLessThan(ORDERS);
      assertThat(written(fs, out.toString())).isEqualTo(expected());
    }
  }

  @Test
  void anUnknownFunctionFailsTheCheckListingTheRegisteredOnes() {
    String yaml =
        spec(dir.resolve("out-unknown").toString(), "local").replace("name: net,", "name: nett,");
    try (Frameshift fs = PipelineRunTest.session("local")) {
      fs.register(new ShopFunctions().functions().toArray(UserFunction[]::new));
      Problem p = checkProblem(fs, yaml);
      assertThat(p.line()).isEqualTo(6);
      assertThat(p.where()).isEqualTo("steps[0] (net price)");
      assertThat(p.message()).contains("nett").contains("[net, shout]");
    }
  }

  @Test
  void aFunctionNameThatIsNoIdentifierIsRefusedBeforeAnythingRuns() {
    assertThatThrownBy(
            () ->
                Pipeline.parse(
                    spec("out", "local").replace("name: net,", "name: \"net price\","), "udf.yaml"))
        .isInstanceOfSatisfying(
            InvalidPipelineException.class,
            e -> {
              assertThat(e.problems()).hasSize(1);
              assertThat(e.problems().get(0).line()).isEqualTo(6);
              assertThat(e.problems().get(0).field()).isEqualTo("udf.name");
            });
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int cli(String... args) {
    return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void theCommandLineFindsTheLibraryOnItsClassPath() throws IOException {
    Path target = dir.resolve("out-cli");
    Path spec = dir.resolve("udf.yaml");
    Files.writeString(spec, spec(target.toString(), "local"));
    assertThat(cli("run", spec.toString(), "-q")).as("%s", err).isEqualTo(Cli.OK);
    try (Frameshift fs = PipelineRunTest.session("local")) {
      assertThat(written(fs, target.toString())).isEqualTo(expected());
    }
  }

  @Test
  void theCommandLineRefusesAnUnknownFunctionListingTheLibrarysOnes() throws IOException {
    Path spec = dir.resolve("unknown.yaml");
    Files.writeString(
        spec,
        spec(dir.resolve("out-cli-unknown").toString(), "local")
            .replace("shout(country)", "shuot(country)"));
    assertThat(cli("validate", spec.toString())).isEqualTo(Cli.INVALID);
    assertThat(err.toString())
        .contains("unknown.yaml:7:")
        .contains("steps[1]")
        .contains("shuot")
        .contains("[net, shout]");
    assertThat(dir.resolve("out-cli-unknown")).doesNotExist();
  }
}
