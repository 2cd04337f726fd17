/**
 * Model files without LibTorch: the bounded zip container every {@code .cdcm} and {@code .cdcc}
 * is, and the error a damaged or foreign one ends in. The training module builds and loads
 * models on top of it; an edge reads an encoder from it with no native library
 * (docs/model-files.md).
 */
package dev.cdc.core.modelfile;
