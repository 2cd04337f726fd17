package dev.cdc.training.train;

import java.io.PrintStream;
import java.util.Map;

/** One line per epoch with its mean metrics: progress for logs, where a bar would be noise. */
public final class EpochLogListener implements TrainingListener {
    private final PrintStream out;

    public EpochLogListener(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(String task, int epochs, int batchesPerEpoch, TrainingPosition from) {
        out.printf("%s: %d epochs of %d steps%s%n", task, epochs, batchesPerEpoch,
                from.equals(TrainingPosition.START) ? "" : ", resuming at epoch " + (from.epoch() + 1) + " step " + from.batch());
    }

    @Override
    public void onEpochEnd(EpochEvent event) {
        StringBuilder line = new StringBuilder(String.format("%s: epoch %d/%d in %.0f s", event.task(), event.epoch() + 1,
                event.epochs(), event.seconds()));
        for (Map.Entry<String, Double> metric : event.meanMetrics().asMap().entrySet()) {
            line.append(String.format(", %s %.4f", metric.getKey(), metric.getValue()));
        }
        out.println(line);
    }
}
