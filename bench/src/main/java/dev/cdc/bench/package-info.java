/**
 * JMH benchmarks ({@code scripts/bench.sh}), each with its peer in the same run.
 */
package dev.cdc.bench;
