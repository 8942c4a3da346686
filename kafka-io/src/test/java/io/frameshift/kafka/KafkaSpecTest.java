package io.frameshift.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Frameshift;
import io.frameshift.pipeline.InvalidPipelineException;
import io.frameshift.pipeline.InvalidPipelineException.Problem;
import io.frameshift.pipeline.Pipeline;
import io.frameshift.pipeline.RunReport;
import io.frameshift.pipeline.StreamReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec's {@code kafka} source, found through {@link KafkaSourceProvider}, run by {@code
 * Pipeline.run} against a real broker on 127.0.0.1: a run limited to two batches, then a run to the
 * end, hold every record once; the source's fields are checked with their line.
 */
class KafkaSpecTest {
  static final KafkaBroker broker = KafkaBroker.shared();

  @TempDir Path dir;

  private String spec(String stream) {
    return """
        name: clicks
        engine: local
        sources:
          events:
            kafka:
              bootstrapServers: %s
              topic: clicks
              maxRecordsPerPartition: 10
              readTimeout: 30s
              properties: {client.id: spec-test, request.timeout.ms: 20000}
            %s
        steps:
          - withColumn: {name: twice, expr: "offset * 2"}
          - select: [partition, offset, key, value, twice]
        sinks:
          - {name: lake, table: lake.clicks.events, mode: append}
        """
        .formatted(broker.bootstrapServers(), stream);
  }

  @Test
  @Timeout(180)
  void aKafkaSourceInASpecStreamsIntoATableExactlyOnce() throws Exception {
    broker.createTopic("clicks", 2);
    KafkaStreamTest.send("clicks", 0, 0, 25);
    KafkaStreamTest.send("clicks", 1, 0, 12);
    Path limited = dir.resolve("limited.yaml");
    Files.writeString(limited, spec("stream: {maxBatches: 2}"));
    Path full = dir.resolve("full.yaml");
    Files.writeString(full, spec(""));
    try (Frameshift fs =
        Frameshift.builder()
            .engine("local")
            .config("frameshift.warehouse", dir.resolve("wh").toString())
            .build()) {
      RunReport first = Pipeline.load(limited).run(fs);
      assertThat(first.ok()).as("%s", first).isTrue();
      assertThat(first.inputs().get(0).source()).startsWith("kafka {").contains("topic=clicks");
      StreamReport s1 = first.inputs().get(0).stream();
      assertThat(s1.batches()).hasSize(2);
      assertThat(KafkaStreamTest.counts(fs, "lake.clicks.events")).hasSize(10 + 10 + 10 + 2);

      // a topic has no single frame to explain
      Pipeline pipeline = Pipeline.load(full);
      assertThatThrownBy(() -> pipeline.compile(fs, "events"))
          .isInstanceOf(InvalidPipelineException.class)
          .hasMessageContaining("kafka stream")
          .hasMessageContaining("batch by batch");

      KafkaStreamTest.send("clicks", 1, 12, 3);
      RunReport second = Pipeline.load(full).run(fs);
      assertThat(second.ok()).as("%s", second).isTrue();
      assertThat(second.inputs().get(0).stream().resumedAfter())
          .isEqualTo("clicks:0@10-20,1@10-12");
      Map<String, Integer> after = KafkaStreamTest.counts(fs, "lake.clicks.events");
      assertThat(after.keySet())
          .containsExactlyInAnyOrderElementsOf(KafkaStreamTest.expected(25, 15));
      assertThat(after.values()).allMatch(c -> c == 1);
    }
  }

  @Test
  void kafkaFieldsAreCheckedWithTheirLine() {
    String yaml =
        """
        sources:
          events:
            kafka: {bootstrapServers: "127.0.0.1:1", maxRecordsPerPartition: 0}
            stream: {idle: 5s}
        sinks:
          - {table: lake.x.y}
        """;
    List<Problem> schema = problems(yaml);
    assertThat(schema).extracting(Problem::field).contains("kafka.maxRecordsPerPartition");
    assertThat(schema.toString()).contains("topic");
    List<Problem> semantic = problems(yaml.replace(", maxRecordsPerPartition: 0", ", topic: t"));
    assertThat(semantic).extracting(Problem::field).containsExactly("stream.idle");
    assertThat(semantic).extracting(Problem::line).containsExactly(4);
    assertThat(semantic.get(0).message()).contains("kafka.idleTimeout");
  }

  private static List<Problem> problems(String yaml) {
    try {
      Pipeline.parse(yaml, "kafka.yaml");
    } catch (InvalidPipelineException e) {
      return e.problems();
    }
    throw new AssertionError("the spec was accepted:\n" + yaml);
  }
}
