package io.frameshift.iceberg;

import io.frameshift.Frameshift;
import io.frameshift.testkit.TableConformanceSuite;
import java.nio.file.Path;

/**
 * The table conformance tests on the auto session (the selector places each node), in the tests'
 * embedded catalog.
 */
class AutoTableConformanceTest extends TableConformanceSuite {
  /** Spark keeps the catalogs of its first session: every test of the JVM uses {@link Lake}'s. */
  @Override
  protected Frameshift.Builder sessionBuilder(Path warehouse) {
    return Lake.builder("auto");
  }

  @Override
  public String tableCatalog() {
    return "lake";
  }
}
