package io.frameshift.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frameshift.Frameshift;
import io.frameshift.Row;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped folder-stream example from the command line, on the embedded defaults. */
class StreamCliTest {
  static final Path EXAMPLE = Path.of("../examples/pipelines/events-stream.yaml");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int cli(String... args) {
    return Cli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** event_id -> amount in cents of the paid events, read from the example's files in Java. */
  private static Map<Long, Long> expected() throws IOException {
    Map<Long, Long> out = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(EXAMPLE.resolveSibling("data/events"))) {
      for (Path f : files.toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonNode n = json.readTree(line);
          double amount = n.get("amount").asDouble();
          if (amount > 0 && !n.get("kind").asText().equals("view")) {
            out.put(n.get("event_id").asLong(), Math.round(amount * 100));
          }
        }
      }
    }
    return out;
  }

  @Test
  void theStreamExampleIsValid() {
    assertThat(cli("validate", EXAMPLE.toString())).as("%s", err).isEqualTo(Cli.OK);
    assertThat(out.toString()).contains("valid (1 sources, 3 steps, 2 sinks)");
  }

  @Test
  void theStreamExampleCommitsEachFileOnceAndASecondRunSkipsThemAll() throws IOException {
    Path report = dir.resolve("report.html");
    String[] args = CliTest.localRun(EXAMPLE, dir);
    assertThat(cli(args)).as("%s", err).isEqualTo(Cli.OK);
    Map<Long, Long> expected = expected();
    assertThat(out.toString()).contains("events: 36 rows in, " + expected.size() + " out");
    assertThat(report)
        .content()
        .contains("Stream events-stream/events")
        .contains("3 committed, 0 skipped, 0 dead letters");
    assertThat(cli(args)).as("%s", err).isEqualTo(Cli.OK);
    assertThat(report).content().contains("0 committed, 3 skipped, 0 dead letters");
    try (Frameshift fs =
        Frameshift.builder()
            .engine("local")
            .config("frameshift.warehouse", dir.resolve("wh").toString())
            .build()) {
      List<Row> rows = fs.read().table("lake.demo.events").collect();
      Map<Long, Long> table = new TreeMap<>();
      rows.forEach(r -> table.put(r.getLong("event_id"), r.getLong("amount_cents")));
      assertThat(rows).hasSize(expected.size());
      assertThat(table).isEqualTo(expected);
      assertThat(fs.table("lake.demo.events").snapshots()).hasSize(3);
    }
  }
}
