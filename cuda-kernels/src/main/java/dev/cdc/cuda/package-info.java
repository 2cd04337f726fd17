/**
 * The fused quantize-and-pack CUDA kernels: their sources, NVRTC compilation with a disk cache,
 * launches on raw device pointers through the driver API, and the GPU self-test against the
 * Java codec. No LibTorch.
 */
package dev.cdc.cuda;
