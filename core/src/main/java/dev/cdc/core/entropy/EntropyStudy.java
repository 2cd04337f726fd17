package dev.cdc.core.entropy;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.codec.RangeMode;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * What entropy coding would save on a bit-packed shard, measured rather than estimated: tables
 * are fitted on the first chunks' codes (as a model's tables would be on its training set) and
 * the remaining, held-out chunks are really coded, one rANS stream per chunk as shards will
 * carry them, for each way of sharing tables among a record's elements.
 */
public final class EntropyStudy {
    /** One table layout's outcome on the held-out chunks. */
    public record LayoutResult(CodeTables.Layout layout, int tables, int tableBytes, double crossEntropyBytesPerRecord,
            double streamBytesPerRecord, double overheadPercent) {
    }

    /**
     * The study of one shard; {@code deflateBytesPerRecord} is the peer: each held-out chunk's
     * packed codes through a general-purpose compressor (java.util.zip's deflate at its best level).
     */
    public record Result(int bits, int[] latentShape, long fittedRecords, long heldOutRecords, double packedBytesPerRecord,
            double deflateBytesPerRecord, List<LayoutResult> layouts) {
    }

    private EntropyStudy() {
    }

    /**
     * Fits on the first {@code fitShare} of the shard's chunks (at least one, at most all but one)
     * and codes the rest.
     *
     * @throws CdcFormatException for a shard in block range mode (its records carry ranges among the
     *                            codes), or with fewer than two chunks to fit on and hold out
     */
    public static Result measure(ShardReader reader, double fitShare) throws IOException {
        ShardHeader header = reader.header();
        if (header.codec().mode() != RangeMode.FIXED) {
            throw new CdcFormatException(reader.file(), "uses block ranges: the study reads fixed-range shards, whose records"
                    + " are codes only");
        }
        if (header.coding().isRans()) {
            throw new CdcFormatException(reader.file(), "is already rANS-coded: the study fits tables on a bit-packed shard"
                    + " (`cdc encode --codec packed`); `cdc shard inspect --model` measures a coded one");
        }
        int chunks = reader.chunks().size();
        if (chunks < 2) {
            throw new CdcFormatException(reader.file(), "has " + chunks + " chunk(s): expected at least two, one to fit tables"
                    + " on and one to code");
        }
        int fitChunks = Math.max(1, Math.min(chunks - 1, (int) Math.round(chunks * fitShare)));
        int[] shape = header.latentShape();
        int channels = shape[0];
        int elements = header.elementsPerRecord();
        int positions = elements / channels;
        int symbols = 1 << header.codec().bits();
        Codes fit = codes(reader, header, 0, fitChunks);
        // The held-out chunks are read and unpacked once, then coded under every layout.
        List<Codes> held = new ArrayList<>();
        long heldOut = 0;
        long deflated = 0;
        for (int c = fitChunks; c < chunks; c++) {
            ShardReader.Chunk chunk = reader.readChunk(c);
            held.add(unpacked(header, chunk));
            heldOut += chunk.records();
            deflated += deflatedSize(chunk.codes());
        }
        List<LayoutResult> layouts = new ArrayList<>();
        for (CodeTables.Layout layout : CodeTables.Layout.values()) {
            CodeTables tables = CodeTables.fit(fit.codes(), (int) fit.records(), channels, positions, symbols, layout);
            double bits = 0;
            long streamBytes = 0;
            for (Codes chunk : held) {
                int count = (int) chunk.records() * elements;
                bits += tables.bits(chunk.codes(), count);
                streamBytes += RansCoder.encode(chunk.codes(), count, tables).length;
            }
            double ideal = bits / 8 / heldOut;
            double actual = (double) streamBytes / heldOut;
            layouts.add(new LayoutResult(layout, tables.tableCount(), tables.toBytes().length, ideal, actual,
                    100 * (actual - ideal) / ideal));
        }
        return new Result(header.codec().bits(), shape, fit.records(), heldOut, header.recordBytes(), (double) deflated / heldOut,
                layouts);
    }

    private static long deflatedSize(byte[] packed) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(packed);
            deflater.finish();
            byte[] buffer = new byte[8192];
            long size = 0;
            while (!deflater.finished()) {
                size += deflater.deflate(buffer);
            }
            return size;
        } finally {
            deflater.end();
        }
    }

    /** Codes of a run of chunks, one per byte, records in order. */
    private record Codes(byte[] codes, long records) {
    }

    private static Codes codes(ShardReader reader, ShardHeader header, int fromChunk, int toChunk) throws IOException {
        int elements = header.elementsPerRecord();
        long records = 0;
        for (int c = fromChunk; c < toChunk; c++) {
            records += reader.chunks().get(c).records();
        }
        if (records * elements > Integer.MAX_VALUE - 16) {
            throw new CdcFormatException(reader.file(), records + " records of " + elements + " codes are too many to study at once");
        }
        byte[] codes = new byte[(int) (records * elements)];
        int at = 0;
        for (int c = fromChunk; c < toChunk; c++) {
            Codes chunk = unpacked(header, reader.readChunk(c));
            System.arraycopy(chunk.codes(), 0, codes, at, chunk.codes().length);
            at += chunk.codes().length;
        }
        return new Codes(codes, records);
    }

    /** One chunk's codes, one per byte. */
    private static Codes unpacked(ShardHeader header, ShardReader.Chunk chunk) {
        int elements = header.elementsPerRecord();
        byte[] codes = new byte[chunk.records() * elements];
        FastCodec codec = new FastCodec(header.codec());
        int[] record = new int[elements];
        for (int r = 0; r < chunk.records(); r++) {
            codec.unpackCodes(chunk.codes(), r * header.recordBytes(), elements, record, 0);
            for (int e = 0; e < elements; e++) {
                codes[r * elements + e] = (byte) record[e];
            }
        }
        return new Codes(codes, chunk.records());
    }
}
