package io.frameshift.error;

/** Input data does not match what was expected; the message names the file, line and column. */
public class InputException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
