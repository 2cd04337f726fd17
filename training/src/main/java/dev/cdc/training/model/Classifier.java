package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.dropout;
import static org.bytedeco.pytorch.global.torch.flatten;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu;

import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A convolutional classifier of two conv-pool stages and two linear layers, shaped by a
 * {@link ClassifierSpec}. The guidance classifier is a narrow one; the cloud's a wider one with
 * dropout. The flat head feeds every cell of the last feature map to the hidden layer, so the
 * classifier is built for one image size; the legacy pooled head first pools to 4 x 4.
 */
public final class Classifier extends Module {
    private static final int POOLED = 4;
    private final ClassifierSpec spec;
    private final Conv2dImpl conv1;
    private final Conv2dImpl conv2;
    private final LinearImpl hidden;
    private final LinearImpl logits;
    private final UnaryOperator<Tensor> norm1;
    private final UnaryOperator<Tensor> norm2;

    /** The result of one forward pass: logits and the hidden layer's activations they came from. */
    public record Outputs(Tensor logits, Tensor features) {
    }

    public Classifier(ClassifierSpec spec, ImageShape shape, int classes) {
        ConvolutionKernels.requireVerifiedClassifier(spec.width());
        this.spec = spec;
        int width = spec.width();
        conv1 = register_module("conv1", Layers.conv(shape.channels(), width, 3, 1, 1));
        conv2 = register_module("conv2", Layers.conv(width, 2L * width, 3, 1, 1));
        norm1 = normalization(spec.normalization(), "norm1", width);
        norm2 = normalization(spec.normalization(), "norm2", 2L * width);
        long cells = spec.head() == ClassifierSpec.Head.POOLED ? (long) POOLED * POOLED
                : (long) (shape.height() / 4) * (shape.width() / 4);
        if (cells < 1) {
            throw new IllegalArgumentException("images of " + shape + " are too small for this classifier: expected at least 4 x 4");
        }
        hidden = register_module("hidden", new LinearImpl(2L * width * cells, spec.hiddenUnits()));
        logits = register_module("logits", new LinearImpl(spec.hiddenUnits(), classes));
    }

    private UnaryOperator<Tensor> normalization(ClassifierSpec.Normalization kind, String name, long channels) {
        return switch (kind) {
            case NONE -> UnaryOperator.identity();
            case BATCH -> register_module(name, Layers.norm(channels))::forward;
            case GROUP -> register_module(name, Layers.groupNorm(channels))::forward;
        };
    }

    /** The narrow classifier that guides the autoencoder's training. */
    public static Classifier guidance(ImageShape shape, int classes) {
        return new Classifier(ClassifierSpec.guide(), shape, classes);
    }

    /** The cloud's classifier, trained on decoded images and evaluated on raw ones. */
    public static Classifier cloud(ImageShape shape, int classes) {
        return new Classifier(ClassifierSpec.cloud(), shape, classes);
    }

    public ClassifierSpec spec() {
        return spec;
    }

    /** Units of the hidden layer, where dropout acts: a dropout mask has this many columns. */
    public int hiddenUnits() {
        return spec.hiddenUnits();
    }

    public double dropoutRate() {
        return spec.dropout();
    }

    /** Images (N, C, H, W) in [0, 1] to class logits (N, classes). */
    public Tensor forward(Tensor images) {
        return forward(images, null);
    }

    /**
     * As {@link #forward(Tensor)}, but in training with the given dropout mask (N, hidden units),
     * already scaled by 1 / (1 - p), instead of one drawn from LibTorch's generator: a mask
     * drawn per global batch from a seeded generator gives each image the same mask whatever
     * the process that trains on it.
     */
    public Tensor forward(Tensor images, Tensor dropoutMask) {
        return outputs(images, dropoutMask).logits();
    }

    /** Logits and the hidden layer's activations (N, hidden units), before dropout. */
    public Outputs outputs(Tensor images, Tensor dropoutMask) {
        Tensor x = max_pool2d(relu(norm1.apply(ConvolutionKernels.sameConvolution(conv1, images))), 2);
        x = max_pool2d(relu(norm2.apply(ConvolutionKernels.sameConvolution(conv2, x))), 2);
        if (spec.head() == ClassifierSpec.Head.POOLED) {
            x = adaptive_avg_pool2d(x, POOLED, POOLED);
        }
        Tensor features = relu(hidden.forward(flatten(x, 1, -1)));
        Tensor kept = features;
        if (spec.dropout() > 0 && is_training()) {
            kept = dropoutMask != null ? features.mul(dropoutMask) : dropout(features, spec.dropout(), true);
        }
        return new Outputs(logits.forward(kept), features);
    }
}
