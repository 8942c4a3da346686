package io.frameshift.error;

/** A condition or expression string could not be parsed; the message shows where. */
public class ParseException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public ParseException(String message) {
    super(message);
  }

  public ParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
