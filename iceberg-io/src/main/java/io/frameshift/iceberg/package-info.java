/**
 * Apache Iceberg tables read and written by both engines. Not implemented yet: see the Iceberg
 * issue; this module holds only its package so the layout of the design is in place.
 */
package io.frameshift.iceberg;
