/**
 * Execution metrics: {@link io.frameshift.metrics.ExecutionListener} events for every node,
 * transfer and fallback, {@link io.frameshift.metrics.ProgressEvent progress} of long reads and
 * writes, and per-engine totals in {@link io.frameshift.metrics.Metrics}.
 */
package io.frameshift.metrics;
