/**
 * LibTorch for cdc: the runtime's set-up ({@link dev.cdc.training.LibTorchRuntime}, called once
 * by the CLI), the probe that says whether LibTorch loads, and the compute device.
 */
package dev.cdc.training;
