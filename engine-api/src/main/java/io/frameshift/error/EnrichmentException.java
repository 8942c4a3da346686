package io.frameshift.error;

/**
 * A call of {@code DataFrame.enrich} failed for good under {@code FailurePolicy.FAIL}: the message
 * names the enrichment, the row (its key columns, or its position), the request, the last status or
 * error and the attempts made.
 */
public class EnrichmentException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final int status;
  private final int attempts;

  /**
   * @param message the whole message, naming the row, URL, status and attempts
   * @param url the request's URL
   * @param status the last HTTP status, -1 when no answer came (timeout, dropped connection, open
   *     circuit breaker)
   * @param attempts the attempts made
   * @param cause the last error, or null
   */
  public EnrichmentException(
      String message, String url, int status, int attempts, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.status = status;
    this.attempts = attempts;
  }

  /** The URL of the failed request. */
  public String url() {
    return url;
  }

  /** The last HTTP status, -1 when no answer came. */
  public int status() {
    return status;
  }

  /** The attempts made. */
  public int attempts() {
    return attempts;
  }
}
