/**
 * Engine placement: size estimates ({@link io.frameshift.select.Estimator}) and the rule that
 * places each plan node on an engine ({@link io.frameshift.select.Selector}).
 */
package io.frameshift.select;
