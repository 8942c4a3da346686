/**
 * The local engine: storage ({@link io.frameshift.local.Vec} columns with {@link
 * io.frameshift.local.Bits} null masks, framed as {@link io.frameshift.local.LocalFrame}), the
 * expressions and kernels over it, and the engine that runs plans with them; its file formats live
 * in {@code io.frameshift.local.format}, beside it.
 *
 * <p>API here is only {@link io.frameshift.local.LocalFrames} and the engine as engine-api's {@code
 * io.frameshift.spi.Engine}. The other public types (storage, the text forms of values, the Arrow
 * converter) are the local engine's internals, public only for the format package.
 */
package io.frameshift.local;
