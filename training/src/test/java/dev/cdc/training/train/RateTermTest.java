package dev.cdc.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.training.Fixtures;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.model.Tensors;
import dev.cdc.training.pipeline.CodeTableFitting;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

class RateTermTest {

    /** Four records of two positions: the estimate is the entropy of each position's codes, in bits. */
    @Test
    void bitsAreThePositionsCodeEntropies() {
        RateTerm rate = new RateTerm(2, 0f, 1f);
        // Position 0 always at code 1 (0 bits); position 1 at codes 0 and 3, half the time each (1 bit).
        float[] latent = {1 / 3f, 0f, 1 / 3f, 1f, 1 / 3f, 0f, 1 / 3f, 1f};
        assertEquals(1.0, rate.bitsPerRecord(Tensor.create(latent, 4, 2)).item_float(), 1e-4);
        // Every value half-way between codes 1 and 2: counted half to each, 1 bit per position.
        float[] between = {0.5f, 0.5f, 0.5f, 0.5f};
        assertEquals(2.0, rate.bitsPerRecord(Tensor.create(between, 2, 2)).item_float(), 1e-4);
    }

    /** The gradient moves a stray value toward the code its position mostly uses, which makes its table cheaper. */
    @Test
    void aStrayValueIsPulledTowardItsPositionsUsualCode() {
        RateTerm rate = new RateTerm(2, 0f, 1f);
        Tensor latent = Tensor.create(new float[] {1 / 3f, 1 / 3f, 1 / 3f, 0.55f}, 4, 1).set_requires_grad(true);
        rate.bitsPerRecord(latent).backward();
        float[] grad = Tensors.toFloats(latent.grad());
        assertTrue(grad[3] > 0, "descending the rate moves 0.55 down toward 1/3: gradient " + grad[3]);
    }

    /** Trained with the rate term, the same model's fitted tables expect fewer bits per record than without it. */
    @Test
    void rateAwareTrainingMakesCheaperCodes() {
        torch.set_num_threads(1);
        TrainingImages data = Fixtures.bars(96, 3);
        double[] bits = new double[2];
        double[] weights = {0, 0.05};
        for (int i = 0; i < 2; i++) {
            CdcModel model = CdcModel.create(new ModelConfig(data.shape(), 3, 2, 8, 2), 7);
            AutoencoderTraining.train(model, data, Guidance.none(), false, weights[i], AutoencoderTraining.LEARNING_RATE,
                    new FitOptions(6, 16, 7), List.of());
            bits[i] = CodeTableFitting.fit(model, data).expectedBitsPerRecord();
        }
        assertTrue(bits[1] < 0.9 * bits[0], "bits per record without the rate term " + bits[0] + ", with it " + bits[1]);
    }
}
