package io.frameshift.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.frameshift.Row;
import io.frameshift.error.InputException;
import io.frameshift.pipeline.BatchSource.Batch;
import io.frameshift.pipeline.BatchSource.Rows;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Kafka source against a real broker on 127.0.0.1: exact ranges, resume, errors. */
class KafkaSourceTest {
  static final KafkaBroker broker = KafkaBroker.shared();

  static List<Map.Entry<String, String>> records(String prefix, int from, int to) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(new SimpleEntry<>("k" + i, prefix + i));
    }
    return out;
  }

  private static List<Row> rows(Batch b) {
    return ((Rows.Values) b.rows()).rows();
  }

  @Test
  @Timeout(120)
  void batchesCoverEachRecordOnceAndResumeAtAPosition() {
    broker.createTopic("ranges", 3);
    for (int p = 0; p < 3; p++) {
      broker.send("ranges", p, records("p" + p + "-", 0, 10 + 5 * p)); // 10, 15, 20 records
    }
    KafkaSettings settings =
        KafkaSettings.of(broker.bootstrapServers(), "ranges").maxRecordsPerPartition(7);
    List<Batch> batches = new ArrayList<>();
    try (KafkaSource source = KafkaSource.open(settings)) {
      for (Optional<Batch> b = source.next(); b.isPresent(); b = source.next()) {
        batches.add(b.get());
      }
    }
    // partition 2 holds 20 records: 7 + 7 + 6, so three batches
    assertThat(batches).hasSize(3);
    assertThat(batches.get(0).id()).isEqualTo("ranges:0@0-7,1@0-7,2@0-7");
    assertThat(batches.get(0).position()).isEqualTo("0=7,1=7,2=7");
    assertThat(batches.get(2).id()).isEqualTo("ranges:1@14-15,2@14-20");
    assertThat(batches.get(2).position()).isEqualTo("0=10,1=15,2=20");
    Set<String> seen = new HashSet<>();
    for (Batch b : batches) {
      for (Row r : rows(b)) {
        String value = (String) r.get("value");
        assertThat(seen.add(value)).as("%s read once", value).isTrue();
        assertThat(value).isEqualTo("p" + r.get("partition") + "-" + r.get("offset"));
        assertThat(r.get("key")).isEqualTo("k" + r.get("offset"));
        assertThat(r.get("topic")).isEqualTo("ranges");
        assertThat(r.get("timestamp")).isNotNull();
      }
    }
    assertThat(seen).hasSize(45);

    // a new source resumed at the first batch's position reads the rest and nothing else
    broker.send("ranges", 0, records("p0-", 10, 12));
    try (KafkaSource source = KafkaSource.open(settings)) {
      source.resume(batches.get(0).position());
      List<String> values = new ArrayList<>();
      for (Optional<Batch> b = source.next(); b.isPresent(); b = source.next()) {
        rows(b.get()).forEach(r -> values.add((String) r.get("value")));
      }
      assertThat(values).hasSize(45 + 2 - 21).doesNotContain("p0-6", "p1-0", "p2-6");
      assertThat(values).contains("p0-7", "p0-11", "p2-19");
    }
  }

  @Test
  @Timeout(120)
  void aNewPartitionIsReadFromItsBeginningAndTheIdleTimeoutWaits() throws Exception {
    broker.createTopic("growing", 1);
    broker.send("growing", 0, records("a", 0, 3));
    KafkaSettings settings =
        KafkaSettings.of(broker.bootstrapServers(), "growing").idleTimeout(Duration.ofSeconds(20));
    try (KafkaSource source = KafkaSource.open(settings)) {
      assertThat(rows(source.next().orElseThrow())).hasSize(3);
      broker.addPartitions("growing", 2);
      Thread sender =
          new Thread(
              () -> {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
                broker.send("growing", 1, records("b", 0, 2));
              });
      sender.start();
      // waits (within the idle timeout) for the records sent later to the new partition
      Batch b = source.next().orElseThrow();
      sender.join();
      assertThat(rows(b)).extracting(r -> r.get("value")).containsExactlyInAnyOrder("b0", "b1");
      assertThat(b.position()).isEqualTo("0=3,1=2");
    }
  }

  @Test
  @Timeout(60)
  void aMissingTopicAndBadBytesAreNamed() {
    try (KafkaSource source =
        KafkaSource.open(KafkaSettings.of(broker.bootstrapServers(), "nope"))) {
      assertThatThrownBy(source::next)
          .isInstanceOf(KafkaReadException.class)
          .hasMessageContaining("'nope' does not exist")
          .hasMessageContaining("topics there:");
    }
    broker.createTopic("bytes", 1);
    broker.sendBytes("bytes", 0, new byte[] {(byte) 0xff, (byte) 0xfe});
    try (KafkaSource source =
        KafkaSource.open(KafkaSettings.of(broker.bootstrapServers(), "bytes"))) {
      assertThatThrownBy(source::next)
          .isInstanceOf(KafkaReadException.class)
          .hasMessageContaining("partition 0 offset 0")
          .hasMessageContaining("not UTF-8");
    }
    assertThatThrownBy(() -> KafkaSource.parse("0=1,x"))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("'0=1,x'")
        .hasMessageContaining("no Kafka position")
        .hasMessageContaining("partition=offset");
  }
}
