package io.frameshift.internal;

import io.frameshift.io.Format;
import io.frameshift.spi.Capability;
import io.frameshift.spi.Engine;
import io.frameshift.spi.EngineProvider;
import io.frameshift.spi.EngineTraits;
import io.frameshift.spi.EngineTraits.Memory;
import io.frameshift.spi.EngineTraits.Reach;
import io.frameshift.spi.FrameStats;
import java.lang.reflect.Proxy;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * An engine that only plans, for tests of the session's planning without a real engine: it names
 * itself, reads and writes CSV, knows nothing of sources' sizes and refuses to run anything.
 */
public final class PlanOnlyEngineProvider implements EngineProvider {
  static final String NAME = "plan-only";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EngineTraits traits() {
    return new EngineTraits(
        Reach.IN_PROCESS, Memory.HEAP, 0, true, Set.of(Format.CSV), Set.of(Format.CSV), true);
  }

  @Override
  public Engine create(Map<String, String> config) {
    return (Engine)
        Proxy.newProxyInstance(
            Engine.class.getClassLoader(),
            new Class<?>[] {Engine.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "name" -> NAME;
                  case "capabilities" -> EnumSet.of(Capability.READ_CSV, Capability.WRITE_CSV);
                  case "sourceStats" -> FrameStats.UNKNOWN;
                  case "close" -> null;
                  case "toString" -> NAME;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default ->
                      throw new UnsupportedOperationException(
                          "the " + NAME + " engine only plans: " + method.getName());
                });
  }
}
