/**
 * The ingest benchmark ({@code cdc bench ingest}): edges upload to a real service on loopback,
 * against the same chunks written to the store directly, with each pass's CPU split by role.
 */
package dev.cdc.bench.ingest;
