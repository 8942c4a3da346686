package io.frameshift.pipeline;

import static io.frameshift.pipeline.SpecValidationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.pipeline.InvalidPipelineException.Problem;
import io.frameshift.pipeline.PipelineSpec.SourceSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream fields of a spec: their defaults, and the specs refused with a located problem. */
class StreamSpecTest {

  @Test
  void streamRetryAndDeadLetterFieldsAreReadWithTheirDefaults() {
    PipelineSpec spec =
        Pipeline.parse(
                """
                retry: {attempts: 5, backoff: 2s}
                deadLetters: dead
                sources:
                  events:
                    format: json
                    path: in
                    stream: {poll: 250ms, idle: 1m, maxBatches: 10}
                    retry: {attempts: 4, maxBackoff: 30s, jitter: 0}
                  failed: {deadLetters: dead}
                sinks:
                  - {table: lake.s.events}
                """,
                "stream.yaml")
            .spec();
    assertThat(spec.retry())
        .isEqualTo(
            new RetryPolicy(5, Duration.ofSeconds(2), RetryPolicy.DEFAULT.maxBackoff(), 0.5));
    assertThat(spec.deadLetters()).isEqualTo("dead");
    SourceSpec events = spec.sources().get("events");
    assertThat(events.stream())
        .isEqualTo(
            new PipelineSpec.StreamSpec(Duration.ofMillis(250), Duration.ofMinutes(1), 10, false));
    assertThat(events.retry())
        .isEqualTo(new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(30), 0));
    SourceSpec failed = spec.sources().get("failed");
    assertThat(failed.path()).isEqualTo("dead");
    assertThat(failed.stream().deadLetters()).isTrue();
    assertThat(failed.stream().idle()).isNull();
    assertThat(failed.describe()).isEqualTo("dead letters dead");
  }

  @Test
  void aBadDurationAndAStreamOnATableAreRefusedWhereTheyStand() {
    List<Problem> p =
        problems(
            """
            sources:
              events:
                format: json
                path: in
                stream: {poll: soon}
              lake: {table: lake.s.t, stream: {poll: 1s}}
            sinks:
              - {table: lake.s.events}
            """);
    assertThat(p).anyMatch(x -> x.line() == 5 && x.field().equals("stream.poll"));
    assertThat(p).anyMatch(x -> x.where().equals("sources.lake"));
  }

  @Test
  void aStreamWritesTablesBatchByBatchAndJoinsNoOtherStream() {
    List<Problem> p =
        problems(
            """
            sources:
              events: {format: json, path: in, stream: {idle: 5s}}
              more: {format: json, path: in2, stream: {idle: 5s}}
            steps:
              - join: {with: more, on: [id]}
            sinks:
              - {table: lake.s.events, mode: error}
            """);
    assertThat(p).hasSize(2);
    assertThat(p.get(0).where()).isEqualTo("steps[0]");
    assertThat(p.get(0).field()).isEqualTo("join.with");
    assertThat(p.get(0).message()).contains("'more' is a stream");
    assertThat(p.get(1).where()).isEqualTo("sinks[0]");
    assertThat(p.get(1).field()).isEqualTo("mode");
    assertThat(p.get(1).message()).contains("append, overwrite or upsert").contains("error");
  }
}
