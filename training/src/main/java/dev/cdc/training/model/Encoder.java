package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.constant_pad_nd;
import static org.bytedeco.pytorch.global.torch.relu;
import static org.bytedeco.pytorch.global.torch.sigmoid;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * The edge's lightweight encoder: three batch-normalised convolutions (two of them halving the size) and a 1x1
 * head to the latent channels, ending in a sigmoid so the latent lies in [0, 1] and fixed-range
 * quantization needs no side information.
 */
public final class Encoder extends Module {
    private final ImageShape shape;
    // Java fields keep the registered submodules reachable (and alive) from Java.
    private final Conv2dImpl conv1;
    private final Conv2dImpl conv2;
    private final Conv2dImpl conv3;
    private final Conv2dImpl head;
    private final org.bytedeco.pytorch.BatchNorm2dImpl norm1;
    private final org.bytedeco.pytorch.BatchNorm2dImpl norm2;
    private final org.bytedeco.pytorch.BatchNorm2dImpl norm3;
    private final org.bytedeco.pytorch.BatchNorm2dImpl headNorm;

    public Encoder(ImageShape shape, int latentChannels, int width) {
        ConvolutionKernels.requireVerified(width, latentChannels, "an encoder of width " + width + " and " + latentChannels
                + " latent channels");
        this.shape = shape;
        conv1 = register_module("conv1", Layers.conv(shape.channels(), width / 2, 3, 1, 1));
        conv2 = register_module("conv2", Layers.conv(width / 2, width, 4, 2, 1));
        conv3 = register_module("conv3", Layers.conv(width, width, 4, 2, 1));
        head = register_module("head", Layers.conv(width, latentChannels, 1, 1, 0));
        norm1 = register_module("norm1", Layers.norm(width / 2));
        norm2 = register_module("norm2", Layers.norm(width));
        norm3 = register_module("norm3", Layers.norm(width));
        // Normalising before the sigmoid keeps the latent spread over (0, 1) instead of
        // drifting into saturation, where it would carry nothing and pass no gradient.
        headNorm = register_module("headNorm", Layers.norm(latentChannels));
    }

    /** Images (N, C, H, W) in [0, 1] to latents (N, latentChannels, ceil(H/4), ceil(W/4)) in [0, 1]. */
    public Tensor forward(Tensor images) {
        Tensor x = images;
        int padH = shape.paddedHeight() - shape.height();
        int padW = shape.paddedWidth() - shape.width();
        if (padH > 0 || padW > 0) {
            x = constant_pad_nd(x, 0, padW, 0, padH);
        }
        x = relu(norm1.forward(ConvolutionKernels.sameConvolution(conv1, x)));
        x = relu(norm2.forward(ConvolutionKernels.stridedConvolution(conv2, x, 2, 1)));
        x = relu(norm3.forward(ConvolutionKernels.stridedConvolution(conv3, x, 2, 1)));
        return sigmoid(headNorm.forward(ConvolutionKernels.sameConvolution(head, x)));
    }
}
