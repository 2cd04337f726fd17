package dev.cdc.training.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocol (C) sees exactly what the cloud decodes from a real shard. */
class CodecPassageTest {
    @TempDir
    Path dir;

    @Test
    void passageEqualsEncodingToAShardAndDecodingIt() throws IOException {
        ImageShape shape = new ImageShape(1, 12, 12);
        SplittableRandom random = new SplittableRandom(3);
        int count = 1100; // more than two of the passage's chunks of 512
        float[] pixels = new float[count * shape.pixels()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 3;
        }
        TrainingImages images = TrainingImages.of(shape, pixels, labels, 3);
        CdcModel model = CdcModel.create(new ModelConfig(shape, 3, 2, 8, 3), 4);
        Path shard = dir.resolve("s.cdc");
        ShardEncoder.encode(model, images, shard, "test/test", 300, n -> {
        });
        TrainingImages decoded = ShardDecoder.decode(model, List.of(shard), w -> {
        }).images();
        TrainingImages passed = CodecPassage.apply(model, images);
        assertEquals(count, passed.count());
        float[] a = new float[shape.pixels()];
        float[] b = new float[shape.pixels()];
        for (int i = 0; i < count; i += 97) {
            decoded.copy(i, a, 0);
            passed.copy(i, b, 0);
            assertArrayEquals(a, b, "image " + i);
            assertEquals(labels[i], passed.label(i));
        }
    }
}
