/** Column types ({@link io.frameshift.types.DataType}), fields and schemas. */
package io.frameshift.types;
