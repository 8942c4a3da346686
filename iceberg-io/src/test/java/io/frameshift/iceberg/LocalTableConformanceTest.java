package io.frameshift.iceberg;

import io.frameshift.Frameshift;
import io.frameshift.testkit.TableConformanceSuite;
import java.nio.file.Path;

/** The table conformance tests on the local engine, in the tests' embedded catalog. */
class LocalTableConformanceTest extends TableConformanceSuite {
  /** Spark keeps the catalogs of its first session: every test of the JVM uses {@link Lake}'s. */
  @Override
  protected Frameshift.Builder sessionBuilder(Path warehouse) {
    return Lake.builder("local");
  }

  @Override
  public String tableCatalog() {
    return "lake";
  }
}
