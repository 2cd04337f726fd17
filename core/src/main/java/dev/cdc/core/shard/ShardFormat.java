package dev.cdc.core.shard;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.RangeMode;
import dev.cdc.core.entropy.RansCoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Byte layout of a {@code .cdc} shard, versions 1 and 2 (see {@code core/docs/shard-format.md}).
 * All integers little-endian.
 */
final class ShardFormat {
    /** PNG-style magic: a high byte and CR LF ^Z LF catch text-mode and 7-bit transfers. */
    static final byte[] MAGIC = {(byte) 0x89, 'C', 'D', 'C', '\r', '\n', 0x1a, '\n'};
    /** Bit-packed codes; what every packed shard is still written as, so older readers keep reading them. */
    static final int VERSION_PACKED = 1;
    /** Adds the coding field: rANS-coded chunks. */
    static final int VERSION_CODED = 2;
    /** magic, version u16, flags u16, header body length u32. */
    static final int PREAMBLE_BYTES = 16;
    static final int CRC_BYTES = 4;
    static final int MAX_HEADER_BODY = 1 << 16;
    /** "CHNK" read as a little-endian int. */
    static final int CHUNK_MAGIC = 0x4B4E4843;
    /** chunk magic u32, record count u32, payload length u64. */
    static final int CHUNK_HEADER_BYTES = 16;
    /** Bounds one chunk so a writer cannot make one that a reader refuses to hold in memory. */
    static final long MAX_CHUNK_PAYLOAD = 1L << 30;
    /**
     * Bounds the codes of one rANS chunk, and so what a reader may have to hold for one: a stream
     * of a few bytes can stand for very many codes (16 Mi codes at most).
     */
    static final long MAX_CODED_CHUNK_CODES = 1L << 24;

    private ShardFormat() {
    }

