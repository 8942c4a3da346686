package io.frameshift.local;

import io.frameshift.Frameshift;
import io.frameshift.testkit.EngineConformanceSuite;

/** The shared conformance suite of docs/semantics.md, on a session pinned to this engine. */
class LocalConformanceTest extends EngineConformanceSuite {
  @Override
  protected Frameshift.Builder sessionBuilder() {
    return Frameshift.builder().engine("local");
  }
}
