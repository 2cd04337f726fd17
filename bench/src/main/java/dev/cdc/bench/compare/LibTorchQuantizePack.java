package dev.cdc.bench.compare;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Quantize-and-pack as a LibTorch user would write it with tensor ops: scale, floor, clamp, then
 * pack 8/k codes per byte by weighted sums. The peer for speed only: its rounding is not
 * docs/codec.md's (no fused multiply-add, NaN not sent to 0), and it handles only k dividing 8.
 */
public final class LibTorchQuantizePack {
    private final Scalar lo;
    private final Scalar inv;
    private final Scalar half = new Scalar(0.5f);
    private final ScalarOptional min = new ScalarOptional(new Scalar(0f));
    private final ScalarOptional max;
    private Tensor weights;
    private final int codesPerByte;

    public LibTorchQuantizePack(int bits, float lo, float hi) {
        if (8 % bits != 0) {
            throw new IllegalArgumentException("the LibTorch peer packs only k dividing 8, not " + bits);
        }
        float levels = (1 << bits) - 1;
        this.lo = new Scalar(lo);
        this.inv = new Scalar(levels / (hi - lo));
        this.max = new ScalarOptional(new Scalar(levels));
        this.codesPerByte = 8 / bits;
        float[] w = new float[codesPerByte];
        for (int i = 0; i < codesPerByte; i++) {
            w[i] = 1 << (bits * i);
        }
        this.weights = Tensor.create(w, codesPerByte);
    }

    /** Packed bytes of {@code x} (a 1-D float tensor whose length is a multiple of 8/k), on its device. */
    public Tensor apply(Tensor x) {
        if (x.is_cuda() && !weights.is_cuda()) {
            weights = weights.to(x.device(), ScalarType.Float);  // once: the peer keeps its constants on the GPU
        }
        Tensor codes = x.sub(lo).mul(inv).add(half).floor().clamp(min, max);
        return codes.view(-1, codesPerByte).mul(weights).sum(new long[] {1}, false, new ScalarTypeOptional(ScalarType.Float))
                .to(ScalarType.Byte);
    }
}
