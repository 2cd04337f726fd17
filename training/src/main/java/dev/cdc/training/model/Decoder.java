package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.relu;
import static org.bytedeco.pytorch.global.torch.sigmoid;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/** The cloud's decoder: latents back to images in [0, 1], mirroring the encoder. */
public final class Decoder extends Module {
    private final ImageShape shape;
    private final Conv2dImpl stem;
    private final ConvTranspose2dImpl up1;
    private final ConvTranspose2dImpl up2;
    private final Conv2dImpl out;
    private final org.bytedeco.pytorch.BatchNorm2dImpl stemNorm;
    private final org.bytedeco.pytorch.BatchNorm2dImpl norm1;
    private final org.bytedeco.pytorch.BatchNorm2dImpl norm2;

    public Decoder(ImageShape shape, int latentChannels, int width) {
        ConvolutionKernels.requireVerified(width, latentChannels, "a decoder of width " + width + " and " + latentChannels
                + " latent channels");
        this.shape = shape;
        stem = register_module("stem", Layers.conv(latentChannels, width, 3, 1, 1));
        up1 = register_module("up1", Layers.upsample(width, width));
        up2 = register_module("up2", Layers.upsample(width, width / 2));
        out = register_module("out", Layers.conv(width / 2, shape.channels(), 3, 1, 1));
        stemNorm = register_module("stemNorm", Layers.norm(width));
        norm1 = register_module("norm1", Layers.norm(width));
        norm2 = register_module("norm2", Layers.norm(width / 2));
    }

    /** Images in [0, 1]. */
    public Tensor forward(Tensor latent) {
        return sigmoid(logits(latent));
    }

    /**
     * The pre-sigmoid output. Training takes its loss from these: a sigmoid saturated near 0
     * (the all-black image MNIST's background pulls towards) passes almost no gradient through
     * an MSE, but a cross-entropy on the logits keeps the gradient at (output - target).
     */
    public Tensor logits(Tensor latent) {
        Tensor x = relu(stemNorm.forward(ConvolutionKernels.sameConvolution(stem, latent)));
        x = relu(norm1.forward(up1.forward(x)));
        x = relu(norm2.forward(up2.forward(x)));
        x = ConvolutionKernels.sameConvolution(out, x);
        if (shape.paddedHeight() != shape.height() || shape.paddedWidth() != shape.width()) {
            x = x.narrow(2, 0, shape.height()).narrow(3, 0, shape.width());
        }
        return x;
    }
}
