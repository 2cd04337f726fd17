/**
 * Comparisons that need LibTorch, shared by {@code cdc bench} and the JMH benchmarks: codec,
 * edge encoding, training step, each against a peer in the same run.
 */
package dev.cdc.bench.compare;
