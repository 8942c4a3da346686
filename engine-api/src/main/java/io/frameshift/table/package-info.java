/**
 * Values that describe tables in a catalog: {@link io.frameshift.table.Snapshot}, {@link
 * io.frameshift.table.PartitionSpec} and its {@link io.frameshift.table.PartitionField}s. The
 * session's {@link io.frameshift.Frameshift#catalog(String)} and {@link
 * io.frameshift.Frameshift#table(String)} are where tables are listed, created, read and changed.
 */
package io.frameshift.table;
