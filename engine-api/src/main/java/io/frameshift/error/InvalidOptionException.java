package io.frameshift.error;

/** An option key or value is not recognised; the message lists the accepted ones. */
public class InvalidOptionException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public InvalidOptionException(String message) {
    super(message);
  }

  public InvalidOptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
