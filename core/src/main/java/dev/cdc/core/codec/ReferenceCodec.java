package dev.cdc.core.codec;

/**
 * The plain reference: quantize every element to an {@code int} code, then place the codes in
 * the bit stream one bit at a time. Written to be read against docs/codec.md, not to be fast; every
 * other implementation is tested against it.
 */
public final class ReferenceCodec implements LatentCodec {
    private final CodecSpec spec;

    public ReferenceCodec(CodecSpec spec) {
        this.spec = spec;
    }

    @Override
    public CodecSpec spec() {
        return spec;
    }

    @Override
    public void encode(float[] src, int srcOff, int n, byte[] dst, int dstOff) {
        int[] codes = new int[n];
        int rangeBytes = (int) (CodecSpec.RANGE_BYTES * spec.blockCount(n));
        if (spec.mode() == RangeMode.FIXED) {
            Quantizer q = spec.fixedQuantizer();
            for (int i = 0; i < n; i++) {
                codes[i] = q.code(src[srcOff + i]);
            }
        } else {
            int blockSize = spec.blockSize();
            for (int start = 0, b = 0; start < n; start += blockSize, b++) {
                int length = Math.min(blockSize, n - start);
                float[] range = BlockRange.of(src, srcOff + start, length);
                LittleEndian.putFloat(dst, dstOff + CodecSpec.RANGE_BYTES * b, range[0]);
                LittleEndian.putFloat(dst, dstOff + CodecSpec.RANGE_BYTES * b + 4, range[1]);
                Quantizer q = Quantizer.ofBlock(spec.bits(), range[0], range[1]);
                for (int i = start; i < start + length; i++) {
                    codes[i] = q.code(src[srcOff + i]);
                }
            }
        }
        packCodes(codes, 0, n, dst, dstOff + rangeBytes);
    }

    @Override
    public void decode(byte[] src, int srcOff, int n, float[] dst, int dstOff) {
        int[] codes = new int[n];
        int rangeBytes = (int) (CodecSpec.RANGE_BYTES * spec.blockCount(n));
        unpackCodes(src, srcOff + rangeBytes, n, codes, 0);
        if (spec.mode() == RangeMode.FIXED) {
            Quantizer q = spec.fixedQuantizer();
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = q.value(codes[i]);
            }
        } else {
            int blockSize = spec.blockSize();
            for (int start = 0, b = 0; start < n; start += blockSize, b++) {
                int length = Math.min(blockSize, n - start);
                float lo = LittleEndian.getFloat(src, srcOff + CodecSpec.RANGE_BYTES * b);
                float hi = LittleEndian.getFloat(src, srcOff + CodecSpec.RANGE_BYTES * b + 4);
                Quantizer q = Quantizer.ofBlock(spec.bits(), lo, hi);
                for (int i = start; i < start + length; i++) {
                    dst[dstOff + i] = q.value(codes[i]);
                }
            }
        }
    }

    @Override
    public void packCodes(int[] codes, int codesOff, int n, byte[] dst, int dstOff) {
        int k = spec.bits();
        int bytes = (int) spec.codeBytes(n);
        for (int i = 0; i < bytes; i++) {
            dst[dstOff + i] = 0;
        }
        for (int i = 0; i < n; i++) {
            int code = codes[codesOff + i];
            CodeCheck.require(code, k, i);
            for (int b = 0; b < k; b++) {
                if (((code >>> b) & 1) != 0) {
                    long bit = (long) i * k + b;
                    dst[dstOff + (int) (bit / 8)] |= (byte) (1 << (bit % 8));
                }
            }
        }
    }

    @Override
    public void unpackCodes(byte[] src, int srcOff, int n, int[] codes, int codesOff) {
        int k = spec.bits();
        for (int i = 0; i < n; i++) {
            int code = 0;
            for (int b = 0; b < k; b++) {
                long bit = (long) i * k + b;
                if (((src[srcOff + (int) (bit / 8)] >>> (bit % 8)) & 1) != 0) {
                    code |= 1 << b;
                }
            }
            codes[codesOff + i] = code;
        }
    }
}
