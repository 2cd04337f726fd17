/**
 * The latent codec of docs/codec.md: quantize to k bits and bit-pack, in a reference and a fast
 * CPU implementation that produce the same bytes. The CUDA kernels and the LibTorch path are
 * checked against these.
 */
package dev.cdc.core.codec;
