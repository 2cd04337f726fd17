package dev.cdc.training.sweep;

import dev.cdc.training.experiment.Accuracy;
import java.util.List;
import java.util.Map;

/**
 * What {@code cdc sweep} measured, as its JSON file holds it.
 *
 * @param config          the sweep's settings
 * @param trainImages     images trained on (the training part)
 * @param validationImages images judged on
 * @param guideCurve      the guide's validation accuracy after each epoch: where it plateaus
 * @param raw             the cloud classifier trained on the raw training part, on the raw validation images
 * @param rows            one per combination, in the order they finished
 * @param seconds         wall time so far
 * @param provenance      versions and date
 */
public record SweepResult(SweepConfig config, int trainImages, int validationImages, List<Double> guideCurve, Accuracy raw,
        List<SweepRow> rows, double seconds, Map<String, Object> provenance) {
}
