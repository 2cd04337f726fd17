package dev.cdc.training.train;

import static org.bytedeco.pytorch.global.torch.log2;
import static org.bytedeco.pytorch.global.torch.one_hot;

import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The rate term of rate-aware training: what a record's codes would cost the rANS coder, which
 * codes each latent position with its own table fitted on that position's codes
 * (docs/entropy-coding.md). That cost is the sum, over positions, of the entropy of the
 * position's code distribution; here it is estimated on the batch and made differentiable by
 * counting each latent value softly between its two nearest levels (weight 1 - d for the nearer
 * at distance d in steps, d for the other; the quantizer itself rounds to the nearer). Minimising
 * it moves each position's values toward the codes that position already uses most, which is
 * what makes its table cheap. It needs no learned parameters, so a checkpoint resumes it exactly,
 * and the tables the model ships with are still fitted on the real codes after training.
 */
public final class RateTerm {
    private final int levels;
    private final float lo;
    private final float scale;

    /** {@code weight} when it is a valid weight for the term (finite, 0 or more); throws naming it otherwise. */
    public static double checkedWeight(double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("rate weight " + weight + " is not valid: expected 0 or more");
        }
        return weight;
    }

    /** For k-bit codes of the fixed range {@code [lo, hi]}. */
    public RateTerm(int bits, float lo, float hi) {
        this.levels = 1 << bits;
        this.lo = lo;
        this.scale = (levels - 1) / (hi - lo);
    }

    /** Bits per record: the sum over latent positions of the batch's soft code entropy there. */
    public Tensor bitsPerRecord(Tensor latent) {
        long batch = latent.size(0);
        Tensor steps = latent.reshape(batch, -1).sub(new Scalar(lo)).mul(new Scalar(scale))
                .clamp(new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(levels - 1.0)));
        Tensor lower;
        try (NoGradGuard noGrad = new NoGradGuard()) {
            lower = steps.detach().floor().clamp(new ScalarOptional(new Scalar(0.0)), new ScalarOptional(new Scalar(levels - 2.0)));
        }
        Tensor up = steps.sub(lower).unsqueeze(2); // how far past the lower level, in steps: the upper level's weight
        Tensor lowerCode = one_hot(lower.to(ScalarType.Long), levels).to(ScalarType.Float);
        Tensor upperCode = one_hot(lower.add(new Scalar(1.0)).to(ScalarType.Long), levels).to(ScalarType.Float);
        Tensor weights = lowerCode.mul(up.neg().add(new Scalar(1.0))).add(upperCode.mul(up)); // (batch, positions, levels)
        Tensor share = weights.mean(0); // each position's soft code distribution over the batch
        return share.mul(log2(share.add(new Scalar(1e-9)))).sum().neg();
    }
}
