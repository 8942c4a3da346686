package io.frameshift.error;

/** The session was used after {@link io.frameshift.Frameshift#close()}: open a new session. */
public class SessionClosedException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public SessionClosedException(String message) {
    super(message);
  }

  public SessionClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
