/**
 * Exceptions: every failure is a {@link io.frameshift.error.FrameshiftException}, one subclass per
 * kind of failure.
 */
package io.frameshift.error;
