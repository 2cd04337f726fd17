/**
 * One model's training from start to file, with checkpoints and resuming: what {@code cdc
 * train} and {@code cdc finetune} run.
 */
package dev.cdc.training.run;
