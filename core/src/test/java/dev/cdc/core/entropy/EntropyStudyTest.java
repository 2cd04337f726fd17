package dev.cdc.core.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study of what rANS saves on a bit-packed shard, on codes whose statistics differ by channel. */
class EntropyStudyTest {
    @TempDir
    Path dir;

    @Test
    void tablesFittedOnTheFirstChunksCodeTheRestNearTheirCrossEntropy() throws IOException {
        Path shard = EntropyFixtures.skewedShard(dir.resolve("s.cdc"), CodecSpec.fixed(2, 0f, 1f), 10);
        EntropyStudy.Result result;
        try (ShardReader reader = ShardReader.open(shard)) {
            result = EntropyStudy.measure(reader, 0.8);
        }
        assertEquals(800, result.fittedRecords());
        assertEquals(200, result.heldOutRecords());
        assertEquals(5, result.packedBytesPerRecord(), 1e-9, "18 codes of 2 bits");
        assertTrue(result.deflateBytesPerRecord() > 1 && result.deflateBytesPerRecord() < 6, "the peer: " + result);
        EntropyStudy.LayoutResult single = result.layouts().get(0);
        EntropyStudy.LayoutResult perChannel = result.layouts().get(1);
        assertEquals(CodeTables.Layout.PER_CHANNEL, perChannel.layout());
        assertTrue(perChannel.streamBytesPerRecord() < single.streamBytesPerRecord() * 0.85,
                perChannel + " against " + single);
        assertTrue(perChannel.streamBytesPerRecord() < result.packedBytesPerRecord() * 0.75, perChannel.toString());
        for (EntropyStudy.LayoutResult layout : result.layouts()) {
            // Held-out data: the stream is within a chunk's 4-byte state (2 chunks over 200 records) of the cross-entropy.
            assertTrue(layout.streamBytesPerRecord() >= layout.crossEntropyBytesPerRecord(), layout.toString());
            assertTrue(layout.streamBytesPerRecord() <= layout.crossEntropyBytesPerRecord() + 0.06, layout.toString());
        }
    }

    @Test
    void blockRangeShardsAndSingleChunksAreRefused() throws IOException {
        Path block = EntropyFixtures.skewedShard(dir.resolve("b.cdc"), CodecSpec.block(2, 6), 3);
        try (ShardReader reader = ShardReader.open(block)) {
            CdcFormatException e = assertThrows(CdcFormatException.class, () -> EntropyStudy.measure(reader, 0.8));
            assertTrue(e.getMessage().contains("block ranges"), e.getMessage());
        }
        Path one = EntropyFixtures.skewedShard(dir.resolve("one.cdc"), CodecSpec.fixed(2, 0f, 1f), 1);
        try (ShardReader reader = ShardReader.open(one)) {
            CdcFormatException e = assertThrows(CdcFormatException.class, () -> EntropyStudy.measure(reader, 0.8));
            assertTrue(e.getMessage().contains("at least two"), e.getMessage());
        }
    }
}
