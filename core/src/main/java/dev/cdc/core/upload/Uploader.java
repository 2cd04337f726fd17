package dev.cdc.core.upload;

import dev.cdc.core.shard.ShardChunks;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The edge's upload loop: for each chunk not yet acknowledged, pick k, encode, send (with
 * retries), then journal the acknowledgement. Chunks go one at a time and in order, so the
 * journal is a prefix plus the odd chunk a crash left between send and journal, and the time
 * each transfer takes is the link's, which is what k follows.
 */
public final class Uploader {
    /** Transfers the link meter averages over. */
    static final int METER_WINDOW = 4;
    private final ChunkSource source;
    private final ChunkSender sender;
    private final UploadJournal journal;
    private final Options options;
    private final UploadListener listener;

    /**
     * @param chunkRecords records per chunk; fixes which records each sequence number names
     * @param deadline     time budget for this run, or null
     * @param maxRate      the most bytes per second to send, or 0 for no cap
     */
    public record Options(String edge, String shard, int chunkRecords, Duration deadline, double maxRate) {
        public Options {
            if (chunkRecords < 1) {
                throw new IllegalArgumentException("chunk of " + chunkRecords + " records is not valid: expected at least 1");
            }
            if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
                throw new IllegalArgumentException("deadline " + deadline + " is not valid: expected a positive duration");
            }
            if (maxRate < 0) {
                throw new IllegalArgumentException("max rate " + maxRate + " is not valid: expected bytes per second > 0");
            }
        }
    }

    /**
     * What an upload did.
     *
     * @param chunksPerBits acknowledged chunks by the k the service holds them at, earlier runs included
     */
    public record Summary(int records, int chunks, int chunksSent, int chunksRepeated, long bytesSent, double seconds,
            Map<Integer, Integer> chunksPerBits, boolean deadlineMet) {
    }

    public Uploader(ChunkSource source, ChunkSender sender, UploadJournal journal, Options options, UploadListener listener) {
        this.source = source;
        this.sender = sender;
        this.journal = journal;
        this.options = options;
        this.listener = listener;
    }

    public static UploadJournal.Identity identity(ChunkSource source, Options options) {
        return new UploadJournal.Identity(options.edge(), options.shard(), source.records(), options.chunkRecords());
    }

    public Summary run() throws IOException {
        int total = source.records();
        int chunkRecords = options.chunkRecords();
        long chunks = (total + (long) chunkRecords - 1) / chunkRecords;
        WidthPolicy policy = new WidthPolicy(source.widths(), options.deadline(), options.maxRate());
        Map<Integer, WireCost> costs = wireCosts(chunkRecords);
        LinkMeter meter = new LinkMeter(METER_WINDOW);
        long started = System.nanoTime();
        long recordsDone = journal.acks().values().stream().mapToLong(UploadJournal.Ack::records).sum();
        long recordsLeft = total - recordsDone;
        long bytesSent = 0;
        int sent = 0;
        int repeated = 0;
        double encodeSeconds = 0;
        long encodedRecords = 0;
        long nextSendNanos = started;
        for (long sequence = 0; sequence < chunks; sequence++) {
            if (journal.acknowledged(sequence)) {
                continue;
            }
            int first = (int) (sequence * chunkRecords);
            int count = Math.min(chunkRecords, total - first);
            double secondsLeft = options.deadline() == null ? Double.POSITIVE_INFINITY
                    : options.deadline().toNanos() / 1e9 - (System.nanoTime() - started) / 1e9;
            double encodeLeft = encodedRecords == 0 ? 0 : encodeSeconds / encodedRecords * recordsLeft;
            long chunksLeft = (recordsLeft + chunkRecords - 1) / chunkRecords;
            long left = recordsLeft;
            int bits = policy.choose(k -> costs.get(k).of(left, chunksLeft), meter.bytesPerSecond(), encodeLeft, secondsLeft);

            long encodeStart = System.nanoTime();
            byte[] body = source.encode(bits, first, count);
            encodeSeconds += (System.nanoTime() - encodeStart) / 1e9;
            encodedRecords += count;

            pace(nextSendNanos);
            long sendStart = System.nanoTime();
            ChunkSender.Reply reply = sender.put(options.edge(), options.shard(), sequence, body, listener::retrying);
            if (reply.records() != count) {
                throw new UploadException("the service acknowledged chunk " + sequence + " with " + reply.records()
                        + " records but it holds " + count + ": the service and this edge disagree; stopping");
            }
            meter.record(body.length, reply.seconds());
            if (options.maxRate() > 0) {
                nextSendNanos = sendStart + (long) (body.length / options.maxRate() * 1e9);
            }
            journal.record(new UploadJournal.Ack(sequence, reply.bits(), count));
            bytesSent += body.length;
            sent++;
            repeated += reply.repeated() ? 1 : 0;
            recordsDone += count;
            recordsLeft -= count;
            double rate = policy.plannedRate(meter.bytesPerSecond().orElse(0));
            listener.chunkAcknowledged(new UploadListener.Progress(sequence, bits, reply.bits(), count, body.length,
                    reply.repeated(), rate, recordsDone, total, bytesSent));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<Integer, Integer> perBits = new TreeMap<>();
        journal.acks().values().forEach(a -> perBits.merge(a.bits(), 1, Integer::sum));
        boolean met = options.deadline() == null || seconds <= options.deadline().toNanos() / 1e9;
        return new Summary(total, (int) chunks, sent, repeated, bytesSent, seconds, perBits, met);
    }

    /** Bytes an upload costs at one width: per record, and per chunk for its header and framing. */
    private record WireCost(long perRecord, long perChunk) {
        long of(long records, long chunks) {
            return records * perRecord + chunks * perChunk;
        }
    }

    private Map<Integer, WireCost> wireCosts(int chunkRecords) {
        Map<Integer, WireCost> costs = new TreeMap<>();
        for (int bits : source.widths()) {
            long perRecord = source.header(bits).stride();
            long perChunk = ShardChunks.singleChunkShardBytes(source.header(bits), chunkRecords) - chunkRecords * perRecord;
            costs.put(bits, new WireCost(perRecord, perChunk));
        }
        return costs;
    }

    /** Waits until the rate cap allows the next send. */
    private static void pace(long notBeforeNanos) throws UploadException {
        long wait = notBeforeNanos - System.nanoTime();
        if (wait <= 0) {
            return;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadException("interrupted while pacing to --max-rate", e);
        }
    }
}
