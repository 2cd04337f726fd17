/**
 * The cloud's ingest service ({@code cdc serve}): the HTTP server and its limits, tokens, the
 * checks a chunk passes before it is stored, and the durable chunk store. The protocol is in
 * docs/ingest.md; its benchmark is in the bench module.
 */
package dev.cdc.core.ingest;
