package io.frameshift.mirror;

import io.frameshift.Frameshift;
import io.frameshift.testkit.EngineConformanceSuite;

/** The shared conformance suite on a session pinned to the third engine. */
class MirrorConformanceTest extends EngineConformanceSuite {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder().engine("mirror");
  }
}
