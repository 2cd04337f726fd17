/**
 * What every reader and writer of cdc's files shares: {@link dev.cdc.core.CdcFormatException},
 * the one-line error for a file that is not what it claims. The module is pure Java, so its
 * tests run in seconds without LibTorch.
 */
package dev.cdc.core;
