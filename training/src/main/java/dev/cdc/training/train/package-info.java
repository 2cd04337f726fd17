/**
 * The training loop: the trainer and its listeners, the autoencoder and classifier tasks,
 * guidance variants, schedules and defaults.
 */
package dev.cdc.training.train;
