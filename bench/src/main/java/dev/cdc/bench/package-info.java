/**
 * JMH benchmarks ({@code scripts/bench.sh}), each with its peer in the same run. The comparisons
 * they share with {@code cdc bench} are in {@code compare}, the ingest benchmark in {@code ingest}.
 */
package dev.cdc.bench;
