/** Descriptions of data sources and sinks, and the validated options of each format. */
package io.frameshift.io;
