package io.frameshift.error;

/**
 * An expression applies an operation to types it does not accept; thrown by analysis, before
 * anything runs.
 */
public class TypeMismatchException extends AnalysisException {
  private static final long serialVersionUID = 1L;

  public TypeMismatchException(String message) {
    super(message);
  }

  public TypeMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
