/**
 * The cloud's ingest service ({@code cdc serve}): the HTTP server and its limits, tokens, the
 * checks a chunk passes before it is stored, the durable chunk store, and the ingest benchmark.
 * The protocol is in docs/ingest.md.
 */
package dev.cdc.core.ingest;
