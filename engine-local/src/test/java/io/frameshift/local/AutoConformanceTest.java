package io.frameshift.local;

import io.frameshift.Frameshift;
import io.frameshift.testkit.EngineConformanceSuite;

/**
 * The shared conformance suite in AUTO mode: with only the local engine on the class path the
 * selector places every node there, and the answers must be the same as when pinned.
 */
class AutoConformanceTest extends EngineConformanceSuite {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder().engine("auto");
  }
}
