package dev.cdc.training.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error per run: steps done, epoch, and the running loss. */
public final class ProgressListener implements TrainingListener {
    private final PrintStream out;
    private ProgressBar bar;
    private double runningLoss = Double.NaN;

    public ProgressListener(PrintStream out) {
        this.out = out;
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
        Double loss = event.metrics().get("loss");
        if (loss != null) {
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
