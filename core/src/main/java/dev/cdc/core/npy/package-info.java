/**
 * NumPy {@code .npy} files of little-endian float32 (and the label types), read with every size
 * bounded before allocating.
 */
package dev.cdc.core.npy;
