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
 * A convolutional classifier of two normalised conv-pool stages, an adaptive pool to 4x4 (so any input
 * size works) and two linear layers. The guidance classifier is a narrow one; the cloud's
 * classifier a wider one, with dropout. Normalisation is batch norm by default; group norm
 * normalises each image on its own, so a data-parallel run gives the same model whatever the
 * number of processes (batch norm sees only each process's share of a batch).
 */
public final class Classifier extends Module {
    private static final int POOLED = 4;
    private final Conv2dImpl conv1;
    private final Conv2dImpl conv2;
    private final LinearImpl hidden;
    private final LinearImpl logits;
    private final double dropout;
    private final Normalization normalization;
    private final UnaryOperator<Tensor> norm1;
    private final UnaryOperator<Tensor> norm2;
    private final int hiddenUnits;

    /** How the conv stages normalise. */
    public enum Normalization {
        BATCH,
        GROUP
    }

    public Classifier(ImageShape shape, int classes, int width, int hiddenUnits, double dropout) {
        this(shape, classes, width, hiddenUnits, dropout, Normalization.BATCH);
    }

    public Classifier(ImageShape shape, int classes, int width, int hiddenUnits, double dropout, Normalization normalization) {
        this.dropout = dropout;
        this.normalization = normalization;
        this.hiddenUnits = hiddenUnits;
        conv1 = register_module("conv1", Layers.conv(shape.channels(), width, 3, 1, 1));
        conv2 = register_module("conv2", Layers.conv(width, 2L * width, 3, 1, 1));
        if (normalization == Normalization.BATCH) {
            norm1 = register_module("norm1", Layers.norm(width))::forward;
            norm2 = register_module("norm2", Layers.norm(2L * width))::forward;
        } else {
            norm1 = register_module("norm1", Layers.groupNorm(width))::forward;
            norm2 = register_module("norm2", Layers.groupNorm(2L * width))::forward;
        }
        hidden = register_module("hidden", new LinearImpl(2L * width * POOLED * POOLED, hiddenUnits));
        logits = register_module("logits", new LinearImpl(hiddenUnits, classes));
    }

    /** The narrow classifier that guides the autoencoder's training. */
    public static Classifier guidance(ImageShape shape, int classes) {
        return new Classifier(shape, classes, 16, 64, 0.0);
    }

    /** The cloud's classifier, trained on decoded images and evaluated on raw ones. */
    public static Classifier cloud(ImageShape shape, int classes) {
        return cloud(shape, classes, Normalization.BATCH);
    }

    public static Classifier cloud(ImageShape shape, int classes, Normalization normalization) {
        return new Classifier(shape, classes, 32, 128, 0.25, normalization);
    }

    public Normalization normalization() {
        return normalization;
    }

    /** Units of the hidden layer, where dropout acts: a dropout mask has this many columns. */
    public int hiddenUnits() {
        return hiddenUnits;
    }

    public double dropoutRate() {
        return dropout;
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
        Tensor x = max_pool2d(relu(norm1.apply(conv1.forward(images))), 2);
        x = max_pool2d(relu(norm2.apply(conv2.forward(x))), 2);
        x = flatten(adaptive_avg_pool2d(x, POOLED, POOLED), 1, -1);
        x = relu(hidden.forward(x));
        if (dropout > 0 && is_training()) {
            x = dropoutMask != null ? x.mul(dropoutMask) : dropout(x, dropout, true);
        }
        return logits.forward(x);
    }
}
