package dev.cdc.core.codec;

/**
 * The parameters of a latent codec: bit width, range mode, the fixed range or the block size.
 * Sizes of a record on the wire follow from it (docs/codec.md ("Packing")).
 *
 * @param bits      k, in 1..8
 * @param mode      how ranges are chosen
 * @param lo        fixed mode: lower end of the range; block mode: unused (0)
 * @param hi        fixed mode: upper end of the range; block mode: unused (0)
 * @param blockSize block mode: elements per block, at least 1; fixed mode: 0
 */
public record CodecSpec(int bits, RangeMode mode, float lo, float hi, int blockSize) {

    public static final int MIN_BITS = 1;
    public static final int MAX_BITS = 8;
    /** Bytes a block spends on its range: {@code lo} and {@code hi} as little-endian float32. */
    public static final int RANGE_BYTES = 8;

    public CodecSpec {
        checkBits(bits);
        if (mode == null) {
            throw new IllegalArgumentException("range mode is missing: expected fixed or block");
        }
        if (mode == RangeMode.FIXED) {
            Quantizer.of(bits, lo, hi); // validates the range with a clear message
            if (blockSize != 0) {
                throw new IllegalArgumentException("fixed range mode takes no block size, got " + blockSize);
            }
        } else if (blockSize < 1) {
            throw new IllegalArgumentException("block size " + blockSize + " is not valid: expected at least 1");
        }
    }

    public static CodecSpec fixed(int bits, float lo, float hi) {
        return new CodecSpec(bits, RangeMode.FIXED, lo, hi, 0);
    }

    public static CodecSpec block(int bits, int blockSize) {
        return new CodecSpec(bits, RangeMode.BLOCK, 0f, 0f, blockSize);
    }

    static void checkBits(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException(
                    "bit width " + bits + " is not supported: expected " + MIN_BITS + ".." + MAX_BITS);
        }
    }

    /** Blocks in a record of {@code n} elements: 0 in fixed mode. */
    public long blockCount(long n) {
        return mode == RangeMode.BLOCK ? ceilDiv(n, blockSize) : 0;
    }

    /** Bytes of the packed codes of a record of {@code n} elements: {@code ceil(n*k/8)}. */
    public long codeBytes(long n) {
        return ceilDiv(n * bits, 8);
    }

    /** Bytes of one record on the wire: ranges (block mode) then codes. */
    public long recordBytes(long n) {
        return RANGE_BYTES * blockCount(n) + codeBytes(n);
    }

    /** {@link #recordBytes(long)} for a record that must fit a Java array. */
    public int recordBytesExact(int n) {
        long bytes = recordBytes(n);
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a record of " + n + " elements takes " + bytes
                    + " bytes, more than one Java array holds");
        }
        return (int) bytes;
    }

    /** The quantizer of fixed mode. */
    public Quantizer fixedQuantizer() {
        if (mode != RangeMode.FIXED) {
            throw new IllegalStateException("block mode has one quantizer per block");
        }
        return Quantizer.of(bits, lo, hi);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
