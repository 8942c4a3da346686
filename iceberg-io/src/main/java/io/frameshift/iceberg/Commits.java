package io.frameshift.iceberg;

import io.frameshift.error.CommitFailedException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.iceberg.exceptions.CommitStateUnknownException;
import org.apache.iceberg.jdbc.UncheckedSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits tried again where trying again is safe. Iceberg retries a conflicting commit itself
 * ({@code commit.retry.num-retries}), but not a JDBC catalog's locked SQLite database, which
 * surfaces as {@code UncheckedSQLException("Unknown failure")}; and its default of 4 retries loses
 * appends under a few concurrent writers. Each attempt here rebuilds the operation on the table's
 * latest metadata, after an exponential backoff with jitter.
 */
final class Commits {
  private static final Logger LOG = LoggerFactory.getLogger(Commits.class);
  private static final long BASE_MILLIS = 25;
  private static final long MAX_MILLIS = 2000;

  private Commits() {}

  /** Why a commit failed for good. */
  static final class Failed extends CommitFailedException {
    private static final long serialVersionUID = 1L;

    /** Whether the commit may have happened after all (then its files must stay). */
    final boolean stateUnknown;

    Failed(String message, Throwable cause, boolean stateUnknown) {
      super(message, cause);
      this.stateUnknown = stateUnknown;
    }
  }

  /**
   * Runs {@code attempt} until it succeeds, at most {@code retries + 1} times.
   *
   * @throws Failed naming the table and the attempts made
   */
  static <T> T run(String table, String what, int retries, Supplier<T> attempt) {
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (CommitStateUnknownException e) {
        throw new Failed(
            "The "
                + what
                + " of table "
                + table
                + " may or may not have committed (the catalog did not answer): "
                + e.getMessage(),
            e,
            true);
      } catch (RuntimeException e) {
        if (!retryable(e)) {
          throw e;
        }
        if (n > retries) {
          throw new Failed(
              "The "
                  + what
                  + " of table "
                  + table
                  + " failed after "
                  + n
                  + " attempts (frameshift.iceberg.commitRetries="
                  + retries
                  + "): "
                  + e.getMessage(),
              e,
              false);
        }
        LOG.debug(
            "{} of {} conflicted (attempt {}), trying again: {}", what, table, n, e.toString());
        backoff(n);
      }
    }
  }

  /** A concurrent commit won, or the catalog's database was locked: nothing was committed. */
  static boolean retryable(Throwable e) {
    if (e instanceof org.apache.iceberg.exceptions.CommitFailedException) {
      return true;
    }
    if (e instanceof UncheckedSQLException) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("SQLITE_BUSY")
            || m.contains("SQLITE_LOCKED")
            || m.contains("database is locked")) {
          return true;
        }
      }
    }
    return false;
  }

  private static void backoff(int attempt) {
    long cap = Math.min(MAX_MILLIS, BASE_MILLIS << Math.min(attempt, 16));
    long sleep = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    try {
      Thread.sleep(sleep);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommitFailedException("Interrupted while waiting to retry a commit", e);
    }
  }
}
