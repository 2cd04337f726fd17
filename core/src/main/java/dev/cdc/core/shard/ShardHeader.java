package dev.cdc.core.shard;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.RangeMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What a shard says about itself: whose encoder made the codes, the latent shape of one record,
 * the codec, how labels are stored, and where the data came from.
 *
 * @param fingerprint  the encoder's fingerprint; the cloud needs the matching decoder
 * @param codec        bit width and range mode with its parameters
 * @param latentShape  shape of one record's latent, e.g. {@code [C, H, W]}; 1 to 8 positive dims
 * @param labels       how labels are stored
 * @param classCount   number of classes; 0 when unlabelled
 * @param dataset      free text naming the source data (e.g. {@code mnist/train}); may be empty
 * @param coding       how the codes are stored: bit-packed, or rANS over named code tables (fixed range mode only)
 */
public record ShardHeader(ModelFingerprint fingerprint, CodecSpec codec, int[] latentShape, LabelEncoding labels,
        int classCount, String dataset, EntropyCoding coding) {

    public static final int MAX_RANK = 8;
    /** Bounds the size of one record so a whole record always fits a Java array with room to spare. */
    public static final long MAX_ELEMENTS_PER_RECORD = 1L << 28;
    public static final int MAX_DATASET_BYTES = 1024;

    public ShardHeader {
        if (fingerprint == null || codec == null || labels == null || dataset == null || coding == null) {
            throw new IllegalArgumentException("shard header fields must not be null");
        }
        latentShape = latentShape.clone();
        if (latentShape.length < 1 || latentShape.length > MAX_RANK) {
            throw new IllegalArgumentException("latent shape " + Arrays.toString(latentShape)
                    + " is not valid: expected 1.." + MAX_RANK + " dimensions");
        }
        long n = 1;
        for (int d : latentShape) {
            if (d < 1) {
                throw new IllegalArgumentException("latent shape " + Arrays.toString(latentShape)
                        + " is not valid: expected positive dimensions");
            }
            n *= d;
            if (n > MAX_ELEMENTS_PER_RECORD) {
                throw new IllegalArgumentException("latent shape " + Arrays.toString(latentShape)
                        + " is too large: expected at most " + MAX_ELEMENTS_PER_RECORD + " elements per record");
            }
        }
        if (labels == LabelEncoding.NONE ? classCount != 0 : (classCount < 1 || classCount > labels.maxClasses())) {
            throw new IllegalArgumentException("class count " + classCount + " does not fit label encoding " + labels
                    + ": expected " + (labels == LabelEncoding.NONE ? "0" : "1.." + labels.maxClasses()));
        }
        if (dataset.getBytes(StandardCharsets.UTF_8).length > MAX_DATASET_BYTES) {
            throw new IllegalArgumentException("data set name is longer than " + MAX_DATASET_BYTES + " bytes");
        }
        if (coding.isRans() && codec.mode() != RangeMode.FIXED) {
            throw new IllegalArgumentException("rANS codes a fixed-range codec only: block mode's ranges are not codes");
        }
    }

    /** A header of bit-packed codes (format version 1). */
    public ShardHeader(ModelFingerprint fingerprint, CodecSpec codec, int[] latentShape, LabelEncoding labels, int classCount,
            String dataset) {
        this(fingerprint, codec, latentShape, labels, classCount, dataset, EntropyCoding.PACKED);
    }

    /** The same header with its codes stored as {@code coding} says. */
    public ShardHeader withCoding(EntropyCoding coding) {
        return new ShardHeader(fingerprint, codec, latentShape, labels, classCount, dataset, coding);
    }

    @Override
    public int[] latentShape() {
        return latentShape.clone();
    }

    /** Elements in one record's latent. */
    public int elementsPerRecord() {
        int n = 1;
        for (int d : latentShape) {
            n *= d;
        }
        return n;
    }

    /** Bytes of one record's codes (and block ranges) bit-packed, without its label; what a rANS chunk decodes back to. */
    public int recordBytes() {
        return codec.recordBytesExact(elementsPerRecord());
    }

    /** Bytes of one bit-packed record on disk: label, then codes (a rANS chunk's records have no fixed size). */
    public int stride() {
        return labels.bytes() + recordBytes();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShardHeader that && fingerprint.equals(that.fingerprint) && codec.equals(that.codec)
                && Arrays.equals(latentShape, that.latentShape) && labels == that.labels
                && classCount == that.classCount && dataset.equals(that.dataset) && coding.equals(that.coding);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode() * 31 + Arrays.hashCode(latentShape);
    }

    @Override
    public String toString() {
        return "ShardHeader[fingerprint=" + fingerprint + ", codec=" + codec + ", latentShape="
                + Arrays.toString(latentShape) + ", labels=" + labels + ", classCount=" + classCount
                + ", dataset=" + dataset + ", coding=" + coding + "]";
    }
}
