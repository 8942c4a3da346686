/**
 * The service-provider interface that engines implement: {@link io.frameshift.spi.Engine}, found
 * through {@link io.frameshift.spi.EngineProvider}.
 */
package io.frameshift.spi;
