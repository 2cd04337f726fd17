package dev.cdc.training.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole models at the shapes training runs with oneDNN on (width 32, latent channels 2 to 16,
 * the guide and the cloud classifier), one and two threads: the input gradient in float against
 * double precision. Narrower models chain layers whose gradients oneDNN gets wrong even where each
 * layer alone is right (a width-8 encoder's input gradient was off by a factor of 20), which is
 * why {@link ConvolutionKernels} turns oneDNN off for them.
 */
class ModelGradientTest {
    /** Float against double through a dozen layers and batch norm; oneDNN's errors were 30% to 3000%. */
    private static final double TOLERANCE = 0.05;
    private boolean oneDnnWas;

    @BeforeEach
    void oneDnnOn() {
        oneDnnWas = torch.globalContext().userEnabledMkldnn();
        torch.globalContext().setUserEnabledMkldnn(true);
    }

    @AfterEach
    void restore() {
        torch.globalContext().setUserEnabledMkldnn(oneDnnWas);
        torch.set_num_threads(1);
    }

    private static double relativeError(Module module, UnaryOperator<Tensor> forward, long... shape) {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(3);
            Tensor x = torch.rand(shape);
            Tensor[] gradients = new Tensor[2];
            for (int d = 0; d < 2; d++) {
                ScalarType type = d == 0 ? ScalarType.Float : ScalarType.Double;
                module.to(type, false);
                module.zero_grad(true);
                Tensor input = x.to(type).detach().clone().requires_grad_(true);
                Tensor y = forward.apply(input);
                torch.manual_seed(7);
                y.mul(torch.randn(y.sizes().vec().get()).to(type)).sum().backward();
                gradients[d] = input.grad().clone();
            }
            module.to(ScalarType.Float, false);
            return gradients[0].to(ScalarType.Double).sub(gradients[1]).abs().max().item_double()
                    / Math.max(1e-12, gradients[1].abs().max().item_double());
        }
    }

    @Test
    void trainingShapesHaveRightGradientsWithOneDnn() {
        StringBuilder failures = new StringBuilder();
        ImageShape grey = new ImageShape(1, 28, 28);
        for (int threads : new int[] {1, 2}) {
            torch.set_num_threads(threads);
            for (int latent : new int[] {2, 4, 8, 16}) {
                Encoder encoder = new Encoder(grey, latent, 32);
                encoder.train(true);
                Decoder decoder = new Decoder(grey, latent, 32);
                decoder.train(true);
                check(failures, threads + " threads, encoder, latent " + latent, relativeError(encoder, encoder::forward, 16, 1, 28, 28));
                check(failures, threads + " threads, decoder, latent " + latent,
                        relativeError(decoder, decoder::logits, 16, latent, 7, 7));
            }
            Classifier guide = new Classifier(ClassifierSpec.guide(), grey, 10);
            guide.eval();
            check(failures, threads + " threads, guide", relativeError(guide, guide::forward, 16, 1, 28, 28));
            Classifier cloud = new Classifier(ClassifierSpec.cloud(), grey, 10);
            cloud.eval();
            check(failures, threads + " threads, cloud classifier", relativeError(cloud, cloud::forward, 16, 1, 28, 28));
        }
        assertTrue(failures.isEmpty(), "input gradients differ from double precision:\n" + failures);
    }

    private static void check(StringBuilder failures, String what, double error) {
        System.out.printf("%s: input gradient %.1e%n", what, error);
        if (!(error < TOLERANCE)) {
            failures.append(what).append(": ").append(error).append('\n');
        }
    }
}
