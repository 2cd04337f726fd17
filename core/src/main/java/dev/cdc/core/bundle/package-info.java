/**
 * A bundle: one fine-tuned encoder/decoder pair per k in a directory, with a manifest of
 * fingerprints and codecs. Read here without loading any model, so the ingest service needs no
 * LibTorch.
 */
package dev.cdc.core.bundle;
