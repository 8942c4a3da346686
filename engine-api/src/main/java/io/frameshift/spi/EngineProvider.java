package io.frameshift.spi;

import java.util.Map;

/**
 * Makes an engine; found with {@link java.util.ServiceLoader} from {@code
 * META-INF/services/io.frameshift.spi.EngineProvider}, so putting an engine's jar on the class path
 * is what makes the engine available.
 */
public interface EngineProvider {
  /**
   * The name of the engines this provider makes: how users pin work to it ({@code on(name)}, {@code
   * Frameshift.builder().engine(name)}) and how plans, metrics and cost profiles refer to it.
   */
  String name();

  /**
   * What the session decides placement by: the engine's reach, memory, start-up cost, formats.
   * Known before any engine is made, so that placing a plan never starts an engine it does not use.
   */
  EngineTraits traits();

  /**
   * Makes an engine. Must be cheap: heavy start-up (a Spark session) waits until the engine is
   * first used.
   *
   * @param config every session setting, e.g. {@code spark.master}; an engine reads its own keys
   */
  Engine create(Map<String, String> config);
}
