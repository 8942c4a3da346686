package io.frameshift.error;

/** An engine was asked for an operation or format it declares it does not support. */
public class UnsupportedCapabilityException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public UnsupportedCapabilityException(String message) {
    super(message);
  }

  public UnsupportedCapabilityException(String message, Throwable cause) {
    super(message, cause);
  }
}
