/**
 * The platform and its native backends: what is installed, probed once with the cause of a
 * failure kept, and how many threads LibTorch gets.
 */
package dev.cdc.nativeconfig;
