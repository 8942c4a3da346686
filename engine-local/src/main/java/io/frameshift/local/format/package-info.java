/**
 * The local engine's file formats: CSV, JSON lines, Arrow IPC files and the dataset layout they
 * share (one file or a directory of part files, written atomically). Readers decode straight into
 * storage ({@link io.frameshift.local.Vec} from primitive arrays and {@link
 * io.frameshift.local.Bits} null masks, framed as a {@link io.frameshift.local.LocalFrame}); they
 * depend on storage and on {@code io.frameshift.io}, never on the engine, its expressions or its
 * kernels. {@link io.frameshift.local.format.Formats} is the engine's one entry point.
 *
 * <p>The local engine's internals, not API: users reach these formats through {@code
 * io.frameshift.Frameshift} readers and writers, and local frames through {@code
 * io.frameshift.local.LocalFrames}.
 */
package io.frameshift.local.format;
