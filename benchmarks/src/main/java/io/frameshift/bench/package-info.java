/**
 * Benchmarks: harnesses that run Frameshift's engines beside their peers in one JVM and print
 * ratios. Results and the commands that produced them go in docs/benchmarks.md.
 */
package io.frameshift.bench;
