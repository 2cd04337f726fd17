package dev.cdc.training.train;

/**
 * How long and in what order a task trains.
 *
 * @param epochs     passes over the data
 * @param batchSize  samples per step
 * @param seed       decides the sample order of every epoch
 */
public record FitOptions(int epochs, int batchSize, long seed) {
    public FitOptions {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs " + epochs + " is not valid: expected 0 or more");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " is not valid: expected at least 1");
        }
    }
}
