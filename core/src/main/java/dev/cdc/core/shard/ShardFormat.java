package dev.cdc.core.shard;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.RangeMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Byte layout of a {@code .cdc} shard, version 1 (see {@code core/docs/shard-format.md}). All
 * integers little-endian.
 */
final class ShardFormat {
    /** PNG-style magic: a high byte and CR LF ^Z LF catch text-mode and 7-bit transfers. */
    static final byte[] MAGIC = {(byte) 0x89, 'C', 'D', 'C', '\r', '\n', 0x1a, '\n'};
    static final int VERSION = 1;
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

    private ShardFormat() {
    }

    /** Preamble, body and CRC of a header. */
    static byte[] encodeHeader(ShardHeader header) {
        byte[] dataset = header.dataset().getBytes(StandardCharsets.UTF_8);
        int[] shape = header.latentShape();
        CodecSpec codec = header.codec();
        int bodyLength = ModelFingerprint.BYTES + 4 + 16 + 4 * shape.length + 2 + dataset.length;
        ByteBuffer out = ByteBuffer.allocate(PREAMBLE_BYTES + bodyLength + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(bodyLength);
        out.put(header.fingerprint().bytes());
        out.put((byte) codec.bits()).put((byte) codec.mode().wireId()).put((byte) header.labels().wireId())
                .put((byte) shape.length);
        out.putFloat(codec.lo()).putFloat(codec.hi()).putInt(codec.blockSize()).putInt(header.classCount());
        for (int d : shape) {
            out.putInt(d);
        }
        out.putShort((short) dataset.length).put(dataset);
        out.putInt(crc(out.array(), 0, PREAMBLE_BYTES + bodyLength));
        return out.array();
    }

    /** Parses a header body; every field is range-checked, every failure names the field. */
    static ShardHeader decodeBody(Path file, ByteBuffer body) throws ShardFormatException {
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
        if (body.remaining() != datasetLength) {
            throw new ShardFormatException(file, "header body has " + body.remaining() + " bytes left for a data set name of "
                    + datasetLength + ": expected them to match");
        }
        byte[] dataset = new byte[datasetLength];
        body.get(dataset);
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
                    new String(dataset, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ShardFormatException(file, "invalid header: " + e.getMessage());
        }
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
