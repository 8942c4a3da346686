/**
 * Enrichment: {@code DataFrame.enrich(EnrichSpec)} calls an external HTTP service for each row (or
 * batch of rows) and adds its answer as typed columns, rate-limited, retried, behind a circuit
 * breaker, with a failure policy. This package holds the description of a call ({@link
 * io.frameshift.enrich.EnrichSpec}) and what an enrichment reports; the module {@code
 * frameshift-enrich-http} runs it.
 */
package io.frameshift.enrich;
