package dev.cdc.core.codec;

/**
 * The fast CPU path: quantize and pack fused in one pass, codes gathered in a 64-bit
 * accumulator and stored a little-endian 32-bit word at a time (docs/codec.md ("Packing") allows it:
 * the stream equals little-endian words). No intermediate code array. Byte for byte equal to
 * {@link ReferenceCodec}, which the tests check.
 */
public final class FastCodec implements LatentCodec {
    private final CodecSpec spec;
    private final int bits;
    private final Quantizer fixed;

    public FastCodec(CodecSpec spec) {
        this.spec = spec;
        this.bits = spec.bits();
        this.fixed = spec.mode() == RangeMode.FIXED ? spec.fixedQuantizer() : null;
    }

    @Override
    public CodecSpec spec() {
        return spec;
    }

    @Override
    public void encode(float[] src, int srcOff, int n, byte[] dst, int dstOff) {
        if (fixed != null) {
            if (bits == 8) {
                encodeBytes(fixed, src, srcOff, n, dst, dstOff);
                return;
            }
            if (32 % bits == 0) {
                encodeWords(fixed, bits, src, srcOff, n, dst, dstOff);
                return;
            }
            BitWriter out = new BitWriter(dst, dstOff, bits);
            for (int i = 0; i < n; i++) {
                out.put(fixed.codeBranchFree(src[srcOff + i]));
            }
            out.finish();
            return;
        }
        int blockSize = spec.blockSize();
        int rangeBytes = (int) (CodecSpec.RANGE_BYTES * spec.blockCount(n));
        BitWriter out = new BitWriter(dst, dstOff + rangeBytes, bits);
        for (int start = 0, b = 0; start < n; start += blockSize, b++) {
            int end = Math.min(start + blockSize, n);
            float[] range = BlockRange.of(src, srcOff + start, end - start);
            LittleEndian.putFloat(dst, dstOff + CodecSpec.RANGE_BYTES * b, range[0]);
            LittleEndian.putFloat(dst, dstOff + CodecSpec.RANGE_BYTES * b + 4, range[1]);
            Quantizer q = Quantizer.ofBlock(bits, range[0], range[1]);
            for (int i = start; i < end; i++) {
                out.put(q.codeBranchFree(src[srcOff + i]));
            }
        }
        out.finish();
    }

