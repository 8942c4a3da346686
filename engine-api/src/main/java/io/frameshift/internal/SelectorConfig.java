package io.frameshift.internal;

import io.frameshift.error.InvalidOptionException;
import io.frameshift.select.CostProfile;
import io.frameshift.select.OperationKind;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The selector's settings, read from session settings (builder, {@code frameshift.properties},
 * system properties):
 *
 * <ul>
 *   <li>{@code frameshift.selector.profile}: path of the cost profile to use; {@code none} forces
 *       the threshold rule; unset: {@link CostProfile#DEFAULT_PATH} if it exists;
 *   <li>{@code frameshift.selector.localMaxMb} (100) and {@code frameshift.selector.sparkMinMb}
 *       (500): the thresholds of the rule used without a profile;
 *   <li>{@code frameshift.selector.weight.<kind>}: an operation kind's complexity weight (the
 *       seed's: filter 1, sort 2, group 3, join and window 4); from 4 an operation is complex;
 *   <li>{@code frameshift.selector.pin.<kind>}: run every operation of a kind on one engine, e.g.
 *       {@code frameshift.selector.pin.join=spark};
 *   <li>{@code frameshift.selector.heapFraction} (0.5): an engine whose working set lives in the
 *       heap takes one only if it fits this fraction of the free heap;
 *   <li>{@code frameshift.selector.learn} (false): update the profile from measured runs of eager
 *       engines and save it back, on close, to the file it was loaded from. Off by default: an
 *       embedded library writes no file its host did not ask for.
 * </ul>
 *
 * @param smallMaxBytes below this input size, the in-process engine (threshold rule; the setting
 *     {@code localMaxMb})
 * @param bigMinBytes from this input size, the distributed engine (threshold rule; the setting
 *     {@code sparkMinMb})
 * @param heapFraction share of the free heap an engine of {@code Memory.HEAP} may use
 * @param weights complexity weight per operation kind
 * @param kindPins engine per operation kind, where pinned
 * @param profilePath the profile to load, or null for the default location
 * @param useProfile false when the threshold rule is forced
 * @param learn whether measured runs update the profile
 */
record SelectorConfig(
    long smallMaxBytes,
    long bigMinBytes,
    double heapFraction,
    Map<OperationKind, Integer> weights,
    Map<OperationKind, String> kindPins,
    Path profilePath,
    boolean useProfile,
    boolean learn) {
  private static final long MB = 1024L * 1024L;
  private static final String PREFIX = "frameshift.selector.";

  SelectorConfig {
    weights = Map.copyOf(weights);
    kindPins = Map.copyOf(kindPins);
  }

  static final SelectorConfig DEFAULTS = from(Map.of());

  /** Complexity weight of a kind under this configuration. */
  int weight(OperationKind kind) {
    return weights.getOrDefault(kind, kind.weight());
  }

  static SelectorConfig from(Map<String, String> settings) {
    // the keys keep the names of the engines that ship with Frameshift; they set roles, by traits
    long small = mb(settings, PREFIX + "localMaxMb", 100 * MB);
    long big = mb(settings, PREFIX + "sparkMinMb", 500 * MB);
    double heap = 0.5;
    String h = settings.get(PREFIX + "heapFraction");
    if (h != null) {
      try {
        heap = Double.parseDouble(h.trim());
      } catch (NumberFormatException e) {
        heap = Double.NaN;
      }
      if (!(heap > 0 && heap <= 1)) {
        throw new InvalidOptionException(
            PREFIX + "heapFraction is '" + h + "'; expected a number in (0, 1]");
      }
    }
    Map<OperationKind, Integer> weights = new EnumMap<>(OperationKind.class);
    Map<OperationKind, String> pins = new EnumMap<>(OperationKind.class);
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String k = e.getKey();
      if (k.startsWith(PREFIX + "weight.")) {
        OperationKind kind = kind(k, k.substring((PREFIX + "weight.").length()));
        try {
          weights.put(kind, Integer.parseInt(e.getValue().trim()));
        } catch (NumberFormatException ex) {
          throw new InvalidOptionException(
              k + " is '" + e.getValue() + "'; expected a whole number");
        }
      } else if (k.startsWith(PREFIX + "pin.")) {
        pins.put(kind(k, k.substring((PREFIX + "pin.").length())), e.getValue().trim());
      }
    }
    String profile = settings.get(PREFIX + "profile");
    boolean use = profile == null || !profile.trim().equalsIgnoreCase("none");
    Path path = profile == null || !use ? null : Paths.get(profile.trim());
    boolean learn =
        "true".equalsIgnoreCase(settings.getOrDefault(PREFIX + "learn", "false").trim());
    return new SelectorConfig(small, big, heap, weights, pins, path, use, learn);
  }

  private static OperationKind kind(String key, String name) {
    try {
      return OperationKind.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          "Unknown operation kind '"
              + name
              + "' in "
              + key
              + "; expected one of "
              + java.util.Arrays.toString(OperationKind.values()).toLowerCase(Locale.ROOT));
    }
  }

  private static long mb(Map<String, String> settings, String key, long dflt) {
    long n = wholeNumber(settings, key, -1, "megabytes");
    return n < 0 ? dflt : n * MB;
  }

  /**
   * The setting {@code key}, a whole number of at least 0 of {@code unit} (as the message names
   * them), or {@code dflt} when it is not set.
   */
  static long wholeNumber(Map<String, String> settings, String key, long dflt, String unit) {
    String v = settings.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidOptionException(key + " is '" + v + "'; expected a whole number of " + unit);
  }
}
