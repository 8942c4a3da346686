/**
 * The Arrow converter layer shared by the engines: the type mapping ({@link
 * io.frameshift.arrow.ArrowTypes}) and streams of record batches ({@link
 * io.frameshift.arrow.ArrowBatches}). Only this package and the engines' own converter classes
 * import Arrow.
 */
package io.frameshift.arrow;
