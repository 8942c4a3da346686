package io.frameshift.error;

/**
 * A write failed. The message names the target; the previous data at the target is left intact
 * (writes are atomic).
 */
public class OutputException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public OutputException(String message) {
    super(message);
  }

  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
