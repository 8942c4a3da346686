package io.frameshift.error;

/** A table or namespace named in a read, write or catalog call does not exist in its catalog. */
public class TableNotFoundException extends SourceNotFoundException {
  private static final long serialVersionUID = 1L;

  public TableNotFoundException(String message) {
    super(message);
  }

  public TableNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
