package io.frameshift.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a long read or write has got: sent to {@link ExecutionListener#onProgress} once the work
 * has run for a while (setting {@code frameshift.progress.after}, 2 s by default), then about once
 * a second (setting {@code frameshift.progress.every}), and a last time, {@link #finished()}, when
 * it completes. {@link #describe()} renders it as the session logs it.
 *
 * @param direction whether data is read or written
 * @param target what is read or written: the format and path, e.g. {@code csv data/x.csv}
 * @param engine the engine doing the work
 * @param rows rows done so far, -1 when the engine has not counted them (yet)
 * @param bytes bytes done so far: read from the files, or written to them
 * @param totalBytes bytes the work comes to when known in advance (the sizes of the files read), -1
 *     when unknown (every write, a remote source)
 * @param elapsed time since the work started
 * @param finished whether the work is complete: the last event of this read or write
 */
public record ProgressEvent(
    Direction direction,
    String target,
    String engine,
    long rows,
    long bytes,
    long totalBytes,
    Duration elapsed,
    boolean finished) {

  /** Whether data is read or written. */
  public enum Direction {
    /** Data read from a source. */
    READ,
    /** Data written to a sink. */
    WRITE,
    /**
     * Rows sent to an external service ({@code DataFrame.enrich}); the target is the enrichment's
     * name, the bytes are 0 and the rows are those done.
     */
    CALL
  }

  /** Bytes per second since the start; 0 before any time has passed. */
  public double bytesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : bytes / seconds;
  }

  /** Rows per second since the start; 0 when rows are not counted or no time has passed. */
  public double rowsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 || rows < 0 ? 0 : rows / seconds;
  }

  /** The share of {@link #totalBytes()} done, between 0 and 1; -1 when the total is unknown. */
  public double fraction() {
    if (totalBytes < 0) {
      return -1;
    }
    return totalBytes == 0 ? 1 : Math.min(1, (double) bytes / totalBytes);
  }

  /**
   * The time still to go at the rate so far, when the total is known and some bytes are done; zero
   * once finished.
   */
  public Optional<Duration> eta() {
    if (finished) {
      return Optional.of(Duration.ZERO);
    }
    double rate = bytesPerSecond();
    if (totalBytes < 0 || rate <= 0) {
      return Optional.empty();
    }
    double seconds = Math.max(0, totalBytes - bytes) / rate;
    return Optional.of(Duration.ofMillis((long) (seconds * 1000)));
  }

  /**
   * One line, as the session logs it: {@code Reading parquet data/x on local: 1.2 GB of 2.6 GB
   * (46%), 85.0 MB/s, ETA 16 s}; once finished, {@code Read parquet data/x on local: 2.6 GB, 10000
   * rows in 31 s (85.0 MB/s)}.
   */
  public String describe() {
    if (direction == Direction.CALL) {
      return String.format(
          Locale.ROOT,
          "%s %s on %s: %d rows%s, %.0f rows/s",
          finished ? "Called" : "Calling",
          target,
          engine,
          Math.max(0, rows),
          finished ? " in " + seconds(elapsed) : "",
          rowsPerSecond());
    }
    boolean read = direction == Direction.READ;
    StringBuilder sb = new StringBuilder();
    sb.append(finished ? (read ? "Read " : "Wrote ") : (read ? "Reading " : "Writing "))
        .append(target)
        .append(" on ")
        .append(engine)
        .append(": ")
        .append(size(bytes));
    if (totalBytes >= 0 && !finished) {
      sb.append(" of ")
          .append(size(totalBytes))
          .append(String.format(Locale.ROOT, " (%.0f%%)", fraction() * 100));
    }
    if (rows >= 0) {
      sb.append(", ").append(rows).append(" rows");
    }
    String rate = size(Math.round(bytesPerSecond())) + "/s";
    if (finished) {
      sb.append(" in ").append(seconds(elapsed)).append(" (").append(rate).append(')');
    } else {
      sb.append(", ").append(rate);
      eta().ifPresent(d -> sb.append(", ETA ").append(seconds(d)));
    }
    return sb.toString();
  }

  private static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms < 10_000
        ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
        : Math.round(ms / 1000.0) + " s";
  }
}
