package dev.cdc.training.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a training step measured, or an epoch's mean of it: the loss the optimizer minimised, and
 * further named measurements for the logs (a reconstruction error, a guide's accuracy). The loss
 * is a field of its own, so that nothing has to find it by name.
 */
public final class Metrics {
    /** What a run that had nothing left to train reports. */
    public static final Metrics NONE = new Metrics(Double.NaN, Map.of());
    private final double loss;
    private final Map<String, Double> others;

    private Metrics(double loss, Map<String, Double> others) {
        this.loss = loss;
        this.others = Collections.unmodifiableMap(others);
    }

    /** A step's metrics: its loss, with no other measurement yet. */
    public static Metrics loss(double loss) {
        return new Metrics(loss, Map.of());
    }

    /** These metrics and one more named measurement (the name must not be {@code loss}). */
    public Metrics with(String name, double value) {
        if (name.equals("loss")) {
            throw new IllegalArgumentException("the loss is not a named measurement: give it to Metrics.loss");
        }
        Map<String, Double> more = new LinkedHashMap<>(others);
        more.put(name, value);
        return new Metrics(loss, more);
    }

    public double loss() {
        return loss;
    }

    /** A named measurement, for logs and tests; NaN when this step did not measure it. */
    public double get(String name) {
        return name.equals("loss") ? loss : others.getOrDefault(name, Double.NaN);
    }

    /** The loss first, then the other measurements in the order they were added: what logs and metrics files show. */
    public Map<String, Double> asMap() {
        Map<String, Double> all = new LinkedHashMap<>();
        all.put("loss", loss);
        all.putAll(others);
        return all;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    /** Running sums of steps' metrics, for an epoch's means. */
    static final class Sum {
        private final Map<String, Double> sums = new LinkedHashMap<>();
        private double loss;
        private int steps;

        void add(Metrics metrics) {
            loss += metrics.loss;
            metrics.others.forEach((name, value) -> sums.merge(name, value, Double::sum));
            steps++;
        }

        /** The means over the steps added; {@link #NONE} when there were none. */
        Metrics mean() {
            if (steps == 0) {
                return NONE;
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((name, sum) -> means.put(name, sum / steps));
            return new Metrics(loss / steps, means);
        }
    }
}
