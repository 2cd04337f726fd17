package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.conv_transpose2d;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;

/**
 * Stride-1 "same" convolutions with an input gradient that is right. In the LibTorch 2.10 of the
 * presets, oneDNN's (MKL-DNN's) float backward pass of a 3x3 stride-1 convolution with fewer than
 * 16 output channels and more than one image (the decoder's last layer, 16 channels to 1) returns
 * a wrong input gradient: off by 70 to 100% of its size with one thread, different on every run
 * and sometimes NaN with two ({@code ConvolutionGradientTest} measures it). Its forward pass and
 * weight gradients are right, and so was every other layer shape the models use. So the codec's
 * inference was never affected, but training was: every gradient behind the decoder's last layer
 * was wrong. Turning oneDNN off for the whole process fixes it too, but makes a training step
 * about twice as slow, and im2col with a matrix product five times. These layers instead run as
 * the transposed convolution with the kernel flipped and its channels swapped, which is the same
 * function (padding p becomes k - 1 - p = p for a "same" convolution) and whose backward pass is
 * an ordinary wide convolution, right and faster than the narrow one (12 ms against 65 ms for the
 * decoder's last layer at batch 128 on one core).
 */
public final class ConvolutionKernels {
    /** oneDNN's blocked layouts hold 16 channels; narrower outputs took the wrong backward pass. */
    static final long SAFE_OUTPUT_CHANNELS = 16;

    private ConvolutionKernels() {
    }

    /**
     * {@code conv(x)} for a stride-1 convolution padded to keep the size (padding (k - 1) / 2).
     * Only where an input gradient will be taken through a narrow layer does it leave LibTorch's
     * own kernel, so inference (encoding, decoding) computes exactly what it always did.
     */
    public static Tensor sameConvolution(Conv2dImpl conv, Tensor x) {
        Tensor weight = conv.weight();
        if (weight.size(0) >= SAFE_OUTPUT_CHANNELS || !x.requires_grad()) {
            return conv.forward(x);
        }
        long padH = (weight.size(2) - 1) / 2;
        long padW = (weight.size(3) - 1) / 2;
        Tensor flipped = weight.transpose(0, 1).flip(2, 3);
        return conv_transpose2d(x, flipped, new TensorOptional(conv.bias()), new long[] {1, 1}, new long[] {padH, padW},
                new long[] {0, 0}, 1, 1);
    }
}
