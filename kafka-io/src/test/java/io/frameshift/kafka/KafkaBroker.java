package io.frameshift.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller) in this JVM, from Kafka's
 * own Maven artifacts, listening on the loopback interface; its logs live in a temporary folder
 * removed on close.
 */
final class KafkaBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final Path dir;

  private KafkaBroker() throws Exception {
    dir = Files.createTempDirectory("frameshift-kafka");
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(dir)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setDeleteOnClose(true)
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  private static KafkaBroker shared;

  /**
   * The broker of this test JVM, started on first use and stopped when the JVM exits: starting one
   * takes seconds, and the test classes keep apart by topic name.
   */
  static synchronized KafkaBroker shared() {
    if (shared == null) {
      try {
        shared = new KafkaBroker();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start a Kafka broker on the loopback interface", e);
      }
      KafkaBroker b = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      b.close();
                    } catch (Exception e) {
                      // the JVM is going away; the temporary folder may stay behind
                    }
                  }));
    }
    return shared;
  }

  /** {@code 127.0.0.1:PORT}: the test kit listens on {@code localhost}, which is the loopback. */
  String bootstrapServers() {
    return cluster.bootstrapServers().replace("localhost", "127.0.0.1");
  }

  void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  void addPartitions(String name, int total) {
    try (Admin admin = admin()) {
      admin
          .createPartitions(
              Map.of(name, org.apache.kafka.clients.admin.NewPartitions.increaseTo(total)))
          .all()
          .get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot add partitions to " + name, e);
    }
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  /**
   * Sends {@code key -> value} records to {@code partition} of {@code topic}, acknowledged by all.
   */
  void send(String topic, int partition, List<Map.Entry<String, String>> records) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (Map.Entry<String, String> r : records) {
        producer.send(
            new ProducerRecord<>(
                topic,
                partition,
                r.getKey() == null ? null : r.getKey().getBytes(StandardCharsets.UTF_8),
                r.getValue() == null ? null : r.getValue().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  void sendBytes(String topic, int partition, byte[] value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.send(new ProducerRecord<>(topic, partition, null, value));
      producer.flush();
    }
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
