package io.frameshift.enrich.http;

import io.frameshift.error.FrameshiftException;

/**
 * A request of a {@link RestApi} source failed for good (after its retries, or refused by the
 * circuit breaker): the message names the source, the page, the request, the last status or error
 * and the attempts made.
 */
public class RestApiException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final int status;

  public RestApiException(String message, String url, int status, Throwable cause) {
    super(message, cause);
    this.url = url;
    this.status = status;
  }

  /** The failed request's URL. */
  public String url() {
    return url;
  }

  /** The last HTTP status, -1 when no answer came. */
  public int status() {
    return status;
  }
}
