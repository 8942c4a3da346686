package io.frameshift.mirror;

import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineProvider;
import io.frameshift.spi.EngineTraits;
import java.util.Map;

/** Makes the {@code "mirror"} engine; registered in this module's test resources. */
public final class MirrorEngineProvider implements EngineProvider {
  @Override
  public String name() {
    return MirrorEngine.NAME;
  }

  @Override
  public EngineTraits traits() {
    return MirrorEngine.TRAITS;
  }

  @Override
  public Engine create(Map<String, String> config) {
    return new MirrorEngine(config);
  }
}
