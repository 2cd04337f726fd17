package dev.cdc.training.experiment;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The experiment's picture: accuracy against upload bytes per image, as {@code accuracy-vs-bytes.png}. */
public final class AccuracyBytesPlot {
    private AccuracyBytesPlot() {
    }

    private static String seriesOf(ExperimentRow row) {
        return row.scratchComparison() ? "cdc, from scratch for comparison" : row.method();
    }

    /**
     * Accuracy against bytes per image, one series per method and protocol: solid lines are (R),
     * the raw test images; dashed lines (C), the test images through the row's codec. Bytes on a
     * log axis.
     */
    public static void write(Path file, ExperimentResult result) throws IOException {
        XYChart chart = new XYChartBuilder().width(960).height(600)
                .title("cdc experiment: " + result.config().dataset() + " (" + result.trainImages()
                        + " training images); solid: raw test images (R), dashed: through the codec (C)")
                .xAxisTitle("upload bytes per image (log scale)").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(8);
        for (String series : List.of("cdc", "cdc+rans", "cdc, from scratch for comparison", "unguided", "jpeg", "raw")) {
            for (boolean codec : new boolean[] {false, true}) {
                if (codec && series.equals("raw")) {
                    continue; // the raw row has no codec: (C) is (R)
                }
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                result.rows().stream().filter(r -> seriesOf(r).equals(series))
                        .sorted(Comparator.comparingDouble(ExperimentRow::bytesPerImage)).forEach(r -> {
                            x.add(r.bytesPerImage());
                            y.add(100 * (codec ? r.codec() : r.raw()).mean());
                        });
                if (!x.isEmpty()) {
                    XYSeries line = chart.addSeries(series + (codec ? " (C)" : " (R)"), x, y);
                    line.setMarker(codec ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
                    if (codec) {
                        line.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                                new float[] {6f, 4f}, 0f));
                    }
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
