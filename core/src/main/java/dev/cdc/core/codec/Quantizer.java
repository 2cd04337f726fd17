package dev.cdc.core.codec;

/**
 * The k-bit scalar quantizer of docs/codec.md ("Quantizing one value"), for one range. Every implementation, in any
 * language, must match these few lines bit for bit: single precision, one fused multiply-add,
 * truncation, in this order.
 */
public final class Quantizer {
    private final int maxCode;
    private final float lo;
    private final float levels;
    private final float inv;
    private final float step;

    private Quantizer(int bits, float lo, float hi) {
        this.maxCode = (1 << bits) - 1;
        this.lo = lo;
        this.levels = maxCode;
        this.inv = hi > lo ? levels / (hi - lo) : 0f;
        this.step = hi > lo ? (hi - lo) / levels : 0f;
    }

    /**
     * A quantizer for a user-given range: {@code lo} and {@code hi} finite, {@code lo <= hi}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static Quantizer of(int bits, float lo, float hi) {
        CodecSpec.checkBits(bits);
        if (!Float.isFinite(lo) || !Float.isFinite(hi) || !(lo <= hi)) {
            throw new IllegalArgumentException(
                    "range [" + lo + ", " + hi + "] is not valid: expected finite lo <= hi");
        }
        return new Quantizer(bits, lo, hi);
    }

    /** A block's quantizer; its range came from {@link BlockRange}, finite by construction. */
    static Quantizer ofBlock(int bits, float lo, float hi) {
        return new Quantizer(bits, lo, hi);
    }

    /** The code of {@code x}: NaN and -Inf go to 0, +Inf to the top code. */
    public int code(float x) {
        float t = Math.fma(x - lo, inv, 0.5f);
        if (t >= levels) {
            return maxCode;
        }
        if (t >= 1.0f) {
            return (int) t;
        }
        return 0;
    }

    /**
     * The same code as {@link #code}, without branches, for hot loops where the data makes
     * {@code t >= 1} unpredictable (k = 1 or 2). Java's float-to-int cast saturates and maps
     * NaN to 0, so clamping the truncated value to {@code [0, L]} gives exactly the three cases
     * of the rules: {@code t >= L} to L, {@code [1, L)} truncated, everything else (negative,
     * {@code [0, 1)}, NaN, -Inf) to 0.
     */
    public int codeBranchFree(float x) {
        int truncated = (int) Math.fma(x - lo, inv, 0.5f);
        return Math.max(0, Math.min(truncated, maxCode));
    }

    /** {@link #codeBranchFree} of {@code n} inputs at once: a plain loop the JIT can vectorize. */
    public void codesBranchFree(float[] src, int srcOff, int n, int[] codes) {
        for (int i = 0; i < n; i++) {
            int truncated = (int) Math.fma(src[srcOff + i] - lo, inv, 0.5f);
            codes[i] = Math.max(0, Math.min(truncated, maxCode));
        }
    }

    /** The value that code {@code c} stands for. */
    public float value(int c) {
        return Math.fma((float) c, step, lo);
    }

    public float lo() {
        return lo;
    }

    public float step() {
        return step;
    }
}
