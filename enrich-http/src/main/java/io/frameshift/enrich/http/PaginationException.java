package io.frameshift.enrich.http;

import io.frameshift.error.FrameshiftException;

/**
 * A {@link RestApi} source's pages do not end: a cursor came back that was already followed (the
 * API loops), or the API still had pages after {@link RestApi#maxPages()}. The message names the
 * page, the cursor or bound, and the setting to change.
 */
public class PaginationException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public PaginationException(String message) {
    super(message);
  }
}
