package dev.cdc.core.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.data.ImageSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class JpegBaselineTest {

    private static ImageSet gradients(int count, int channels) {
        int side = 28;
        byte[] pixels = new byte[count * channels * side * side];
        for (int i = 0; i < pixels.length; i++) {
            int x = i % side;
            int y = (i / side) % side;
            pixels[i] = (byte) ((x * 9 + y * 3 + i / (side * side) * 17) % 256);
        }
        return new ImageSet(channels, side, side, pixels, new int[count], List.of("a", "b"));
    }

    @Test
    void tablesAreCountedOnceAndImagesComeBackClose() {
        ImageSet set = gradients(5, 1);
        JpegBaseline.Result high = JpegBaseline.run(set, 0.95f);
        JpegBaseline.Result low = JpegBaseline.run(set, 0.2f);
        byte[] full = JpegBaseline.encode(set, 0, 0.95f);
        assertTrue(high.tableBytes() > 100, "a baseline JPEG carries DQT and DHT tables");
        assertTrue(high.imageBytes() / 5 < full.length - high.tableBytes() + 1, "per-image bytes exclude the tables");
        assertTrue(low.imageBytes() < high.imageBytes(), "lower quality, fewer bytes");
        double error = 0;
        for (int i = 0; i < set.pixels().length; i++) {
            error = Math.max(error, Math.abs((set.pixels()[i] & 0xFF) - (high.decoded()[i] & 0xFF)));
        }
        assertTrue(error < 40, "quality 0.95 reproduces a gradient closely, max error " + error);
        assertEquals(5, high.count());
    }

    @Test
    void qualitySearchLandsNearTheTarget() {
        ImageSet set = gradients(4, 1);
        double target = JpegBaseline.run(set, 0.5f).bytesPerImage(1);
        float quality = JpegBaseline.qualityFor(set, target, 1);
        assertTrue(Math.abs(JpegBaseline.run(set, quality).bytesPerImage(1) - target) <= target * 0.1,
                "quality " + quality + " for " + target + " bytes");
    }

    @Test
    void colourImagesRoundTrip() {
        ImageSet set = gradients(2, 3);
        JpegBaseline.Result result = JpegBaseline.run(set, 0.9f);
        assertEquals(set.pixels().length, result.decoded().length);
    }
}
