package dev.cdc.training.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cdc.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The experiment's table, target checks, JSON and plot. */
public final class ExperimentReport {
    /** The paper's point: at least this much less upload ... */
    public static final double PAPER_RATIO = 15;
    /** ... at an accuracy loss of at most this many percentage points. */
    public static final double PAPER_LOSS = 1.06;
    public static final double GOAL_RATIO = 30;
    public static final double GOAL_LOSS = 1.0;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExperimentReport() {
    }

    /** CDC rows get the unguided loss at the same k over their own loss. */
    static List<ExperimentRow> withUnguidedRatios(List<ExperimentRow> rows) {
        List<ExperimentRow> out = new ArrayList<>();
        for (ExperimentRow row : rows) {
            if (row.method().equals("cdc")) {
                Optional<ExperimentRow> unguided = rows.stream()
                        .filter(r -> r.method().equals("unguided") && r.bits() == row.bits()).findFirst();
                Double ratio = unguided.map(u -> row.accuracyLoss() <= 0
                        ? (u.accuracyLoss() > 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                        : u.accuracyLoss() / row.accuracyLoss()).orElse(null);
                out.add(row.withUnguidedOverCdc(ratio));
            } else {
                out.add(row);
            }
        }
        return out;
    }

    /** Each target of the issue: met or missed, with the row that decides it. */
    static Map<String, String> targets(List<ExperimentRow> rows) {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("paper: >= 15x at <= 1.06 points loss", best(rows, PAPER_RATIO, PAPER_LOSS));
        targets.put("goal: >= 30x at <= 1.0 points loss", best(rows, GOAL_RATIO, GOAL_LOSS));
        StringBuilder halves = new StringBuilder();
        boolean all = true;
        for (ExperimentRow row : rows) {
            if (row.method().equals("cdc") && row.unguidedOverCdc() != null) {
                boolean met = row.unguidedOverCdc().isInfinite() || row.unguidedOverCdc() >= 2;
                all &= met;
                halves.append(String.format("k=%d %s; ", row.bits(), format(row.unguidedOverCdc())));
            }
        }
        targets.put("unguided loses >= 2x CDC's loss at the same k", (all ? "met: " : "missed: ") + halves.toString().strip());
        return targets;
    }

    private static String best(List<ExperimentRow> rows, double ratio, double loss) {
        return rows.stream().filter(r -> r.method().equals("cdc") && r.ratio() >= ratio && r.accuracyLoss() <= loss)
                .max((a, b) -> Double.compare(a.ratio(), b.ratio()))
                .map(r -> String.format("met by cdc k=%d: %.1fx at %.2f points", r.bits(), r.ratio(), r.accuracyLoss()))
                .orElseGet(() -> "missed; cdc rows: " + rows.stream().filter(r -> r.method().equals("cdc"))
                        .map(r -> String.format("k=%d %.1fx %.2f pts", r.bits(), r.ratio(), r.accuracyLoss()))
                        .reduce((a, b) -> a + ", " + b).orElse("none"));
    }

    private static String format(Double ratio) {
        if (ratio == null || ratio.isNaN()) {
            return "n/a";
        }
        return ratio.isInfinite() ? "inf (CDC lost nothing)" : String.format("%.2fx", ratio);
    }

    /** The table as Markdown, as the README and the closing notes show it. */
    public static String table(ExperimentResult result) {
        StringBuilder out = new StringBuilder();
        out.append("| method | k | setting | bytes/image | ratio vs raw | test accuracy | loss vs raw (pts) | unguided loss / CDC loss | train s | wall s |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (ExperimentRow r : result.rows()) {
            out.append(String.format("| %s | %s | %s | %.1f | %.1fx | %.2f%% | %.2f | %s | %.0f | %.0f |%n", r.method(),
                    r.method().equals("jpeg") ? "-" : Integer.toString(r.bits()), r.setting(), r.bytesPerImage(), r.ratio(),
                    100 * r.accuracy(), r.accuracyLoss(), r.unguidedOverCdc() == null ? "" : format(r.unguidedOverCdc()),
                    r.trainSeconds(), r.wallSeconds()));
        }
        return out.toString();
    }

    static void writeJson(Path file, ExperimentResult result) throws IOException {
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(result));
    }

    /** A {@code results.json} written by {@link #writeJson}. */
    public static ExperimentResult readJson(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), ExperimentResult.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new dev.cdc.core.CdcFormatException(file, "not an experiment's results.json: " + e.getOriginalMessage());
        }
    }

    /** The comparison row (a width trained from scratch) is its own point, not part of CDC's line. */
    private static String seriesOf(ExperimentRow row) {
        return row.method().equals("cdc") && row.setting().startsWith("trained from scratch (compare")
                ? "cdc, from scratch for comparison" : row.method();
    }

    /** Accuracy against bytes per image, one series per method, bytes on a log axis. */
    public static void writePlot(Path file, ExperimentResult result) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("cdc experiment: " + result.config().dataset() + " (" + result.trainImages() + " training images)")
                .xAxisTitle("upload bytes per image (log scale)").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(9);
        for (String series : List.of("cdc", "cdc, from scratch for comparison", "unguided", "jpeg", "raw")) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            result.rows().stream().filter(r -> seriesOf(r).equals(series))
                    .sorted((a, b) -> Double.compare(a.bytesPerImage(), b.bytesPerImage())).forEach(r -> {
                        x.add(r.bytesPerImage());
                        y.add(100 * r.accuracy());
                    });
            if (!x.isEmpty()) {
                XYSeries line = chart.addSeries(series, x, y);
                line.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
