package io.frameshift.error;

/** A value cannot move between representations exactly; the message names the column. */
public class ConversionException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public ConversionException(String message) {
    super(message);
  }

  public ConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
