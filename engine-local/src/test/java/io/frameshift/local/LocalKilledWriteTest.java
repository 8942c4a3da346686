package io.frameshift.local;

import io.frameshift.testkit.KilledWriteSuite;
import java.util.Map;

/** A local write killed midway loses nothing, in every format the local engine writes. */
class LocalKilledWriteTest extends KilledWriteSuite {
  @Override
  protected String engine() {
    return "local";
  }

  @Override
  protected Map<String, String> config() {
    return Map.of();
  }

  /** A million rows: the writes take the child about a second each. */
  @Override
  protected int rowsPerSide() {
    return 1000;
  }

  /**
   * The local engine computes a frame before writing it; computed once, the writes start at once.
   */
  @Override
  protected boolean computeFirst() {
    return true;
  }
}
