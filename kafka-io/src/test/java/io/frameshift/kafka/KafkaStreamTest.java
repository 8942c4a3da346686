package io.frameshift.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.Row;
import io.frameshift.pipeline.Pipeline;
import io.frameshift.pipeline.StreamReport;
import io.frameshift.pipeline.StreamReport.BatchReport;
import io.frameshift.pipeline.StreamRun;
import io.frameshift.table.Snapshot;
import io.frameshift.testkit.ChildJvm;
import io.frameshift.testkit.LakeSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A Kafka topic streamed into an Iceberg table of the embedded catalog by {@link StreamRun},
 * against a real broker on 127.0.0.1: the offsets are committed in the same snapshot as the rows,
 * so a run stopped after some batches, or killed mid-stream, and started again holds every record
 * exactly once. On the local engine and on Spark.
 */
class KafkaStreamTest {
  /** One warehouse for the JVM: Spark keeps the catalog it first loaded for the session's life. */
  static final Path WAREHOUSE = LakeSessions.warehouse("frameshift-kafka-lake");

  private static final AtomicInteger TABLES = new AtomicInteger();
  static final KafkaBroker broker = KafkaBroker.shared();

  @TempDir Path dir;

  static Frameshift session(String engine) {
    return LakeSessions.builder(engine, WAREHOUSE).build();
  }

  static String spec(String name, String engine, String table) {
    return """
        name: %s
        engine: %s
        input: events
        sources:
          events: {format: json, path: unused}
        steps:
          - filter: "value IS NOT NULL"
          - withColumn: {name: twice, expr: "offset * 2"}
          - select: [partition, offset, key, value, twice]
        sinks:
          - {name: lake, table: %s, mode: append}
        """
        .formatted(name, engine, table);
  }

  /**
   * Sends {@code n} records {@code t<p>-<offset>} to partition {@code p}, starting at {@code from}.
   */
  static void send(String topic, int p, int from, int n) {
    broker.send(topic, p, KafkaSourceTest.records("t" + p + "-", from, from + n));
  }

  /** How often each record ({@code partition/offset}) is in the table. */
  static Map<String, Integer> counts(Frameshift fs, String table) {
    Map<String, Integer> out = new TreeMap<>();
    for (Row r : fs.read().table(table).collect()) {
      String id = r.get("partition") + "/" + r.get("offset");
      assertThat(r.get("value")).isEqualTo("t" + r.get("partition") + "-" + r.get("offset"));
      assertThat(r.get("twice")).isEqualTo(2 * (Long) r.get("offset"));
      out.merge(id, 1, Integer::sum);
    }
    return out;
  }

  static List<String> expected(int... perPartition) {
    List<String> out = new ArrayList<>();
    for (int p = 0; p < perPartition.length; p++) {
      for (int o = 0; o < perPartition[p]; o++) {
        out.add(p + "/" + o);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "spark"})
  @Timeout(300)
  void aStoppedRunRestartsWithoutSkippingOrRepeating(String engine) {
    String topic = "orders-" + engine;
    String table = "lake.k" + TABLES.incrementAndGet() + ".events";
    broker.createTopic(topic, 2);
    send(topic, 0, 0, 30);
    send(topic, 1, 0, 20);
    KafkaSettings settings =
        KafkaSettings.of(broker.bootstrapServers(), topic).maxRecordsPerPartition(8);
    Pipeline p = Pipeline.parse(spec("kafka-" + engine, engine, table), "kafka.yaml");
    try (Frameshift fs = session(engine)) {
      // stopped after two batches: 8 + 8 records each
      StreamReport first = StreamRun.of(p).withMaxBatches(2).run(fs, KafkaSource.open(settings));
      assertThat(first.ok()).as("%s", first).isTrue();
      assertThat(first.batches())
          .extracting(BatchReport::id)
          .containsExactly(topic + ":0@0-8,1@0-8", topic + ":0@8-16,1@8-16");
      assertThat(counts(fs, table)).hasSize(32).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
      Snapshot last = fs.table(table).currentSnapshot().orElseThrow();
      assertThat(last.summary().get(Snapshot.TAG)).contains("position=0%3D16%2C1%3D16");

      // more records arrive while no run is going
      send(topic, 1, 20, 15);
      StreamReport second = StreamRun.of(p).run(fs, KafkaSource.open(settings));
      assertThat(second.ok()).as("%s", second).isTrue();
      assertThat(second.resumedAfter()).isEqualTo(topic + ":0@8-16,1@8-16");
      assertThat(second.batches().get(0).id()).isEqualTo(topic + ":0@16-24,1@16-24");
      Map<String, Integer> after = counts(fs, table);
      assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(expected(30, 35));
      assertThat(after.values()).allMatch(c -> c == 1);
      assertThat(fs.table(table).currentSnapshot().orElseThrow().summary().get(Snapshot.TAG))
          .contains("position=0%3D30%2C1%3D35");

      // nothing new: a third run takes no batch and commits nothing
      int snapshots = fs.table(table).snapshots().size();
      StreamReport third = StreamRun.of(p).run(fs, KafkaSource.open(settings));
      assertThat(third.batches()).isEmpty();
      assertThat(fs.table(table).snapshots()).hasSize(snapshots);
    }
  }

  @Test
  @Timeout(300)
  void aRunKilledMidStreamResumesWithoutDuplicatesOrGaps() throws Exception {
    String topic = "killed";
    broker.createTopic(topic, 2);
    send(topic, 0, 0, 40);
    send(topic, 1, 0, 33);
    Path warehouse = dir.resolve("wh");
    Path spec = dir.resolve("kafka.yaml");
    Files.writeString(spec, spec("killed", "local", "lake.killed.events"));
    Process child =
        ChildJvm.start(
            KafkaStreamMain.class,
            true,
            List.of(warehouse.toString(), spec.toString(), broker.bootstrapServers(), topic));
    // batches of 5 + 5 records: the fourth covers offsets 15-20
    ChildJvm.killAt(child, "TAKEN " + topic + ":0@15-20,1@15-20");
    try (Frameshift fs = LakeSessions.builder("local", warehouse).build()) {
      // the child committed three batches at least, four at most
      Map<String, Integer> before = counts(fs, "lake.killed.events");
      assertThat(before.size()).isBetween(30, 40);
      assertThat(before.values()).allMatch(c -> c == 1);

      StreamReport again =
          StreamRun.of(Pipeline.load(spec))
              .run(
                  fs,
                  KafkaSource.open(
                      KafkaSettings.of(broker.bootstrapServers(), topic)
                          .maxRecordsPerPartition(5)));
      assertThat(again.ok()).as("%s", again).isTrue();
      assertThat(again.resumedAfter()).isIn(topic + ":0@10-15,1@10-15", topic + ":0@15-20,1@15-20");
      Map<String, Integer> after = counts(fs, "lake.killed.events");
      assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(expected(40, 33));
      assertThat(after.values()).allMatch(c -> c == 1);
    }
  }
}
