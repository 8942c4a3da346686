package io.frameshift.error;

/**
 * A value could not be computed under ANSI rules: integer overflow, division by zero, an invalid
 * cast. Both engines throw it for the same inputs.
 */
public class EvaluationException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message);
  }

  public EvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
