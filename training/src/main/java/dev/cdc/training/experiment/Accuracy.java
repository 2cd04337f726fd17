package dev.cdc.training.experiment;

import java.util.List;

/**
 * An accuracy over one or more runs (seeds).
 *
 * @param mean  the mean of {@code runs}
 * @param std   their sample standard deviation (0 for one run)
 * @param runs  each run's accuracy, in seed order
 */
public record Accuracy(double mean, double std, List<Double> runs) {

    public Accuracy {
        runs = List.copyOf(runs);
    }

    public static Accuracy of(List<Double> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("an accuracy needs at least one run");
        }
        double mean = runs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = runs.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum();
        double std = runs.size() > 1 ? Math.sqrt(squares / (runs.size() - 1)) : 0;
        return new Accuracy(mean, std, runs);
    }

    public static Accuracy single(double accuracy) {
        return of(List.of(accuracy));
    }

    /** {@code 91.23%} or {@code 91.23 ± 0.15% (3 seeds)}, in percent. */
    public String format() {
        if (runs.size() == 1) {
            return String.format("%.2f%%", 100 * mean);
        }
        return String.format("%.2f ± %.2f%% (%d)", 100 * mean, 100 * std, runs.size());
    }
}