    /** Preamble, body and CRC of a header. */
    static byte[] encodeHeader(ShardHeader header) {
        byte[] dataset = header.dataset().getBytes(StandardCharsets.UTF_8);
        int[] shape = header.latentShape();
        CodecSpec codec = header.codec();
        EntropyCoding coding = header.coding();
        int version = coding.isRans() ? VERSION_CODED : VERSION_PACKED;
        int codingBytes = version == VERSION_PACKED ? 0 : 1 + (coding.isRans() ? ModelFingerprint.BYTES : 0);
        int bodyLength = ModelFingerprint.BYTES + 4 + 16 + 4 * shape.length + 2 + dataset.length + codingBytes;
        ByteBuffer out = ByteBuffer.allocate(PREAMBLE_BYTES + bodyLength + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) version).putShort((short) 0).putInt(bodyLength);
        out.put(header.fingerprint().bytes());
        out.put((byte) codec.bits()).put((byte) codec.mode().wireId()).put((byte) header.labels().wireId())
                .put((byte) shape.length);
        out.putFloat(codec.lo()).putFloat(codec.hi()).putInt(codec.blockSize()).putInt(header.classCount());
        for (int d : shape) {
            out.putInt(d);
        }
        out.putShort((short) dataset.length).put(dataset);
        if (version == VERSION_CODED) {
            out.put((byte) coding.kind().wireId());
            if (coding.isRans()) {
                out.put(coding.tables().bytes());
            }
        }
        out.putInt(crc(out.array(), 0, PREAMBLE_BYTES + bodyLength));
        return out.array();
    }

    /** Parses a header body of format {@code version}; every field is range-checked, every failure names the field. */
    static ShardHeader decodeBody(Path file, ByteBuffer body, int version) throws ShardFormatException {
        body.order(ByteOrder.LITTLE_ENDIAN);
        int fixedPart = ModelFingerprint.BYTES + 4 + 16;
        if (body.remaining() < fixedPart) {
            throw new ShardFormatException(file, "header body of " + body.remaining() + " bytes is too short: expected at least " + fixedPart);
        }
        byte[] fingerprint = new byte[ModelFingerprint.BYTES];
        body.get(fingerprint);
        int bits = body.get() & 0xFF;
        int modeId = body.get() & 0xFF;
        int labelId = body.get() & 0xFF;
        int rank = body.get() & 0xFF;
        float lo = body.getFloat();
        float hi = body.getFloat();
        int blockSize = body.getInt();
        int classCount = body.getInt();
        if (rank < 1 || rank > ShardHeader.MAX_RANK) {
            throw new ShardFormatException(file, "latent rank " + rank + " is not valid: expected 1.." + ShardHeader.MAX_RANK);
        }
        if (body.remaining() < 4 * rank + 2) {
            throw new ShardFormatException(file, "header body ends inside the latent shape");
        }
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = body.getInt();
        }
        int datasetLength = body.getShort() & 0xFFFF;
        if (version == VERSION_PACKED ? body.remaining() != datasetLength : body.remaining() < datasetLength + 1) {
            throw new ShardFormatException(file, "header body has " + body.remaining() + " bytes left for a data set name of "
                    + datasetLength + (version == VERSION_PACKED ? ": expected them to match" : " and the coding: expected more"));
        }
        byte[] dataset = new byte[datasetLength];
        body.get(dataset);
        EntropyCoding coding = version == VERSION_PACKED ? EntropyCoding.PACKED : decodeCoding(file, body);
        if (modeId > 1) {
            throw new ShardFormatException(file, "range mode id " + modeId + " is unknown: expected 0 (fixed) or 1 (block)");
        }
        LabelEncoding labels = LabelEncoding.fromWireId(labelId);
        if (labels == null) {
            throw new ShardFormatException(file, "label encoding id " + labelId + " is unknown: expected 0 (none), 1 (u8) or 2 (u16)");
        }
        try {
            CodecSpec codec = new CodecSpec(bits, RangeMode.fromWireId(modeId), lo, hi, blockSize);
            return new ShardHeader(ModelFingerprint.of(fingerprint), codec, shape, labels, classCount,
                    new String(dataset, StandardCharsets.UTF_8), coding);
        } catch (IllegalArgumentException e) {
            throw new ShardFormatException(file, "invalid header: " + e.getMessage());
        }
    }

    /** Version 2's coding field, the last of the body: an id, and for rANS the code tables' fingerprint. */
    private static EntropyCoding decodeCoding(Path file, ByteBuffer body) throws ShardFormatException {
        int id = body.get() & 0xFF;
        EntropyCoding.Kind kind = EntropyCoding.Kind.fromWireId(id);
        if (kind == null) {
            throw new ShardFormatException(file, "coding id " + id + " is unknown: expected 0 (packed) or 1 (rans)");
        }
        int expected = kind == EntropyCoding.Kind.RANS ? ModelFingerprint.BYTES : 0;
        if (body.remaining() != expected) {
            throw new ShardFormatException(file, "header body has " + body.remaining() + " bytes after the coding id: expected "
                    + expected);
        }
        if (kind == EntropyCoding.Kind.PACKED) {
            return EntropyCoding.PACKED;
        }
        byte[] tables = new byte[ModelFingerprint.BYTES];
        body.get(tables);
        return EntropyCoding.rans(tables);
    }

    /**
     * Why a chunk declaring {@code count} records in {@code payload} bytes cannot be one of
     * {@code header}'s, or null when it can: packed, exactly {@code count} strides; rANS, the
     * labels and a stream of 4 to {@code 2 x codes + 4} bytes, at most
     * {@link #MAX_CODED_CHUNK_CODES} codes.
     */
    static String payloadProblem(ShardHeader header, long count, long payload) {
        if (count < 1 || payload > MAX_CHUNK_PAYLOAD) {
            return "expected at least one record and at most " + MAX_CHUNK_PAYLOAD + " bytes";
        }
        if (!header.coding().isRans()) {
            return payload == count * header.stride() ? null : "expected " + header.stride() + " bytes per record";
        }
        long codes = count * header.elementsPerRecord();
        long labels = count * header.labels().bytes();
        if (codes > MAX_CODED_CHUNK_CODES) {
            return "expected at most " + MAX_CODED_CHUNK_CODES + " codes in a rANS chunk";
        }
        long stream = payload - labels;
        return stream >= RansCoder.STATE_BYTES && stream <= RansCoder.maxStreamBytes(codes) ? null
                : "expected the labels and a rANS stream of " + RansCoder.STATE_BYTES + " to " + RansCoder.maxStreamBytes(codes)
                        + " bytes";
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
