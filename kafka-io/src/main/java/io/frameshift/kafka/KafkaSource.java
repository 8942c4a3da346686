package io.frameshift.kafka;

import io.frameshift.Row;
import io.frameshift.error.InputException;
import io.frameshift.pipeline.BatchSource;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka topic as a stream of micro-batches. Each batch is a planned offset range per partition:
 * from where the previous batch ended to the partition's end (at most {@link
 * KafkaSettings#maxRecordsPerPartition()} records), read exactly, so a batch holds every record of
 * its range once and nothing past it.
 *
 * <p>Offsets are never committed to Kafka (no consumer group is used): the position after a batch
 * ({@code 0=120,1=87}: the next offset to read in each partition) travels with the batch and is
 * committed with the sink's commit, e.g. in an Iceberg snapshot's summary. A restarted run reads it
 * back and calls {@link #resume}; the source seeks there, so a restart neither skips nor repeats a
 * record.
 *
 * <p>A batch's id names its ranges ({@code events:0@100-120,1@80-87}). Ranges end where the
 * partitions ended when the batch was planned, so a batch replayed after a crash covers the same
 * records but may reach further and then has another id: a run with one sink (the position in the
 * same commit as the data) is exactly-once; a run that writes several sinks must commit them
 * together for that.
 *
 * <p>Rows: {@code topic} STRING, {@code partition} INT32, {@code offset} INT64, {@code timestamp}
 * TIMESTAMP, {@code key} and {@code value} STRING (UTF-8; null stays null).
 */
public final class KafkaSource implements BatchSource {
  private static final Logger LOG = LoggerFactory.getLogger("io.frameshift.source.kafka");

  /** The columns of every batch. */
  public static final Schema SCHEMA =
      Schema.of(
          Field.of("topic", DataType.STRING),
          Field.of("partition", DataType.INT32),
          Field.of("offset", DataType.INT64),
          Field.of("timestamp", DataType.TIMESTAMP),
          Field.of("key", DataType.STRING),
          Field.of("value", DataType.STRING));

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration WAIT = Duration.ofMillis(100);

  private final KafkaSettings settings;
  private final KafkaConsumer<byte[], byte[]> consumer;

  /** The next offset to read per partition; empty until the first batch or {@link #resume}. */
  private final Map<Integer, Long> next = new TreeMap<>();

  private boolean started;

  private KafkaSource(KafkaSettings settings) {
    this.settings = settings;
    Properties p = new Properties();
    p.putAll(settings.consumerProperties());
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // a position whose records retention deleted is an error, never a silent jump
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "frameshift-" + settings.topic());
    // partitions added to the topic show up within this (Kafka's default is 5 minutes)
    p.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "5000");
    this.consumer = new KafkaConsumer<>(p);
  }

  /** A source reading {@code settings.topic()}; close it after use. */
  public static KafkaSource open(KafkaSettings settings) {
    return new KafkaSource(settings);
  }

  @Override
  public String describe() {
    return "kafka topic " + settings.topic() + " at " + settings.bootstrapServers();
  }

  @Override
  public void resume(String position) {
    next.clear();
    next.putAll(parse(position));
    started = true;
    LOG.info("Kafka {}: resuming at {}", settings.topic(), position);
  }

  @Override
  public Optional<Batch> next() {
    long deadline = System.nanoTime() + settings.idleTimeout().toNanos();
    while (true) {
      List<TopicPartition> parts = partitions();
      Map<TopicPartition, Long> ends = ends(parts);
      Map<Integer, Long> from = new TreeMap<>();
      Map<Integer, Long> until = new TreeMap<>();
      for (TopicPartition tp : parts) {
        long start = next.get(tp.partition());
        long end = Math.min(ends.get(tp), start + settings.maxRecordsPerPartition());
        if (end > start) {
          from.put(tp.partition(), start);
          until.put(tp.partition(), end);
        }
      }
      if (!until.isEmpty()) {
        return Optional.of(batch(from, until));
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.info("Kafka {}: no new records, the stream ends at {}", settings.topic(), position());
        return Optional.empty();
      }
      sleep(Math.min(left, WAIT.toNanos()));
    }
  }

  /** The topic's partitions; new ones start at their beginning, the first call sets them all. */
  private List<TopicPartition> partitions() {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(settings.topic(), settings.readTimeout());
    } catch (KafkaException e) {
      throw new KafkaReadException(
          "Cannot list the partitions of Kafka topic '"
              + settings.topic()
              + "' at "
              + settings.bootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new KafkaReadException(
          "Kafka topic '"
              + settings.topic()
              + "' does not exist at "
              + settings.bootstrapServers()
              + "; topics there: "
              + new java.util.TreeSet<>(consumer.listTopics(settings.readTimeout()).keySet()));
    }
    List<TopicPartition> parts = new ArrayList<>();
    for (PartitionInfo i : infos) {
      parts.add(new TopicPartition(settings.topic(), i.partition()));
    }
    List<TopicPartition> unknown =
        parts.stream().filter(tp -> !next.containsKey(tp.partition())).toList();
    if (!unknown.isEmpty()) {
      consumer
          .beginningOffsets(unknown, settings.readTimeout())
          .forEach((tp, offset) -> next.put(tp.partition(), offset));
      if (started) {
        LOG.info(
            "Kafka {}: new partitions {} read from their beginning", settings.topic(), unknown);
      }
    }
    started = true;
    return parts;
  }

  private Map<TopicPartition, Long> ends(List<TopicPartition> parts) {
    try {
      return consumer.endOffsets(parts, settings.readTimeout());
    } catch (KafkaException e) {
      throw new KafkaReadException(
          "Cannot read the end offsets of Kafka topic '"
              + settings.topic()
              + "': "
              + e.getMessage(),
          e);
    }
  }

  /** Reads exactly the records in [from, until) of each partition. */
  private Batch batch(Map<Integer, Long> from, Map<Integer, Long> until) {
    long t0 = System.nanoTime();
    List<TopicPartition> parts = new ArrayList<>();
    for (int p : until.keySet()) {
      parts.add(new TopicPartition(settings.topic(), p));
    }
    consumer.assign(parts);
    for (TopicPartition tp : parts) {
      consumer.seek(tp, from.get(tp.partition()));
    }
    List<Row> rows = new ArrayList<>();
    List<TopicPartition> open = new ArrayList<>(parts);
    long deadline = t0 + settings.readTimeout().toNanos();
    while (!open.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new KafkaReadException(
            "Kafka topic '"
                + settings.topic()
                + "': the batch "
                + ranges(from, until)
                + " was not read within "
                + settings.readTimeout().toMillis()
                + " ms; still reading partitions "
                + open.stream().map(TopicPartition::partition).toList()
                + " (raise readTimeout if the broker is slow)");
      }
      try {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          if (r.offset() < until.get(r.partition())) {
            rows.add(row(r));
          }
        }
        open.removeIf(tp -> consumer.position(tp) >= until.get(tp.partition()));
      } catch (KafkaException e) {
        throw new KafkaReadException(
            "Kafka topic '"
                + settings.topic()
                + "': reading the batch "
                + ranges(from, until)
                + " failed: "
                + e
                + (e instanceof org.apache.kafka.clients.consumer.OffsetOutOfRangeException
                    ? " (retention deleted records of the committed position: they cannot be read"
                        + " again)"
                    : ""),
            e);
      }
    }
    consumer.assign(List.of());
    next.putAll(until);
    String id = settings.topic() + ":" + ranges(from, until);
    Batch b =
        new Batch(
            id.length() <= 120 ? id : settings.topic() + ":" + Integer.toHexString(id.hashCode()),
            position(),
            "kafka " + settings.topic() + " " + ranges(from, until),
            new Rows.Values(SCHEMA, rows));
    LOG.info(
        "Kafka {}: batch {} holds {} records ({} ms); position after it {}",
        settings.topic(),
        ranges(from, until),
        rows.size(),
        (System.nanoTime() - t0) / 1_000_000,
        b.position());
    return b;
  }

  private Row row(ConsumerRecord<byte[], byte[]> r) {
    return Row.of(
        SCHEMA,
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp() < 0 ? null : Instant.ofEpochMilli(r.timestamp()),
        text(r.key(), r, "key"),
        text(r.value(), r, "value"));
  }

  private static String text(byte[] bytes, ConsumerRecord<?, ?> r, String what) {
    if (bytes == null) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new KafkaReadException(
          "Kafka topic '"
              + r.topic()
              + "' partition "
              + r.partition()
              + " offset "
              + r.offset()
              + ": the "
              + what
              + " is not UTF-8 text ("
              + bytes.length
              + " bytes)");
    }
  }

  /** {@code 0@100-120,1@80-87}: each partition's range. */
  private static String ranges(Map<Integer, Long> from, Map<Integer, Long> until) {
    List<String> out = new ArrayList<>();
    until.forEach((p, u) -> out.add(p + "@" + from.get(p) + "-" + u));
    return String.join(",", out);
  }

  /** {@code 0=120,1=87}: the next offset to read in each partition. */
  String position() {
    List<String> out = new ArrayList<>();
    next.forEach((p, o) -> out.add(p + "=" + o));
    return String.join(",", out);
  }

  /**
   * The offsets of a position made by {@link #position()}.
   *
   * @throws InputException when it is no Kafka position
   */
  static Map<Integer, Long> parse(String position) {
    Map<Integer, Long> out = new TreeMap<>();
    if (position.isBlank()) {
      return out;
    }
    for (String part : position.split(",")) {
      int eq = part.indexOf('=');
      try {
        out.put(
            Integer.parseInt(part.substring(0, eq).trim()),
            Long.parseLong(part.substring(eq + 1).trim()));
      } catch (RuntimeException e) {
        // a stream's table marks written by another kind of source, or edited by hand
        throw new InputException(
            "The committed position '"
                + position
                + "' is no Kafka position (at '"
                + part
                + "'): expected partition=offset pairs such as 0=120,1=87; was the table"
                + " written by a stream of another source?");
      }
    }
    return out;
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaReadException("interrupted while waiting for Kafka records", e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
