package io.frameshift.error;

/**
 * An engine failed for a reason of its own (unreachable cluster, lost executor, memory guard), not
 * because of the user's plan; such a failure may be retried on another engine.
 */
public class EngineException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public EngineException(String message) {
    super(message);
  }

  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
