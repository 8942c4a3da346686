package io.frameshift;

import io.frameshift.error.InvalidOptionException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a cached frame keeps its data ({@link DataFrame#persist(StorageLevel)}): Spark's storage
 * levels, by the same names. The Spark engine passes the level to {@code Dataset.persist}; the
 * local engine computes every frame into its heap anyway and keeps it there whatever the level.
 */
public enum StorageLevel {
  /** In memory; partitions that do not fit are spilled to disk (Spark's and the default). */
  MEMORY_AND_DISK,
  /** {@link #MEMORY_AND_DISK}, each partition on two executors. */
  MEMORY_AND_DISK_2,
  /** {@link #MEMORY_AND_DISK}, serialized: smaller, slower to read. */
  MEMORY_AND_DISK_SER,
  /** {@link #MEMORY_AND_DISK_SER}, each partition on two executors. */
  MEMORY_AND_DISK_SER_2,
  /** In memory only; partitions that do not fit are recomputed when needed. */
  MEMORY_ONLY,
  /** {@link #MEMORY_ONLY}, each partition on two executors. */
  MEMORY_ONLY_2,
  /** {@link #MEMORY_ONLY}, serialized. */
  MEMORY_ONLY_SER,
  /** {@link #MEMORY_ONLY_SER}, each partition on two executors. */
  MEMORY_ONLY_SER_2,
  /** On the executors' local disks only. */
  DISK_ONLY,
  /** {@link #DISK_ONLY}, each partition on two executors. */
  DISK_ONLY_2,
  /** {@link #DISK_ONLY}, each partition on three executors. */
  DISK_ONLY_3,
  /** In Spark's off-heap memory (needs {@code spark.memory.offHeap.enabled}), else on disk. */
  OFF_HEAP;

  /** The default of {@link DataFrame#cache()}, as in Spark. */
  public static final StorageLevel DEFAULT = MEMORY_AND_DISK;

  /**
   * The level of that name, ignoring case and surrounding blanks: {@code "MEMORY_ONLY"}.
   *
   * @throws InvalidOptionException for any other name; the message lists the valid ones
   */
  public static StorageLevel of(String name) {
    if (name != null) {
      String wanted = name.trim().toUpperCase(Locale.ROOT);
      for (StorageLevel level : values()) {
        if (level.name().equals(wanted)) {
          return level;
        }
      }
    }
    throw new InvalidOptionException(
        "Unknown storage level '"
            + name
            + "'; valid levels: "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }
}
