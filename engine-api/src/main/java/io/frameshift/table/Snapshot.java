package io.frameshift.table;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One committed version of a table.
 *
 * @param id the snapshot id, which {@code read().option("versionAsOf", id)} reads back
 * @param parentId the snapshot this one was committed on top of, or null for the first
 * @param committedAt when the commit happened
 * @param operation what the commit did: {@code append}, {@code overwrite}, {@code delete} or {@code
 *     replace}, as the table format records it
 * @param summary the commit's summary properties (row and file counts, and {@value #ENGINE} and
 *     {@value #TAG} where Frameshift wrote them)
 */
public record Snapshot(
    long id, Long parentId, Instant committedAt, String operation, Map<String, String> summary) {

  /** The summary property naming the engine that wrote a snapshot. */
  public static final String ENGINE = "frameshift.engine";

  /** The summary property holding the user's tag of a write ({@code option("tag", ..)}). */
  public static final String TAG = "frameshift.tag";

  public Snapshot {
    Objects.requireNonNull(committedAt, "committedAt");
    Objects.requireNonNull(operation, "operation");
    summary = Map.copyOf(summary);
  }

  /** The engine that wrote this snapshot, or {@code "unknown"} when another program did. */
  public String engine() {
    return summary.getOrDefault(ENGINE, "unknown");
  }
}
