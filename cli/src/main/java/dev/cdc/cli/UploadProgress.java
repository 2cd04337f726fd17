package dev.cdc.cli;

import dev.cdc.core.upload.UploadListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows an upload: on a terminal a progress bar of records with the bytes sent, the current k
 * and the measured rate; otherwise a line every few seconds. Retries are always reported.
 */
final class UploadProgress implements UploadListener, AutoCloseable {
    private static final long LINE_EVERY_NANOS = 5_000_000_000L;
    private final ProgressBar bar;
    private final PrintWriter err;
    private long lastLine = System.nanoTime();

    UploadProgress(PrintWriter err, PrintStream terminal, long total, long done) {
        this.err = err;
        if (System.console() != null) {
            bar = new ProgressBarBuilder().setTaskName("upload").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).setUnit(" rec", 1).setConsumer(new ConsoleProgressBarConsumer(terminal)).build();
            bar.stepTo(done);
        } else {
            bar = null;
        }
    }

    @Override
    public void chunkAcknowledged(Progress p) {
        String status = String.format(Locale.ROOT, "k=%d  %s sent  %s/s", p.bits(), Quantities.bytes(p.bytesSent()),
                Quantities.bytes(p.linkRate()));
        if (bar != null) {
            bar.stepTo(p.recordsDone());
            bar.setExtraMessage(status);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= LINE_EVERY_NANOS || p.recordsDone() == p.recordsTotal()) {
            lastLine = now;
            err.printf(Locale.ROOT, "upload: %,d / %,d records, chunk %d, %s%n", p.recordsDone(), p.recordsTotal(), p.sequence(),
                    status);
            err.flush();
        }
    }

    @Override
    public void retrying(long sequence, int attempt, String cause, Duration delay) {
        err.printf(Locale.ROOT, "upload: chunk %d: %s; try %d in %.1f s%n", sequence, cause, attempt, delay.toMillis() / 1e3);
        err.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
