/**
 * Bundles with their models loaded: creating one from trained models, and the edge's chunk
 * source that encodes with the pair for each k.
 */
package dev.cdc.training.bundle;
