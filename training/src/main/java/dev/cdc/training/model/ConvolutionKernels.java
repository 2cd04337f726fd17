package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.im2col;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * Stride-1 "same" convolutions with an input gradient that is right. In the LibTorch 2.10 of the
 * presets, oneDNN's (MKL-DNN's) float backward pass of a 3x3 stride-1 convolution with fewer than
 * 16 output channels and more than one image (the decoder's last layer, 16 channels to 1) returns
 * a wrong input gradient: off by 70 to 100% of its size with one thread, different on every run
 * and sometimes NaN with two ({@code ConvolutionGradientTest} measures it). Its forward pass and
 * weight gradients are right, and so was every other layer shape the models use. So the codec's
 * inference was never affected, but training was: every gradient behind the decoder's last layer
 * was wrong. Turning oneDNN off for the whole process fixes it too, but makes a training step
 * about twice as slow; these layers instead take im2col and a matrix product, whose backward
 * pass (a matrix product and col2im) is right.
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
        long out = weight.size(0);
        if (out >= SAFE_OUTPUT_CHANNELS || !x.requires_grad()) {
            return conv.forward(x);
        }
        long in = weight.size(1);
        long kh = weight.size(2);
        long kw = weight.size(3);
        long n = x.size(0);
        long h = x.size(2);
        long w = x.size(3);
        // (N, in * kh * kw, h * w): every output pixel's receptive field as a column.
        Tensor columns = im2col(x, new long[] {kh, kw}, new long[] {1, 1}, new long[] {(kh - 1) / 2, (kw - 1) / 2},
                1, 1);
        Tensor y = weight.reshape(out, in * kh * kw).matmul(columns);
        if (conv.bias().defined()) {
            y = y.add(conv.bias().reshape(1, out, 1));
        }
        return y.reshape(n, out, h, w);
    }
}
