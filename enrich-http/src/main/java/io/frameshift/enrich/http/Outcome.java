package io.frameshift.enrich.http;

import com.fasterxml.jackson.databind.JsonNode;

/** How one call ended: the answer, or the reason it failed for good. */
sealed interface Outcome {

  /** The parsed answer of a 2xx response. */
  record Answer(JsonNode json) implements Outcome {}

  /**
   * The call failed for good.
   *
   * @param reason what happened, e.g. {@code HTTP 503 after 4 attempts}
   * @param url the request's URL
   * @param status the last HTTP status, -1 without an answer
   * @param attempts attempts made
   * @param cause the last exception, or null
   */
  record Failure(String reason, String url, int status, int attempts, Throwable cause)
      implements Outcome {}
}
