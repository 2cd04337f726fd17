package dev.cdc.cli;

import dev.cdc.bench.compare.CodecComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** PNG charts of `cdc bench` results, for docs/performance.md. */
final class BenchCharts {
    private BenchCharts() {
    }

    /** Throughput of each codec implementation by k, in M elements/s. */
    static void codec(Path png, List<CodecComparison.Row> rows) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(800).height(450)
                .title("CPU quantize-and-pack, one thread (M elements/s, higher is better)").xAxisTitle("k (bits)")
                .yAxisTitle("M elements/s").build();
        List<String> ks = rows.stream().map(r -> "k=" + r.bits()).toList();
        chart.addSeries("reference", ks, rows.stream().map(CodecComparison.Row::reference).toList());
        chart.addSeries("LibTorch op chain", ks, rows.stream().map(CodecComparison.Row::libtorchChain).toList());
        chart.addSeries("fast path", ks, rows.stream().map(CodecComparison.Row::fast).toList());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        String name = png.toString().endsWith(".png") ? png.toString().substring(0, png.toString().length() - 4) : png.toString();
        BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
    }
}
