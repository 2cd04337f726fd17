/**
 * The ablation that chose the defaults ({@code cdc sweep}), judged on a validation split held
 * out of the training set.
 */
package dev.cdc.training.sweep;
