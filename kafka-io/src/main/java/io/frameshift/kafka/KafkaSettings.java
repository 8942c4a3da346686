package io.frameshift.kafka;

import io.frameshift.error.InvalidOptionException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link KafkaSource} reads and how much at a time.
 *
 * @param bootstrapServers the brokers, {@code host:port[,host:port]}
 * @param topic the topic; every partition is read, partitions added later included (found within
 *     the consumer's {@code metadata.max.age.ms}, 5 s unless set)
 * @param maxRecordsPerPartition the most records a batch takes from one partition
 * @param idleTimeout how long {@link KafkaSource#next()} waits for new records before it says the
 *     stream has ended; zero ends it as soon as every partition is read to its end
 * @param readTimeout how long reading a batch's planned offset range may take before it fails
 * @param consumerProperties further Kafka consumer settings (security, timeouts); the source sets
 *     its own deserializers, switches automatic commits off and reads committed records only
 */
public record KafkaSettings(
    String bootstrapServers,
    String topic,
    int maxRecordsPerPartition,
    Duration idleTimeout,
    Duration readTimeout,
    Map<String, String> consumerProperties) {

  public KafkaSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    consumerProperties = Map.copyOf(consumerProperties);
    if (maxRecordsPerPartition <= 0) {
      throw new InvalidOptionException(
          "Kafka maxRecordsPerPartition must be positive, got " + maxRecordsPerPartition);
    }
    if (idleTimeout.isNegative() || readTimeout.isNegative() || readTimeout.isZero()) {
      throw new InvalidOptionException(
          "Kafka idleTimeout must be zero or more and readTimeout positive, got "
              + idleTimeout
              + " and "
              + readTimeout);
    }
  }

  /** Topic {@code topic} at {@code bootstrapServers}: 10,000 records a partition, no waiting. */
  public static KafkaSettings of(String bootstrapServers, String topic) {
    return new KafkaSettings(
        bootstrapServers, topic, 10_000, Duration.ZERO, Duration.ofSeconds(60), Map.of());
  }

  public KafkaSettings maxRecordsPerPartition(int n) {
    return new KafkaSettings(
        bootstrapServers, topic, n, idleTimeout, readTimeout, consumerProperties);
  }

  public KafkaSettings idleTimeout(Duration d) {
    return new KafkaSettings(
        bootstrapServers, topic, maxRecordsPerPartition, d, readTimeout, consumerProperties);
  }

  public KafkaSettings readTimeout(Duration d) {
    return new KafkaSettings(
        bootstrapServers, topic, maxRecordsPerPartition, idleTimeout, d, consumerProperties);
  }

  public KafkaSettings consumerProperties(Map<String, String> properties) {
    return new KafkaSettings(
        bootstrapServers, topic, maxRecordsPerPartition, idleTimeout, readTimeout, properties);
  }
}
