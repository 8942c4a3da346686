package io.frameshift.error;

/**
 * A plan or expression is invalid, found by analysis before anything runs: an aggregate where a row
 * value is needed, a window function without an ordered window, an invalid type, a negative limit.
 * The message names the expression or value at fault and what is accepted instead.
 */
public class AnalysisException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public AnalysisException(String message) {
    super(message);
  }

  public AnalysisException(String message, Throwable cause) {
    super(message, cause);
  }
}
