/**
 * Model files ({@code .cdcm}, {@code .cdcc}) and checkpoints, read with every entry and size
 * bounded (docs/model-files.md).
 */
package dev.cdc.training.store;
