/**
 * Frameshift's internals, the path an action takes after the {@link io.frameshift.DataFrame}: the
 * analyzer that builds and checks plans, the estimator and selector that place them, and the
 * executor that runs them on the engines. Not API: applications use {@code io.frameshift}, engines
 * {@code io.frameshift.spi}; anything here may change in any release.
 */
package io.frameshift.internal;
