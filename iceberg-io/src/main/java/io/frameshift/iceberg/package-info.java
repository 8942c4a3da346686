/**
 * Apache Iceberg tables for Frameshift: {@link io.frameshift.iceberg.IcebergTableProvider} opens
 * the catalogs that {@code frameshift.catalog.NAME.*} settings configure (an embedded JDBC catalog
 * on SQLite when none is), and implements the table SPI of {@code io.frameshift.spi} with Iceberg's
 * Java API: scans pinned to a snapshot, writes committed with retries, snapshots and rollbacks. The
 * Spark engine reads and writes the same tables through Iceberg's Spark catalog, configured from
 * the same settings.
 */
package io.frameshift.iceberg;
