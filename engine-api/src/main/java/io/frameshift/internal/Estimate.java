package io.frameshift.internal;

/**
 * The estimated size of a plan node's output.
 *
 * @param rows estimated row count
 * @param bytes estimated in-memory size
 * @param exact whether both figures are known rather than guessed
 */
public record Estimate(long rows, long bytes, boolean exact) {
  @Override
  public String toString() {
    return (exact ? "" : "~") + rows + " rows, " + Sizes.human(bytes);
  }
}
