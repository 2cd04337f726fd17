package dev.cdc.training.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.Classifier;
import dev.cdc.training.model.ImageShape;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Models follow the input shape: MNIST's, CIFAR's, and odd sizes an image folder may give. */
class ModelShapesTest {

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1,28,28", "3,32,32", "1,27,30", "3,17,9"})
    void encoderDecoderAndClassifiersKeepTheShape(int channels, int height, int width) {
        ImageShape shape = new ImageShape(channels, height, width);
        CdcModel model = CdcModel.create(new ModelConfig(shape, 10, 3, 8, 4), 1);
        model.encoder().eval();
        model.decoder().eval();
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor images = Tensor.create(new float[2 * shape.pixels()], 2, channels, height, width);
            Tensor latent = model.encoder().forward(images);
            assertArrayEquals(new long[] {2, 3, (height + 3) / 4, (width + 3) / 4}, Tensors.shape(latent));
            assertArrayEquals(new long[] {2, channels, height, width}, Tensors.shape(model.decoder().forward(latent)));
            Classifier cloud = Classifier.cloud(shape, 10);
            cloud.eval();
            assertArrayEquals(new long[] {2, 10}, Tensors.shape(cloud.forward(images)));
            assertArrayEquals(new long[] {2, 10}, Tensors.shape(model.guidance().forward(images)));
        }
    }
}
