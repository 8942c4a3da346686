package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.frameshift.Frameshift;
import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a real run's HTML report in headless Chromium (the system's {@code chromium}) and checks,
 * on the DOM after the page's script ran, that each input's timeline was drawn: one bar per span of
 * the report, each laid out with a width, coloured by engine, a transfer bar among them.
 *
 * <p>Skipped only when there is no {@code chromium} on the PATH and the build does not require one
 * (system property {@code ci.requireBrowser}, set by the pipeline module's {@code ci} profile when
 * the environment variable {@code CI} is set, as {@code .ci/run} does): in CI a missing browser
 * fails the test instead of hiding it.
 */
class ReportBrowserTest {
  @TempDir Path dir;

  /** The chromium on the PATH, or null. */
  static Path chromium() {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path p = Path.of(folder.isEmpty() ? "." : folder, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static final Pattern SVG =
      Pattern.compile("<svg class=\"timeline\"[^>]*data-bars=\"(\\d+)\"[^>]*>(.*?)</svg>");
  private static final Pattern BAR =
      Pattern.compile(
          "<rect class=\"bar bar-(\\w+)\" data-engine=\"(\\w*)\" data-nanos=\"(\\d+)\"[^>]*"
              + " fill=\"(#[0-9a-f]{6})\" data-drawn-width=\"([0-9.]+)\"");

  @Test
  void theReportsTimelineIsDrawnInABrowser() throws Exception {
    Path browser = chromium();
    boolean required = Boolean.getBoolean("ci.requireBrowser");
    if (browser == null && required) {
      fail(
          "ci.requireBrowser is set but there is no chromium on the PATH; install it"
              + " (apt-get install chromium), as .ci/run does");
    }
    assumeTrue(browser != null, "no chromium on the PATH");

    RunReport report = hybridRun();
    Path html = dir.resolve("report.html");
    report.writeHtml(html);
    String dom = dumpDom(browser, html);

    assertThat(dom).contains("<body data-rendered=\"true\">");
    Matcher m = SVG.matcher(dom);
    int input = 0;
    while (m.find()) {
      RunReport.InputReport in = report.inputs().get(input++);
      int spans = in.trace().spans().size();
      assertThat(Integer.parseInt(m.group(1))).as("bars of %s", in.input()).isEqualTo(spans);
      List<String[]> bars = new ArrayList<>();
      Matcher b = BAR.matcher(m.group(2));
      while (b.find()) {
        bars.add(new String[] {b.group(1), b.group(2), b.group(3), b.group(4), b.group(5)});
      }
      assertThat(bars).hasSize(spans);
      // laid out by the browser: every bar has a rendered width, the longest the widest
      assertThat(bars).allSatisfy(x -> assertThat(Double.parseDouble(x[4])).isPositive());
      String[] longest =
          bars.stream()
              .max((x, y) -> Long.compare(Long.parseLong(x[2]), Long.parseLong(y[2])))
              .orElseThrow();
      double widest = bars.stream().mapToDouble(x -> Double.parseDouble(x[4])).max().orElseThrow();
      assertThat(Double.parseDouble(longest[4])).isEqualTo(widest);
      // each engine in its colour, and the transfer between them drawn
      assertThat(bars)
          .anySatisfy(
              x ->
                  assertThat(List.of(x[0], x[1], x[3]))
                      .containsExactly("node", "spark", "#e8743b"));
      assertThat(bars)
          .anySatisfy(
              x ->
                  assertThat(List.of(x[0], x[1], x[3]))
                      .containsExactly("node", "local", "#2f9e6b"));
      assertThat(bars)
          .anySatisfy(
              x ->
                  assertThat(List.of(x[0], x[1], x[3]))
                      .containsExactly("transfer", "local", "#7a3e9d"));
    }
    assertThat(input).isEqualTo(report.inputs().size()).isEqualTo(2);
  }

  /** Two inputs, each scanned and filtered on Spark and aggregated locally. */
  private RunReport hybridRun() throws IOException {
    Schema schema =
        Schema.builder().column("id", DataType.INT64).column("v", DataType.INT64).build();
    try (Frameshift fs = PipelineRunTest.session("auto")) {
      for (String month : List.of("jan", "feb")) {
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 500; i++) {
          rows.add(new Object[] {i, i % 7});
        }
        fs.createDataFrame(schema, rows.toArray(Object[][]::new))
            .on("local")
            .write()
            .parquet(dir.resolve(month).toString());
      }
      String spec =
          """
          name: "monthly <hybrid>"
          input: [jan, feb]
          sources:
            jan: {format: parquet, path: "%s"}
            feb: {format: parquet, path: "%s"}
          steps:
            - filter: "v > 2"
              engine: spark
            - groupBy: {keys: [v], agg: {n: "count(*)"}}
              engine: local
          sinks:
            - {format: json, path: "%s/{source}", mode: overwrite}
          """
              .formatted(dir.resolve("jan"), dir.resolve("feb"), dir.resolve("out"));
      RunReport r = Pipeline.parse(spec, "monthly.yaml").run(fs);
      assertThat(r.ok()).as("%s", r).isTrue();
      return r;
    }
  }

  /** The DOM after the page loaded and its script ran, as headless Chromium serialises it. */
  private String dumpDom(Path browser, Path html) throws IOException, InterruptedException {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Path out = dir.resolve("dom.html");
    Path log = dir.resolve("chromium.log");
    Process p =
        new ProcessBuilder(
                browser.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--dump-dom",
                html.toUri().toString())
            .redirectOutput(out.toFile())
            .redirectError(log.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 120 s: " + Files.readString(log));
    }
    assertThat(p.exitValue()).as("chromium: %s", Files.readString(log)).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
