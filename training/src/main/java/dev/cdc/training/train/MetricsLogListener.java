package dev.cdc.training.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends one JSON line per epoch (task, epoch, mean metrics, seconds) to a metrics file. Jobs on
 * several threads may share one: each line is written whole.
 */
public final class MetricsLogListener implements TrainingListener {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path file;

    public MetricsLogListener(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void onEpochEnd(EpochEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("task", event.task());
        line.put("epoch", event.epoch() + 1);
        line.put("epochs", event.epochs());
        line.put("seconds", event.seconds());
        line.putAll(event.meanMetrics().asMap());
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, MAPPER.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append metrics to " + file, e);
        }
    }
}
