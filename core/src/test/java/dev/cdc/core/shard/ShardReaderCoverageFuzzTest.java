package dev.cdc.core.shard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cdc.core.CdcFormatException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the shard reader (Jazzer), beside the seeded mutation fuzzer of
 * {@link ShardReaderFuzzTest}: Jazzer follows branches the mutations do not aim at. The test
 * command runs the committed inputs under {@code ShardReaderCoverageFuzzTestInputs} (the golden
 * shards); {@code scripts/fuzz.sh} fuzzes. An input is read, every chunk included, or refused
 * with a {@link CdcFormatException}; anything else is a finding.
 */
class ShardReaderCoverageFuzzTest {
    private static final Path NAME = Path.of("fuzzed.cdc");

    @FuzzTest(maxDuration = "2m")
    void readsOrRefuses(byte[] input) throws IOException {
        try (ShardReader reader = ShardReader.open(NAME, input)) {
            long records = 0;
            for (ShardReader.ChunkInfo info : reader.chunks()) {
                ShardReader.Chunk chunk = reader.readChunk(info.index());
                records += chunk.records();
                assertTrue(chunk.codes().length <= input.length, "codes larger than the file");
            }
            assertTrue(records == reader.recordCount(), "chunks hold " + records + " records, the reader counted " + reader.recordCount());
        } catch (CdcFormatException refused) {
            assertTrue(refused.getMessage().length() < 2_000, "a refusal message of " + refused.getMessage().length() + " characters");
        }
    }
}
