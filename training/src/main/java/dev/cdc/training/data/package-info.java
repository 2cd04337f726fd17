/**
 * Images as training needs them: normalised tensors, batches, seeded shuffles and augmentation.
 */
package dev.cdc.training.data;
