package io.frameshift.testkit;

import io.frameshift.DataFrame;

/**
 * Something a test does with a frame that makes an engine work: collect it, count it, write it. The
 * differential suite runs it once per engine, on the frame pinned to that engine.
 */
@FunctionalInterface
public interface FrameAction {
  void run(DataFrame frame) throws Exception;
}
