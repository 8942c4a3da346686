package io.frameshift.spark;

import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineProvider;
import io.frameshift.spi.EngineTraits;
import java.util.Map;

/**
 * Makes {@link SparkEngine}s; registered for {@link java.util.ServiceLoader}, so having this module
 * on the class path makes the engine {@code "spark"} available. Creating an engine is cheap: its
 * SparkSession starts on first use.
 */
public final class SparkEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return SparkEngine.NAME;
  }

  @Override
  public EngineTraits traits() {
    return SparkEngine.TRAITS;
  }

  @Override
  public Engine create(Map<String, String> config) {
    return new SparkEngine(config);
  }
}