    // The k=8 loop lives in a method of its own so that the JIT profiles and compiles it apart:
    // inside encode, after k=1..4 had run, it ran at 429 instead of about 1,100 M elements/s.
    private static void encodeBytes(Quantizer q, float[] src, int srcOff, int n, byte[] dst, int dstOff) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] = (byte) q.codeBranchFree(src[srcOff + i]);
        }
    }

    private static final int WORD_BLOCK = 1024;

    /**
     * k dividing 32: quantize a block into an int array (a loop the JIT vectorizes), then pack
     * 32/k codes per little-endian word; the last partial word goes through the bit writer.
     */
    private static void encodeWords(Quantizer q, int bits, float[] src, int srcOff, int n, byte[] dst, int dstOff) {
        int perWord = 32 / bits;
        int[] codes = new int[WORD_BLOCK];
        int done = 0;
        int pos = dstOff;
        while (n - done >= perWord) {
            int len = Math.min(WORD_BLOCK, (n - done) / perWord * perWord);
            q.codesBranchFree(src, srcOff + done, len, codes);
            pos = switch (bits) {
                case 1 -> packWords(codes, len, 32, 1, dst, pos);
                case 2 -> packWords(codes, len, 16, 2, dst, pos);
                case 4 -> packWords(codes, len, 8, 4, dst, pos);
                default -> packWords(codes, len, perWord, bits, dst, pos);
            };
            done += len;
        }
        BitWriter out = new BitWriter(dst, pos, bits);
        for (int i = done; i < n; i++) {
            out.put(q.codeBranchFree(src[srcOff + i]));
        }
        out.finish();
    }

    /** Packs {@code len} codes, {@code perWord} to a word; called with constants so each width gets its own compiled loop. */
    private static int packWords(int[] codes, int len, int perWord, int bits, byte[] dst, int pos) {
        for (int w = 0; w < len; w += perWord) {
            int word = 0;
            for (int j = 0; j < perWord; j++) {
                word |= codes[w + j] << (j * bits);
            }
            LittleEndian.INT.set(dst, pos, word);
            pos += 4;
        }
        return pos;
    }

    @Override
    public void decode(byte[] src, int srcOff, int n, float[] dst, int dstOff) {
        if (fixed != null) {
            if (bits == 8) {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = fixed.value(src[srcOff + i] & 0xFF);
                }
                return;
            }
            BitReader in = new BitReader(src, srcOff, (int) spec.codeBytes(n), bits);
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = fixed.value(in.take());
            }
            return;
        }
        int blockSize = spec.blockSize();
        int rangeBytes = (int) (CodecSpec.RANGE_BYTES * spec.blockCount(n));
        BitReader in = new BitReader(src, srcOff + rangeBytes, (int) spec.codeBytes(n), bits);
        for (int start = 0, b = 0; start < n; start += blockSize, b++) {
            int end = Math.min(start + blockSize, n);
            float lo = LittleEndian.getFloat(src, srcOff + CodecSpec.RANGE_BYTES * b);
            float hi = LittleEndian.getFloat(src, srcOff + CodecSpec.RANGE_BYTES * b + 4);
            Quantizer q = Quantizer.ofBlock(bits, lo, hi);
            for (int i = start; i < end; i++) {
                dst[dstOff + i] = q.value(in.take());
            }
        }
    }

    @Override
    public void packCodes(int[] codes, int codesOff, int n, byte[] dst, int dstOff) {
        BitWriter out = new BitWriter(dst, dstOff, bits);
        for (int i = 0; i < n; i++) {
            int code = codes[codesOff + i];
            CodeCheck.require(code, bits, i);
            out.put(code);
        }
        out.finish();
    }

    @Override
    public void unpackCodes(byte[] src, int srcOff, int n, int[] codes, int codesOff) {
        BitReader in = new BitReader(src, srcOff, (int) spec.codeBytes(n), bits);
        for (int i = 0; i < n; i++) {
            codes[codesOff + i] = in.take();
        }
    }

    /** Appends k-bit codes to a byte array, a whole 32-bit word whenever one is complete. */
    private static final class BitWriter {
        private final byte[] dst;
        private final int bits;
        private int pos;
        private long acc;
        private int filled;

        BitWriter(byte[] dst, int pos, int bits) {
            this.dst = dst;
            this.pos = pos;
            this.bits = bits;
        }

        void put(int code) {
            acc |= (long) code << filled;
            filled += bits;
            if (filled >= 32) {
                LittleEndian.INT.set(dst, pos, (int) acc);
                pos += 4;
                acc >>>= 32;
                filled -= 32;
            }
        }

        /** Writes the last partial word byte by byte; its unused high bits are zero. */
        void finish() {
            while (filled > 0) {
                dst[pos++] = (byte) acc;
                acc >>>= 8;
                filled -= 8;
            }
        }
    }

    /** Takes k-bit codes from a byte array, refilling a word at a time while one remains. */
    private static final class BitReader {
        private final byte[] src;
        private final int end;
        private final int bits;
        private final int mask;
        private int pos;
        private long acc;
        private int filled;

        BitReader(byte[] src, int pos, int length, int bits) {
            this.src = src;
            this.pos = pos;
            this.end = pos + length;
            this.bits = bits;
            this.mask = (1 << bits) - 1;
        }

        int take() {
            if (filled < bits) {
                if (end - pos >= 4) {
                    acc |= ((int) LittleEndian.INT.get(src, pos) & 0xFFFFFFFFL) << filled;
                    pos += 4;
                    filled += 32;
                } else {
                    acc |= (src[pos++] & 0xFFL) << filled;
                    filled += 8;
                }
            }
            int code = (int) acc & mask;
            acc >>>= bits;
            filled -= bits;
            return code;
        }
    }
}
