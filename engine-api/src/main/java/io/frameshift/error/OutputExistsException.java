package io.frameshift.error;

/** A write in mode ERROR_IF_EXISTS found its target already there. */
public class OutputExistsException extends OutputException {
  private static final long serialVersionUID = 1L;

  public OutputExistsException(String message) {
    super(message);
  }

  public OutputExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
