package dev.cdc.core.edge;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;

/**
 * How two encoders' packed codes for the same records agree: identical, one quantization step
 * apart (a latent value on a boundary, summed in another order), or further (a real difference).
 *
 * @param codes     codes compared
 * @param identical codes alike
 * @param oneStep   codes one step apart
 * @param further   codes further apart
 */
public record CodeAgreement(long codes, long identical, long oneStep, long further) {
    public static final CodeAgreement NONE = new CodeAgreement(0, 0, 0, 0);

    /** The agreement of {@code records} records of packed codes in {@code a} and {@code b}, under {@code codec}. */
    public static CodeAgreement of(CodecSpec codec, int elements, byte[] a, byte[] b, int records) {
        int recordBytes = codec.recordBytesExact(elements);
        FastCodec fast = new FastCodec(codec);
        int[] x = new int[elements];
        int[] y = new int[elements];
        long[] counts = new long[3];
        for (int r = 0; r < records; r++) {
            fast.unpackCodes(a, r * recordBytes, elements, x, 0);
            fast.unpackCodes(b, r * recordBytes, elements, y, 0);
            for (int e = 0; e < elements; e++) {
                counts[Math.min(2, Math.abs(x[e] - y[e]))]++;
            }
        }
        return new CodeAgreement(counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
    }

    /** Both counts together. */
    public CodeAgreement plus(CodeAgreement other) {
        return new CodeAgreement(codes + other.codes, identical + other.identical, oneStep + other.oneStep, further + other.further);
    }

    public double identicalShare() {
        return codes == 0 ? 1 : (double) identical / codes;
    }
}
