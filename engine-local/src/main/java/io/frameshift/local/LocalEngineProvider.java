package io.frameshift.local;

import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineProvider;
import io.frameshift.spi.EngineTraits;
import java.util.Map;

/** Makes the {@code "local"} engine; registered for {@link java.util.ServiceLoader}. */
public final class LocalEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return LocalEngine.NAME;
  }

  @Override
  public EngineTraits traits() {
    return LocalEngine.TRAITS;
  }

  /** The local engine reads {@code frameshift.local.threads}: the size of its own thread pool. */
  @Override
  public Engine create(Map<String, String> config) {
    return new LocalEngine(config);
  }
}
