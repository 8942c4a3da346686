package io.frameshift.pipeline;

import java.util.Map;

/**
 * Opens the stream sources of a spec's source kind that lives in another module, such as {@code
 * kafka} in {@code frameshift-kafka}; found with {@link java.util.ServiceLoader}, so the pipeline
 * module needs no compile-time dependency on it (registered in {@code
 * META-INF/services/io.frameshift.pipeline.BatchSourceProvider}).
 */
public interface BatchSourceProvider {

  /** The spec key of the kind, e.g. {@code kafka}. */
  String kind();

  /**
   * A source from the kind's settings in the spec: each value as text, nested objects flattened
   * with dots ({@code properties.security.protocol}).
   *
   * @throws io.frameshift.error.InvalidOptionException naming a setting that is missing or wrong
   */
  BatchSource open(Map<String, String> settings);
}
