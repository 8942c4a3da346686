package io.frameshift.internal;

import io.frameshift.types.DataType;
import io.frameshift.types.Schema;
import java.util.Locale;

/** Byte-size arithmetic shared by the estimator, explain output and calibration. */
public final class Sizes {
  private Sizes() {}

  /** Average in-memory bytes of one value, validity bit included; strings are a guess. */
  static long width(DataType t) {
    return switch (t.id()) {
      case BOOLEAN -> 1;
      case INT32, FLOAT32, DATE -> 4;
      case INT64, FLOAT64, TIMESTAMP, TIMESTAMP_NTZ -> 8;
      case DECIMAL -> 16;
      case STRING -> 24;
    };
  }

  static long rowWidth(Schema s) {
    long w = 0;
    for (DataType t : s.types()) {
      w += width(t);
    }
    return Math.max(w, 1);
  }

  /** {@code bytes} for people: {@code 512 B}, {@code 1.5 MB}. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double v = bytes;
    String[] units = {"KB", "MB", "GB", "TB"};
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
