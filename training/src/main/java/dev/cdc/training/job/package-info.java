/**
 * Jobs the commands, the experiment and the sweep share, each with typed settings and a typed
 * result: a command parses its options into the settings, runs the job and prints the result.
 */
package dev.cdc.training.job;
