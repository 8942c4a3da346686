package io.frameshift.io;

import java.util.Locale;

/** The data formats a {@link Source} or {@link Sink} may use. */
public enum Format {
  CSV,
  /** JSON lines: one object per line. */
  JSON,
  PARQUET,
  /** Arrow IPC file or stream. */
  ARROW,
  ICEBERG;

  /** The lower-case name used in messages and file extensions. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
