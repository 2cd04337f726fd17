package dev.cdc.training.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The float gradients of every convolution shape the models use (at the default width and at
 * the tests' width of 8), on one and two threads, against the same layer in double precision,
 * as the models compute them. This check found oneDNN's wrong input gradients
 * ({@link ConvolutionKernels}); it fails if a layer takes them again.
 */
class ConvolutionGradientTest {
    private static final double TOLERANCE = 1e-4;

    private static boolean oneDnnWas;

    /** What is checked is the kernels with oneDNN on, whatever an earlier test in this JVM switched. */
    @org.junit.jupiter.api.BeforeAll
    static void oneDnnOn() {
        oneDnnWas = torch.globalContext().userEnabledMkldnn();
        torch.globalContext().setUserEnabledMkldnn(true);
    }

    @AfterAll
    static void restore() {
        torch.globalContext().setUserEnabledMkldnn(oneDnnWas);
        torch.set_num_threads(1);
    }

    /** A layer, how the models call it, and the input shape it is checked at. */
    private record Case(String name, Module layer, UnaryOperator<Tensor> forward, long... input) {
    }

    @Test
    void floatGradientsMatchDoublePrecision() {
        Case[] cases = {
            same("encoder conv1, 1 -> 16", 1, 16, 3, 28),
            strided("encoder conv2, 16 -> 32, stride 2", 16, 32, 28),
            same("encoder head, 32 -> 2, 1x1", 32, 2, 1, 7),
            same("decoder stem, 2 -> 32", 2, 32, 3, 7),
            upsample("decoder up2, 32 -> 16, transposed", 32, 16, 14),
            same("decoder out, 16 -> 1", 16, 1, 3, 28),
            same("decoder out for colour, 16 -> 3", 16, 3, 3, 28),
            same("classifier conv2, 32 -> 64", 32, 64, 3, 14),
            same("narrow: 1 -> 4", 1, 4, 3, 12),
            same("narrow: 4 -> 1", 4, 1, 3, 12),
        };
        StringBuilder failures = new StringBuilder();
        for (int threads : new int[] {1, 2}) {
            torch.set_num_threads(threads);
            for (Case c : cases) {
                double[] errors = relativeErrors(c, c.forward());
                String line = String.format("%d threads, %s: input gradient %.1e, weight gradient %.1e", threads, c.name(),
                        errors[0], errors[1]);
                System.out.println(line);
                if (!(errors[0] < TOLERANCE && errors[1] < TOLERANCE)) {
                    failures.append(line).append('\n');
                }
            }
        }
        assertTrue(failures.isEmpty(), "float gradients differ from double precision:\n" + failures);
    }

    /** What LibTorch's own kernel gives for the decoder's last layer: printed, so a fixed build shows. */
    @Test
    void reportsLibTorchsOwnKernelOnTheNarrowLayer() {
        Case c = same("decoder out, 16 -> 1, LibTorch's own kernel", 16, 1, 3, 28);
        Conv2dImpl conv = (Conv2dImpl) c.layer();
        double[] errors = relativeErrors(c, conv::forward);
        System.out.printf("%s: input gradient %.1e, weight gradient %.1e (oneDNN %s)%n", c.name(), errors[0], errors[1],
                torch.globalContext().userEnabledMkldnn() ? "on" : "off");
        assertTrue(errors[1] < TOLERANCE, "its weight gradient was always right: " + errors[1]);
    }

    /** Largest relative difference of the input and weight gradients, float against double. */
    private static double[] relativeErrors(Case c, UnaryOperator<Tensor> forward) {
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(5);
            Tensor x = torch.randn(c.input());
            c.layer().to(ScalarType.Float, false);
            Tensor[] single = gradients(c.layer(), forward, x);
            c.layer().to(ScalarType.Double, false);
            Tensor[] reference = gradients(c.layer(), forward, x.to(ScalarType.Double));
            return new double[] {relative(single[0], reference[0]), relative(single[1], reference[1])};
        }
    }

    /** Gradients of sum(layer(x) * r) for a fixed random r: with respect to x and to the weight. */
    private static Tensor[] gradients(Module layer, UnaryOperator<Tensor> forward, Tensor input) {
        layer.zero_grad(true);
        Tensor x = input.detach().clone().requires_grad_(true);
        Tensor y = forward.apply(x);
        torch.manual_seed(7);
        Tensor r = torch.randn(y.sizes().vec().get()).to(y.scalar_type());
        y.mul(r).sum().backward();
        return new Tensor[] {x.grad().clone(), layer.parameters().get(0).grad().clone()};
    }

    private static double relative(Tensor single, Tensor reference) {
        double scale = Math.max(1e-12, reference.abs().max().item_double());
        return single.to(ScalarType.Double).sub(reference).abs().max().item_double() / scale;
    }

    private static Case same(String name, long in, long out, long kernel, long size) {
        Conv2dImpl layer = Layers.conv(in, out, kernel, 1, (kernel - 1) / 2);
        return new Case(name, layer, x -> ConvolutionKernels.sameConvolution(layer, x), 8, in, size, size);
    }

    private static Case strided(String name, long in, long out, long size) {
        Conv2dImpl layer = Layers.conv(in, out, 4, 2, 1);
        return new Case(name, layer, x -> ConvolutionKernels.stridedConvolution(layer, x, 2, 1), 8, in, size, size);
    }

    private static Case upsample(String name, long in, long out, long size) {
        var layer = Layers.upsample(in, out);
        return new Case(name, layer, x -> layer.forward(x), 8, in, size, size);
    }
}
