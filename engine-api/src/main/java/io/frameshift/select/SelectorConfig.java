package io.frameshift.select;

import io.frameshift.error.InvalidOptionException;
import java.util.Map;

/**
 * Thresholds of the size-based placement rule, read from session settings:
 *
 * <ul>
 *   <li>{@code frameshift.selector.localMaxMb} (100): below it every operation runs locally;
 *   <li>{@code frameshift.selector.sparkMinMb} (500): from it every operation runs on Spark;
 *       between the two, complex operations (weight 4 and above: joins, windows) go to Spark;
 *   <li>{@code frameshift.selector.heapFraction} (0.5): the local engine takes a working set only
 *       if it fits this fraction of the free heap.
 * </ul>
 *
 * @param localMaxBytes below this input size, local
 * @param sparkMinBytes from this input size, Spark
 * @param heapFraction share of the free heap the local engine may use
 */
public record SelectorConfig(long localMaxBytes, long sparkMinBytes, double heapFraction) {
  private static final long MB = 1024L * 1024L;

  public static final SelectorConfig DEFAULTS = new SelectorConfig(100 * MB, 500 * MB, 0.5);

  public static SelectorConfig from(Map<String, String> settings) {
    long local = mb(settings, "frameshift.selector.localMaxMb", DEFAULTS.localMaxBytes);
    long spark = mb(settings, "frameshift.selector.sparkMinMb", DEFAULTS.sparkMinBytes);
    double heap = DEFAULTS.heapFraction;
    String h = settings.get("frameshift.selector.heapFraction");
    if (h != null) {
      try {
        heap = Double.parseDouble(h.trim());
      } catch (NumberFormatException e) {
        throw new InvalidOptionException(
            "frameshift.selector.heapFraction is '" + h + "'; expected a number between 0 and 1");
      }
      if (!(heap > 0 && heap <= 1)) {
        throw new InvalidOptionException(
            "frameshift.selector.heapFraction is " + heap + "; expected a number in (0, 1]");
      }
    }
    return new SelectorConfig(local, spark, heap);
  }

  private static long mb(Map<String, String> settings, String key, long dflt) {
    String v = settings.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n * MB;
    } catch (NumberFormatException e) {
      throw new InvalidOptionException(
          key + " is '" + v + "'; expected a whole number of megabytes");
    }
  }
}
