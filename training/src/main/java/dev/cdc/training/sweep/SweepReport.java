package dev.cdc.training.sweep;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The sweep as a Markdown table, best first within each latent and k. */
public final class SweepReport {
    private SweepReport() {
    }

    public static String table(SweepResult result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%s: %d training images, %d validation images held out of them (stratified, seed %d); "
                + "autoencoders %d epochs, cloud classifiers %d epochs; seeds %s%n%n", result.config().dataset(),
                result.trainImages(), result.validationImages(), result.config().seeds().get(0),
                result.config().autoencoderEpochs(), result.config().cloudRecipe().epochs(), result.config().seeds()));
        out.append("Guide on the validation images after each epoch: ").append(result.guideCurve().stream()
                .map(a -> String.format("%.2f%%", 100 * a)).collect(Collectors.joining(", "))).append("\n\n");
        out.append("Cloud classifier on the raw training part, raw validation images: ").append(result.raw().format())
                .append("\n\n");
        out.append("| latent | k | guidance | lambda | bytes/image | ratio | validation (R) | validation (C) | loss R | loss C |"
                + " guide on decoded | s |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        double baseline = result.raw().mean();
        List<SweepRow> rows = result.rows().stream().sorted(Comparator.comparingInt(SweepRow::latentChannels)
                .thenComparingInt(SweepRow::bits).thenComparing(r -> -(r.raw().mean() + r.codec().mean()))).toList();
        for (SweepRow r : rows) {
            out.append(String.format("| %d | %d | %s | %s | %.1f | %.1fx | %s | %s | %.2f | %.2f | %s | %.0f |%n",
                    r.latentChannels(), r.bits(), r.guidance(), r.guidance().equals("none") ? "-" : r.lambda()
                            + (r.guidance().equals("distill") ? " (T=" + r.temperature() + ")" : ""),
                    r.bytesPerImage(), r.ratio(), r.raw().format(), r.codec().format(), 100 * (baseline - r.raw().mean()),
                    100 * (baseline - r.codec().mean()), r.guideAccuracy().format(), r.seconds()));
        }
        return out.toString();
    }
}
