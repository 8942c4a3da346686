package io.frameshift.error;

/**
 * A table commit failed after its retries (a concurrent writer kept winning, or the catalog
 * refused). The message names the table and the attempts made; the table is left at the last
 * snapshot that did commit and the failed write's files are removed.
 */
public class CommitFailedException extends OutputException {
  private static final long serialVersionUID = 1L;

  public CommitFailedException(String message) {
    super(message);
  }

  public CommitFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
