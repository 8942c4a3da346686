package io.frameshift.testkit;

import io.frameshift.Frameshift;
import io.frameshift.spi.Capability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The table tests ({@link TableConformance}, {@link TableMergeConformance}, {@link
 * TableSchemaConformance}) for one session: extend it in a module that has a table provider on its
 * test class path, say how to build the session with a catalog in the given warehouse folder, and
 * every engine (and AUTO) answers the same on tables. Kept apart from {@link
 * EngineConformanceSuite}, whose engine modules have no table provider to test with.
 *
 * <pre>{@code
 * class LocalTableConformanceTest extends TableConformanceSuite {
 *   @Override
 *   protected Frameshift.Builder sessionBuilder(Path warehouse) {
 *     return Frameshift.builder().engine("local")
 *         .config("frameshift.catalog.test.type", "hadoop")
 *         .config("frameshift.catalog.test.warehouse", warehouse.toString());
 *   }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TableConformanceSuite
    implements TableMergeConformance, TableSchemaConformance {
  private Frameshift session;
  private Set<Capability> capabilities;
  private Path warehouse;

  /** The session under test, its catalog {@link #tableCatalog()} keeping tables in {@code dir}. */
  protected abstract Frameshift.Builder sessionBuilder(Path warehouse);

  /** {@code test} unless overridden. */
  @Override
  public String tableCatalog() {
    return "test";
  }

  @BeforeAll
  protected final void openSession() throws IOException {
    warehouse = Files.createTempDirectory("frameshift-tables-");
    session = sessionBuilder(warehouse).build();
  }

  @AfterAll
  protected final void closeSession() throws IOException {
    if (session != null) {
      session.close();
    }
    if (warehouse != null) {
      try (Stream<Path> all = Files.walk(warehouse)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
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
    return settings.apply(sessionBuilder(warehouse)).build();
  }

  /** As {@link EngineConformanceSuite#capabilities()}. */
  @Override
  public Set<Capability> capabilities() {
    if (capabilities == null) {
      capabilities = EngineConformanceSuite.sharedCapabilities(session());
    }
    return capabilities;
  }
}
