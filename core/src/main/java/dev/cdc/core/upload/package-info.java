/**
 * The edge's side of the upload ({@code cdc upload}): chunks in flight over kept-alive HTTP
 * connections, retries, the journal that makes a run resumable, and the policy that picks k
 * from the measured link.
 */
package dev.cdc.core.upload;
