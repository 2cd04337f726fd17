package dev.cdc.cli;

import dev.cdc.training.train.EpochLogListener;
import dev.cdc.training.train.TrainingListener;
import dev.cdc.training.train.TrainingPosition;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A training run's progress on a terminal: a bar per run with steps done, epoch and running
 * loss. The library only reports steps and epochs ({@link TrainingListener}); how they look is
 * the command line's business.
 */
final class TrainingProgressBar implements TrainingListener {
    private final PrintStream out;
    private ProgressBar bar;
    private double runningLoss = Double.NaN;

    TrainingProgressBar(PrintStream out) {
        this.out = out;
    }

    /** A progress bar on a terminal, one line per epoch otherwise (a log file, CI). */
    static TrainingListener forConsole(PrintStream out) {
        return System.console() != null ? new TrainingProgressBar(out) : new EpochLogListener(out);
    }

    @Override
    public void onStart(String task, int epochs, int batchesPerEpoch, TrainingPosition from) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) epochs * batchesPerEpoch)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(out)).build();
        bar.stepTo((long) from.epoch() * batchesPerEpoch + from.batch());
        runningLoss = Double.NaN;
    }

    @Override
    public void onStep(StepEvent event) {
        double loss = event.metrics().loss();
        if (!Double.isNaN(loss)) {
            runningLoss = Double.isNaN(runningLoss) ? loss : 0.95 * runningLoss + 0.05 * loss;
        }
        bar.stepTo(event.globalStep());
        bar.setExtraMessage(String.format("epoch %d/%d loss %.4f", event.epoch() + 1, event.epochs(), runningLoss));
    }

    @Override
    public void onEnd(String task) {
        bar.close();
    }
}
