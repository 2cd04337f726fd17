package dev.cdc.core.ingest;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.bundle.BundlePair;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.codec.Quantizer;
import dev.cdc.core.codec.RangeMode;
import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.modelfile.ModelCodeTables;
import dev.cdc.core.shard.DecoderMatch;
import dev.cdc.core.shard.LabelEncoding;
import dev.cdc.core.shard.ShardFormatException;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether an uploaded body may be stored: it must be a whole one-chunk {@code .cdc}
 * file whose CRCs hold, from an encoder of the bundle, at a width the bundle can decode, and
 * whose records the cloud's reader accepts, decoded as it will decode them (every label below
 * the class count, every code decoding to a finite number, a rANS stream decoding to exactly its
 * records under the tables of the pair's model). A chunk that passes here can never stop
 * {@code cdc train-cloud}: what the cloud cannot train on is refused at the door.
 */
public final class ChunkAcceptance {
    private final Bundle bundle;
    /** Each pair's code tables, read from its model file when a rANS chunk first needs them; empty when it has none. */
    private final Map<Integer, Optional<CodeTables>> tables = new ConcurrentHashMap<>();

    public ChunkAcceptance(Bundle bundle) {
        this.bundle = bundle;
    }

    /** What an accepted chunk holds. */
    public record Accepted(ShardHeader header, int records) {
    }

    public Accepted check(byte[] body) throws IngestRejection {
        ShardReader reader;
        try {
            reader = ShardReader.open(Path.of("upload"), body);
        } catch (ShardFormatException e) {
            throw new IngestRejection(e.checksumFailure() ? RejectReason.CRC_MISMATCH : RejectReason.MALFORMED, e.getMessage());
        } catch (IOException e) {
            throw new IngestRejection(RejectReason.MALFORMED, "upload: " + e.getMessage());
        }
        Optional<ShardReader.Damage> damage = reader.damage();
        if (damage.isPresent()) {
            throw new IngestRejection(damage.get().checksum() ? RejectReason.CRC_MISMATCH : RejectReason.MALFORMED,
                    "upload: " + damage.get().message());
        }
        if (reader.chunks().size() != 1) {
            throw new IngestRejection(RejectReason.MALFORMED, "upload holds " + reader.chunks().size()
                    + " chunks: expected a .cdc file with exactly one chunk");
        }
        ShardHeader header = reader.header();
        BundlePair pair = checkAgainstBundle(header);
        if (header.coding().isRans()) {
            useTables(reader, pair);
        }
        checkRecords(reader, header, 0);
        return new Accepted(header, (int) reader.recordCount());
    }

    /** Gives the reader the tables of the pair's model, refusing a chunk coded with others. */
    private void useTables(ShardReader reader, BundlePair pair) throws IngestRejection {
        Optional<CodeTables> pairTables = tables.computeIfAbsent(pair.bits(), k -> {
            try {
                return Optional.ofNullable(ModelCodeTables.read(bundle.file(pair),
                        Arrays.stream(bundle.latentShape()).reduce(1, (a, b) -> a * b), pair.bits()));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the service's own files: a 500 and a log line, not the edge's fault
            }
        });
        if (pairTables.isEmpty()) {
            throw new IngestRejection(RejectReason.CODEC_MISMATCH, "codes are rANS-coded, but the bundle's k=" + pair.bits()
                    + " model has no code tables: upload with --codec packed");
        }
        try {
            reader.useCodeTables(pairTables.get());
        } catch (ShardFormatException e) {
            throw new IngestRejection(RejectReason.CODEC_MISMATCH, e.getMessage());
        }
    }

