package io.frameshift.kafka;

import io.frameshift.error.InvalidOptionException;
import io.frameshift.pipeline.BatchSource;
import io.frameshift.pipeline.BatchSourceProvider;
import io.frameshift.pipeline.RetryPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's {@code kafka} sources: {@code bootstrapServers}, {@code topic}, {@code
 * maxRecordsPerPartition}, {@code idleTimeout}, {@code readTimeout} and {@code properties.*} (Kafka
 * consumer settings) onto {@link KafkaSettings}. Registered for {@link java.util.ServiceLoader}.
 */
public final class KafkaSourceProvider implements BatchSourceProvider {
  private static final List<String> KEYS =
      List.of("bootstrapServers", "topic", "maxRecordsPerPartition", "idleTimeout", "readTimeout");

  @Override
  public String kind() {
    return "kafka";
  }

  @Override
  public BatchSource open(Map<String, String> settings) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (e.getKey().startsWith("properties.")) {
        properties.put(e.getKey().substring("properties.".length()), e.getValue());
      } else if (!KEYS.contains(e.getKey())) {
        throw new InvalidOptionException(
            "Unknown kafka setting '"
                + e.getKey()
                + "'; expected one of "
                + KEYS
                + " or properties");
      }
    }
    for (String needed : List.of("bootstrapServers", "topic")) {
      if (!settings.containsKey(needed)) {
        throw new InvalidOptionException("A kafka source needs '" + needed + "'");
      }
    }
    KafkaSettings s =
        KafkaSettings.of(settings.get("bootstrapServers"), settings.get("topic"))
            .consumerProperties(properties);
    try {
      if (settings.containsKey("maxRecordsPerPartition")) {
        s = s.maxRecordsPerPartition(Integer.parseInt(settings.get("maxRecordsPerPartition")));
      }
      if (settings.containsKey("idleTimeout")) {
        s = s.idleTimeout(RetryPolicy.duration(settings.get("idleTimeout")));
      }
      if (settings.containsKey("readTimeout")) {
        s = s.readTimeout(RetryPolicy.duration(settings.get("readTimeout")));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "kafka source " + settings.get("topic") + ": " + e.getMessage());
    }
    return KafkaSource.open(s);
  }
}
