package io.frameshift.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.frameshift.Frameshift;
import io.frameshift.io.Format;
import io.frameshift.spi.Capability;
import io.frameshift.spi.EngineProvider;
import io.frameshift.spi.EngineTraits;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite every engine runs: extend it, say how to build the session, and every test
 * of docs/semantics.md runs against it. One session serves the whole class.
 *
 * <pre>{@code
 * class LocalConformanceTest extends EngineConformanceSuite {
 *   @Override
 *   protected Frameshift.Builder sessionBuilder() {
 *     return Frameshift.builder().engine("local");
 *   }
 * }
 * }</pre>
 *
 * <p>Nothing is skipped: a capability the engines lack is asserted to fail with {@link
 * io.frameshift.error.UnsupportedCapabilityException}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineConformanceSuite
    implements FilterConformance,
        ProjectionConformance,
        ArithmeticConformance,
        FunctionConformance,
        CastConformance,
        AggregateConformance,
        JoinConformance,
        SortConformance,
        WindowConformance,
        SetOperationConformance,
        CsvConformance,
        FormatConformance,
        ErrorConformance,
        TypeConformance,
        PipelineConformance,
        CacheConformance,
        UdfConformance,
        EnrichConformance,
        RestApiConformance {

  private Frameshift session;
  private Set<Capability> capabilities;

  /** The settings of the session under test: its engine mode and any configuration. */
  protected abstract Frameshift.Builder sessionBuilder();

  @BeforeAll
  protected final void openSession() {
    session = sessionBuilder().build();
  }

  @AfterAll
  protected final void closeSession() {
    if (session != null) {
      session.close();
    }
  }

  @Override
  public final Frameshift session() {
    if (session == null) {
      throw new IllegalStateException("the session opens before the first test");
    }
    return session;
  }

  @Override
  public final Frameshift newSession(UnaryOperator<Frameshift.Builder> settings) {
    return settings.apply(sessionBuilder()).build();
  }

  /**
   * What every engine the session may place a node on can do: the pinned engine's capabilities, or
   * in AUTO mode those all available engines share (a node placed on an engine lacking one fails,
   * so only a shared capability is safe to expect), plus the formats any of them reads or writes
   * (the selector places scans and writes by the formats' traits). Override to expect something
   * else.
   */
  @Override
  public Set<Capability> capabilities() {
    if (capabilities == null) {
      capabilities = sharedCapabilities(session());
    }
    return capabilities;
  }

  /** What every engine {@code fs} may place a node on can do: see {@link #capabilities()}. */
  static Set<Capability> sharedCapabilities(Frameshift fs) {
    Set<String> engines =
        fs.mode().equals(Frameshift.AUTO) ? fs.availableEngines() : Set.of(fs.mode());
    EnumSet<Capability> shared = EnumSet.allOf(Capability.class);
    EnumSet<Capability> formats = EnumSet.noneOf(Capability.class);
    for (String e : engines) {
      shared.retainAll(fs.engine(e).capabilities());
      for (Capability c : fs.engine(e).capabilities()) {
        if (c.name().startsWith("READ_") || c.name().startsWith("WRITE_")) {
          formats.add(c);
        }
      }
    }
    // scans go to an engine that reads the format and writes to one that writes it (traits)
    shared.addAll(formats);
    return Set.copyOf(shared);
  }

  /**
   * The traits an engine's provider gives the selector (formats read and written, reach) say what
   * the engine's capabilities say: a scan is placed by the traits and run by the capabilities.
   */
  @Test
  public void traitsAgreeWithCapabilities() {
    Frameshift fs = session();
    Set<String> engines =
        fs.mode().equals(Frameshift.AUTO) ? fs.availableEngines() : Set.of(fs.mode());
    Map<String, EngineTraits> traits = new HashMap<>();
    for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
      traits.putIfAbsent(p.name(), p.traits());
    }
    for (String e : engines) {
      Set<Capability> caps = fs.engine(e).capabilities();
      EnumSet<Format> reads = EnumSet.noneOf(Format.class);
      EnumSet<Format> writes = EnumSet.noneOf(Format.class);
      for (Format f : Format.values()) {
        if (caps.stream().anyMatch(c -> c.name().equals("READ_" + f.name()))) {
          reads.add(f);
        }
        if (caps.stream().anyMatch(c -> c.name().equals("WRITE_" + f.name()))) {
          writes.add(f);
        }
      }
      assertThat(traits).as("a provider of engine %s", e).containsKey(e);
      assertThat(traits.get(e).reads()).as("formats %s reads", e).isEqualTo(reads);
      assertThat(traits.get(e).writes()).as("formats %s writes", e).isEqualTo(writes);
      assertThat(caps.contains(Capability.DISTRIBUTED))
          .as("%s has the capability DISTRIBUTED", e)
          .isEqualTo(traits.get(e).reach() == EngineTraits.Reach.DISTRIBUTED);
    }
  }
}