    /**
     * Reads and decodes chunk {@code index}'s records exactly as the cloud's reader will (a rANS
     * shard's reader must have its tables).
     */
    static void checkRecords(ShardReader reader, ShardHeader header, int index) throws IngestRejection {
        ShardReader.Chunk chunk;
        try {
            chunk = reader.readChunk(index);
        } catch (ShardFormatException e) {
            throw new IngestRejection(RejectReason.INVALID_RECORDS, e.getMessage());
        } catch (IOException e) {
            throw new IngestRejection(RejectReason.MALFORMED, "upload: " + e.getMessage());
        }
        if (header.codec().mode() == RangeMode.FIXED) {
            checkFixedRange(header.codec());
            return;
        }
        int n = header.elementsPerRecord();
        float[] values = new float[Math.multiplyExact(chunk.records(), n)];
        new FastCodec(header.codec()).decodeRecords(chunk.codes(), chunk.records(), n, values);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IngestRejection(RejectReason.INVALID_RECORDS, "record " + i / n + " decodes to " + values[i]
                        + " at element " + i % n + ": expected finite values (a corrupt block range?)");
            }
        }
    }

    /**
     * In fixed mode a code's value depends on the code alone, so checking each of the 2^k values
     * once says what decoding every record would, without decoding them (decoding was the
     * service's largest Java cost per chunk in a profile). A range too wide for float32 steps is what makes a value infinite.
     */
    private static void checkFixedRange(CodecSpec codec) throws IngestRejection {
        Quantizer quantizer = codec.fixedQuantizer();
        for (int code = 0; code < 1 << codec.bits(); code++) {
            float value = quantizer.value(code);
            if (!Float.isFinite(value)) {
                throw new IngestRejection(RejectReason.INVALID_RECORDS, "code " + code + " of the fixed range [" + codec.lo() + ", "
                        + codec.hi() + "] decodes to " + value + ": expected a range whose values are finite");
            }
        }
    }

    /** The bundle's pair for the header's encoder, once everything the header says matches it. */
    private BundlePair checkAgainstBundle(ShardHeader header) throws IngestRejection {
        int bits = header.codec().bits();
        if (bundle.pair(bits).isEmpty()) {
            throw new IngestRejection(RejectReason.UNSUPPORTED_K, "codes are " + bits + "-bit but the bundle has decoders for k="
                    + Arrays.toString(bundle.widths()) + " only");
        }
        Optional<BundlePair> pair = bundle.pair(header.fingerprint());
        if (pair.isEmpty()) {
            throw new IngestRejection(RejectReason.UNKNOWN_FINGERPRINT, "encoder fingerprint " + header.fingerprint()
                    + " is not in the bundle: expected one of its pairs' encoders (k=" + Arrays.toString(bundle.widths()) + ")");
        }
        Optional<DecoderMatch.Mismatch> mismatch = new DecoderMatch(pair.get().fingerprint(), pair.get().bits(), bundle.latentShape())
                .check(header);
        if (mismatch.isPresent()) {
            RejectReason reason = switch (mismatch.get().difference()) {
                case BITS -> RejectReason.UNSUPPORTED_K;
                case FINGERPRINT -> RejectReason.UNKNOWN_FINGERPRINT;
                case LATENT_SHAPE -> RejectReason.CODEC_MISMATCH;
            };
            throw new IngestRejection(reason, mismatch.get().message());
        }
        // Stricter than the decoder, which reads any range a header states: a chunk must use its pair's own codec.
        if (!pair.get().codec().equals(header.codec())) {
            throw new IngestRejection(RejectReason.CODEC_MISMATCH, "codec " + header.codec() + " with latent shape "
                    + Arrays.toString(header.latentShape()) + " does not match the bundle's " + pair.get().codec() + " with "
                    + Arrays.toString(bundle.latentShape()));
        }
        if (header.labels() == LabelEncoding.NONE || header.classCount() > bundle.classes()) {
            throw new IngestRejection(RejectReason.UNLABELLED, "records carry " + header.classCount() + " classes ("
                    + header.labels() + "): the cloud classifier needs labels of at most " + bundle.classes() + " classes");
        }
        return pair.get();
    }
}
