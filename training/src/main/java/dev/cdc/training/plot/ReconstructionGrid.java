package dev.cdc.training.plot;

import dev.cdc.training.model.ImageShape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG of originals (top row of each pair) above their reconstructions, for looking at; without
 * originals, the reconstructions alone.
 */
public final class ReconstructionGrid {
    private static final int GAP = 2;
    private static final int SCALE = 3;

    private ReconstructionGrid() {
    }

    /**
     * @param originals       images in [0, 1], CHW each; null when they are not at hand
     * @param reconstructions the same images after the codec and decoder
     * @param count           how many to show (the first ones)
     * @param columns         images per row
     */
    public static void write(Path file, ImageShape shape, float[] originals, float[] reconstructions, int count, int columns)
            throws IOException {
        int rows = (count + columns - 1) / columns;
        int rowsPerImage = originals == null ? 1 : 2;
        int cellW = shape.width() * SCALE + GAP;
        int cellH = shape.height() * SCALE + GAP;
        BufferedImage grid = new BufferedImage(columns * cellW + GAP, rows * rowsPerImage * cellH + GAP, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < count; i++) {
            int x0 = GAP + (i % columns) * cellW;
            int y0 = GAP + (i / columns) * rowsPerImage * cellH;
            if (originals != null) {
                paint(grid, shape, originals, i, x0, y0);
            }
            paint(grid, shape, reconstructions, i, x0, y0 + (rowsPerImage - 1) * cellH);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(grid, "png", file.toFile());
    }

    private static void paint(BufferedImage grid, ImageShape shape, float[] images, int index, int x0, int y0) {
        int plane = shape.height() * shape.width();
        int base = index * shape.pixels();
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int[] rgb = new int[3];
                for (int c = 0; c < 3; c++) {
                    int channel = shape.channels() == 1 ? 0 : c;
                    float v = images[base + channel * plane + y * shape.width() + x];
                    rgb[c] = Math.max(0, Math.min(255, Math.round(v * 255)));
                }
                int color = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        grid.setRGB(x0 + x * SCALE + dx, y0 + y * SCALE + dy, color);
                    }
                }
            }
        }
    }
}
