package io.frameshift.error;

/** A file or directory to read does not exist. */
public class SourceNotFoundException extends InputException {
  private static final long serialVersionUID = 1L;

  public SourceNotFoundException(String message) {
    super(message);
  }

  public SourceNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
