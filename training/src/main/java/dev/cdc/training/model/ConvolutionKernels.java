package dev.cdc.training.model;

import static org.bytedeco.pytorch.global.torch.conv_transpose2d;
import static org.bytedeco.pytorch.global.torch.im2col;

import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

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
    /**
     * Autoencoder widths and latent channels whose whole-model gradients were checked against
     * double precision with oneDNN on ({@code ModelGradientTest}); narrower models chain narrow
     * layers (a convolution of 8 channels into batch norm, for one) whose gradients oneDNN gets
     * wrong even where each layer alone is right.
     */
    static final int VERIFIED_WIDTH = 32;
    static final int VERIFIED_LATENT_CHANNELS = 2;
    /** Classifier widths checked the same way (the guide's 16 and the cloud's 32). */
    static final int VERIFIED_CLASSIFIER_WIDTH = 16;
    private static boolean oneDnnOff;

    private ConvolutionKernels() {
    }

    /**
     * Turns oneDNN off for the rest of the process when a model outside the checked shapes is
     * built: its training is then right, at two to five times the time per step. (Inference is
     * right either way.)
     */
    static synchronized void requireVerified(int width, int latentChannels, String what) {
        if (!oneDnnOff && (width < VERIFIED_WIDTH || latentChannels < VERIFIED_LATENT_CHANNELS)) {
            turnOneDnnOff(what);
        }
    }

    static synchronized void requireVerifiedClassifier(int width) {
        if (!oneDnnOff && width < VERIFIED_CLASSIFIER_WIDTH) {
            turnOneDnnOff("a classifier of width " + width);
        }
    }

    private static void turnOneDnnOff(String what) {
        torch.globalContext().setUserEnabledMkldnn(false);
        oneDnnOff = true;
        java.util.logging.Logger.getLogger(ConvolutionKernels.class.getName()).info(() -> "oneDNN is off for this process: "
                + what + " is narrower than the shapes whose gradients were checked with it (width " + VERIFIED_WIDTH
                + ", latent channels " + VERIFIED_LATENT_CHANNELS + "); training is right, and slower");
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

    /**
     * {@code conv(x)} for a strided convolution (square kernel, stride and padding as given). The
     * models' strided layers have at least 16 output channels at their default width and take
     * LibTorch's kernel; at the narrow widths the tests use (8 channels), oneDNN's input gradient
     * is wrong for them too, and they take im2col and a matrix product instead: slow, but right.
     */
    public static Tensor stridedConvolution(Conv2dImpl conv, Tensor x, long stride, long padding) {
        Tensor weight = conv.weight();
        long out = weight.size(0);
        if (out >= SAFE_OUTPUT_CHANNELS || !x.requires_grad()) {
            return conv.forward(x);
        }
        long kernel = weight.size(2);
        long n = x.size(0);
        long h = (x.size(2) + 2 * padding - kernel) / stride + 1;
        long w = (x.size(3) + 2 * padding - kernel) / stride + 1;
        Tensor columns = im2col(x, new long[] {kernel, kernel}, new long[] {1, 1}, new long[] {padding, padding},
                stride, stride);
        Tensor y = weight.reshape(out, -1).matmul(columns);
        if (conv.bias().defined()) {
            y = y.add(conv.bias().reshape(1, out, 1));
        }
        return y.reshape(n, out, h, w);
    }
}
