package io.frameshift.spi;

/**
 * Optional abilities of an engine. Operations outside these are mandatory. Asking an engine for a
 * capability it lacks throws {@link io.frameshift.error.UnsupportedCapabilityException}.
 */
public enum Capability {
  READ_CSV,
  WRITE_CSV,
  READ_JSON,
  WRITE_JSON,
  READ_PARQUET,
  WRITE_PARQUET,
  READ_ARROW,
  WRITE_ARROW,
  /** Reads tables through {@code read().table(..)}: {@link io.frameshift.io.Format#ICEBERG}. */
  READ_ICEBERG,
  /** Writes tables through {@code write().table(..)}. */
  WRITE_ICEBERG,
  /** Runs on more than one machine. */
  DISTRIBUTED
}
