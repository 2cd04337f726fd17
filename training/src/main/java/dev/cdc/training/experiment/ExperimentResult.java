package dev.cdc.training.experiment;

import java.util.List;
import java.util.Map;

/**
 * What {@code cdc experiment} measured, as its JSON file holds it.
 *
 * @param config         the run's settings
 * @param classNames     the data set's classes, by label
 * @param guideAccuracy  the guidance classifier's accuracy on the raw test images
 * @param rows           the table
 * @param targets        each target of the issue and whether it was met
 * @param files          where the JSON, the plot and the models went
 * @param seconds        wall time of the whole experiment
 */
public record ExperimentResult(ExperimentConfig config, int trainImages, int testImages, List<String> classNames,
        double guideAccuracy,
        List<ExperimentRow> rows, Map<String, String> targets, Map<String, String> files, double seconds,
        Map<String, Object> provenance) {
}
