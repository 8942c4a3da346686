package io.frameshift.io;

import io.frameshift.error.InvalidOptionException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parsing of option values shared by the option records; each failure names the option. */
final class OptionValues {
  private OptionValues() {}

  /** Fails unless every key of {@code options} is one of {@code accepted}. */
  static void checkKeys(String what, Map<String, String> options, List<String> accepted) {
    for (String key : options.keySet()) {
      if (!accepted.contains(key)) {
        throw unknown(what, key, accepted);
      }
    }
  }

  static InvalidOptionException unknown(String what, String key, List<String> accepted) {
    return new InvalidOptionException(
        "Unknown "
            + what
            + " option '"
            + key
            + "'; "
            + (accepted.isEmpty() ? "it takes no options" : "accepted options: " + accepted));
  }

  static boolean bool(String what, String key, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    throw new InvalidOptionException(
        what + " option '" + key + "' is '" + v + "'; expected true or false");
  }

  /** A positive count of bytes, plain or with a binary suffix {@code k}, {@code m}, {@code g}. */
  static long bytes(String what, String key, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("k") || s.endsWith("m") || s.endsWith("g")) {
      char u = s.charAt(s.length() - 1);
      unit = u == 'k' ? 1L << 10 : u == 'm' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Math.multiplyExact(Long.parseLong(s), unit);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new InvalidOptionException(
        what
            + " option '"
            + key
            + "' is '"
            + v
            + "'; expected a positive number of bytes, such as 134217728 or 128m");
  }

  static int positiveInt(String what, String key, String v) {
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidOptionException(
        what + " option '" + key + "' is '" + v + "'; expected a positive whole number");
  }
}
