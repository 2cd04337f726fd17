package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.adaptive_avg_pool2d;
import static org.bytedeco.pytorch.global.torch.dropout;
import static org.bytedeco.pytorch.global.torch.flatten;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.relu;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A convolutional classifier of two batch-normalised conv-pool stages, an adaptive pool to 4x4 (so any input
 * size works) and two linear layers. The guidance classifier is a narrow one; the cloud's
 * classifier a wider one, with dropout.
 */
public final class Classifier extends Module {
    private static final int POOLED = 4;
    private final Conv2dImpl conv1;
    private final Conv2dImpl conv2;
    private final LinearImpl hidden;
    private final LinearImpl logits;
    private final double dropout;
    private final org.bytedeco.pytorch.BatchNorm2dImpl norm1;
    private final org.bytedeco.pytorch.BatchNorm2dImpl norm2;

    public Classifier(ImageShape shape, int classes, int width, int hiddenUnits, double dropout) {
        this.dropout = dropout;
        conv1 = register_module("conv1", Layers.conv(shape.channels(), width, 3, 1, 1));
        conv2 = register_module("conv2", Layers.conv(width, 2L * width, 3, 1, 1));
        norm1 = register_module("norm1", Layers.norm(width));
        norm2 = register_module("norm2", Layers.norm(2L * width));
        hidden = register_module("hidden", new LinearImpl(2L * width * POOLED * POOLED, hiddenUnits));
        logits = register_module("logits", new LinearImpl(hiddenUnits, classes));
    }

    /** The narrow classifier that guides the autoencoder's training. */
    public static Classifier guidance(ImageShape shape, int classes) {
        return new Classifier(shape, classes, 16, 64, 0.0);
    }

    /** The cloud's classifier, trained on decoded images and evaluated on raw ones. */
    public static Classifier cloud(ImageShape shape, int classes) {
        return new Classifier(shape, classes, 32, 128, 0.25);
    }

    /** Images (N, C, H, W) in [0, 1] to class logits (N, classes). */
    public Tensor forward(Tensor images) {
        Tensor x = max_pool2d(relu(norm1.forward(conv1.forward(images))), 2);
        x = max_pool2d(relu(norm2.forward(conv2.forward(x))), 2);
        x = flatten(adaptive_avg_pool2d(x, POOLED, POOLED), 1, -1);
        x = relu(hidden.forward(x));
        if (dropout > 0) {
            x = dropout(x, dropout, is_training());
        }
        return logits.forward(x);
    }
}
