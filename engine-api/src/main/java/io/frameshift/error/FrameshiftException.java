package io.frameshift.error;

/**
 * The root of every exception Frameshift throws. Unchecked: a failure names the value at fault and,
 * where there is a choice, lists the alternatives.
 */
public class FrameshiftException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FrameshiftException(String message) {
    super(message);
  }

  public FrameshiftException(String message, Throwable cause) {
    super(message, cause);
  }
}
