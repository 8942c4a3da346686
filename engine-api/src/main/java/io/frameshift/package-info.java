/**
 * Frameshift: one DataFrame API over a local in-process engine and Apache Spark SQL. Start with
 * {@link io.frameshift.Frameshift#create()}, read or create a {@link io.frameshift.DataFrame},
 * transform it with {@link io.frameshift.expr.Functions}, and collect, show or write it.
 */
package io.frameshift;
