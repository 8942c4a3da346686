package io.frameshift.error;

/**
 * A table merge found a target row that matches more than one source row: which source row would
 * change it is undefined, so the merge commits nothing (as SQL's MERGE refuses). The message names
 * the table, the condition and the key of such rows.
 */
public class MultipleMatchException extends InputException {
  private static final long serialVersionUID = 1L;

  public MultipleMatchException(String message) {
    super(message);
  }

  public MultipleMatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
