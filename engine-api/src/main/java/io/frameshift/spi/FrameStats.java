package io.frameshift.spi;

/**
 * What an engine knows of a frame's size without computing it: {@code -1} where unknown.
 *
 * @param rows the row count, or -1
 * @param bytes the in-memory size in bytes, or -1
 * @param exact whether the figures are exact rather than estimates
 */
public record FrameStats(long rows, long bytes, boolean exact) {
  public static final FrameStats UNKNOWN = new FrameStats(-1, -1, false);
}
