package io.frameshift.enrich;

/** What an enrichment does with a row whose call failed for good (after its retries). */
public enum FailurePolicy {
  /**
   * Fail the job with an {@link io.frameshift.error.EnrichmentException} naming the row, the URL,
   * the last status and the attempts.
   */
  FAIL,
  /**
   * Keep the row: its output columns are null and the error column says why; {@code
   * DataFrame.enrichWithDeadLetters} splits such rows off into a dead-letter frame.
   */
  CONTINUE
}
