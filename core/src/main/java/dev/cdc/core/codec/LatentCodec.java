package dev.cdc.core.codec;

/**
 * Quantize-and-pack and unpack-and-dequantize of records, as docs/codec.md fixes them. A record is
 * one sample's latent of {@code n} floats; on the wire it takes {@link CodecSpec#recordBytes}
 * bytes. Implementations differ in speed only: their bytes and floats are identical.
 */
public interface LatentCodec {

    CodecSpec spec();

    /** Quantizes and packs one record; writes exactly {@code spec().recordBytes(n)} bytes. */
    void encode(float[] src, int srcOff, int n, byte[] dst, int dstOff);

    /** Unpacks and dequantizes one record of {@code n} elements. */
    void decode(byte[] src, int srcOff, int n, float[] dst, int dstOff);

    /** Packs {@code n} codes (each below {@code 2^k}) into {@code ceil(n*k/8)} bytes. */
    void packCodes(int[] codes, int codesOff, int n, byte[] dst, int dstOff);

    /** Unpacks {@code n} codes from {@code ceil(n*k/8)} bytes. */
    void unpackCodes(byte[] src, int srcOff, int n, int[] codes, int codesOff);

    /** Encodes {@code records} consecutive records of {@code n} elements each. */
    default void encodeRecords(float[] src, int records, int n, byte[] dst) {
        int stride = spec().recordBytesExact(n);
        for (int r = 0; r < records; r++) {
            encode(src, r * n, n, dst, r * stride);
        }
    }

    /** Decodes {@code records} consecutive records of {@code n} elements each. */
    default void decodeRecords(byte[] src, int records, int n, float[] dst) {
        int stride = spec().recordBytesExact(n);
        for (int r = 0; r < records; r++) {
            decode(src, r * stride, n, dst, r * n);
        }
    }
}
