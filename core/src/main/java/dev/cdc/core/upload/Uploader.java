package dev.cdc.core.upload;

import dev.cdc.core.shard.ShardChunks;
import dev.cdc.core.shard.ShardHeader;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The edge's upload loop: for each chunk not yet acknowledged, pick k, encode, send (with
 * retries), then journal the acknowledgement. Up to {@link Options#inFlight()} chunks are sent at
 * once, so the round trip and the service's fsync of one chunk overlap the next ones (and the
 * encoding of the next chunk overlaps the sending of the last). Acknowledgements may arrive out
 * of order; each is journaled as it comes, so the journal holds any set of chunks and a restart
 * sends exactly the missing ones. With one chunk in flight every transfer has the link to itself
 * and its time is the link's, which is what k follows; with more, each transfer's time is shared
 * and the meter divides it by the chunks that were in flight ({@link LinkMeter#record(long, double, int)}).
 */
public final class Uploader {
    /** Transfers the link meter averages over. */
    static final int METER_WINDOW = 4;
    /** Chunks in flight by default: enough to hide a round trip and the service's fsync on most links. */
    public static final int DEFAULT_IN_FLIGHT = 4;
    /**
     * More chunks in flight than this only hold memory on the edge and connections on the service;
     * it stays well below the connections the service allows one address (64 by default), which
     * each chunk in flight may take.
     */
    public static final int MAX_IN_FLIGHT = 32;
    private final ChunkSource source;
    private final ChunkSender sender;
    private final UploadJournal journal;
    private final Options options;
    private final UploadListener listener;

    /**
     * @param chunkRecords records per chunk; fixes which records each sequence number names
     * @param deadline     time budget for this run, or null
     * @param maxRate      the most bytes per second to send, or 0 for no cap
     * @param inFlight     chunks sent at once, 1 to {@link #MAX_IN_FLIGHT}
     */
    public record Options(String edge, String shard, int chunkRecords, Duration deadline, double maxRate, int inFlight) {
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
            if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
                throw new IllegalArgumentException("in flight " + inFlight + " is not valid: expected 1 to " + MAX_IN_FLIGHT
                        + " chunks");
            }
        }

        /** One chunk at a time. */
        public Options(String edge, String shard, int chunkRecords, Duration deadline, double maxRate) {
            this(edge, shard, chunkRecords, deadline, maxRate, 1);
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

    /** A chunk on its way: what was sent, and how many chunks shared the link while it went. */
    private record Sent(long sequence, int bits, int records, int bytes, int sharing, ChunkSender.Reply reply) {
    }

    public Summary run() throws IOException {
        ExecutorService senders = Executors.newFixedThreadPool(options.inFlight(), runnable -> {
            Thread thread = new Thread(runnable, "cdc-upload-" + options.edge());
            thread.setDaemon(true);
            return thread;
        });
        try {
            return new Run(new ExecutorCompletionService<>(senders)).upload();
        } finally {
            senders.shutdownNow(); // after a failure, stops the other chunks' tries; the journal has what was acknowledged
        }
    }

    /** One run's counters and measurements, touched only by the thread that calls {@link #run}. */
    private final class Run {
        private final CompletionService<Sent> flights;
        private final WidthPolicy policy = new WidthPolicy(source.widths(), options.deadline(), options.maxRate());
        private final LinkMeter meter = new LinkMeter(METER_WINDOW);
        private final long total = source.records();
        private long recordsDone = journal.acks().values().stream().mapToLong(UploadJournal.Ack::records).sum();
        /** Records not yet sent by this run (those in flight count as sent). */
        private long recordsToSend = total - recordsDone;
        private long bytesSent;
        private int sent;
        private int repeated;
        private int inFlight;

        Run(CompletionService<Sent> flights) {
            this.flights = flights;
        }

        Summary upload() throws IOException {
            int chunkRecords = options.chunkRecords();
            long chunks = (total + chunkRecords - 1) / chunkRecords;
            Map<Integer, WireCost> costs = wireCosts(chunkRecords);
            long started = System.nanoTime();
            double encodeSeconds = 0;
            long encodedRecords = 0;
            long nextSendNanos = started;
            ChunkSender.RetryListener retries = serializedRetries();
            for (long sequence = 0; sequence < chunks; sequence++) {
                if (journal.acknowledged(sequence)) {
                    continue;
                }
                while (inFlight >= options.inFlight()) {
                    land(take());
                }
                for (Future<Sent> done = flights.poll(); done != null; done = flights.poll()) {
                    land(done); // so that k follows the latest measurement
                }
                int first = (int) (sequence * chunkRecords);
                int count = (int) Math.min(chunkRecords, total - first);
                double secondsLeft = options.deadline() == null ? Double.POSITIVE_INFINITY
                        : options.deadline().toNanos() / 1e9 - (System.nanoTime() - started) / 1e9;
                double encodeLeft = encodedRecords == 0 ? 0 : encodeSeconds / encodedRecords * recordsToSend;
                long left = recordsToSend;
                long chunksLeft = (left + chunkRecords - 1) / chunkRecords;
                int bits = policy.choose(k -> costs.get(k).of(left, chunksLeft), meter.bytesPerSecond(), encodeLeft, secondsLeft);

                long encodeStart = System.nanoTime();
                byte[] body = source.encode(bits, first, count);
                encodeSeconds += (System.nanoTime() - encodeStart) / 1e9;
                costs.put(bits, costs.get(bits).measured(count, body.length));
                encodedRecords += count;

                pace(nextSendNanos);
                long sendStart = System.nanoTime();
                long seq = sequence;
                int sharing = inFlight + 1;
                flights.submit(() -> new Sent(seq, bits, count, body.length, sharing,
                        sender.put(options.edge(), options.shard(), seq, body, retries)));
                inFlight++;
                recordsToSend -= count;
                if (options.maxRate() > 0) {
                    nextSendNanos = sendStart + (long) (body.length / options.maxRate() * 1e9);
                }
            }
            while (inFlight > 0) {
                land(take());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<Integer, Integer> perBits = new TreeMap<>();
            journal.acks().values().forEach(a -> perBits.merge(a.bits(), 1, Integer::sum));
            boolean met = options.deadline() == null || seconds <= options.deadline().toNanos() / 1e9;
            return new Summary((int) total, (int) chunks, sent, repeated, bytesSent, seconds, perBits, met);
        }

        private Future<Sent> take() throws UploadException {
            try {
                return flights.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UploadException("interrupted while waiting for the service's acknowledgement", e);
            }
        }

        /** Journals an acknowledged chunk, or ends the upload with the reason its sending failed. */
        private void land(Future<Sent> done) throws IOException {
            inFlight--;
            Sent flight;
            try {
                flight = done.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new UploadException("sending a chunk failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UploadException("interrupted while waiting for the service's acknowledgement", e);
            }
            ChunkSender.Reply reply = flight.reply();
            if (reply.records() != flight.records()) {
                throw new UploadException("the service acknowledged chunk " + flight.sequence() + " with " + reply.records()
                        + " records but it holds " + flight.records() + ": the service and this edge disagree; stopping");
            }
            meter.record(flight.bytes(), reply.seconds(), flight.sharing());
            journal.record(new UploadJournal.Ack(flight.sequence(), reply.bits(), flight.records()));
            bytesSent += flight.bytes();
            sent++;
            repeated += reply.repeated() ? 1 : 0;
            recordsDone += flight.records();
            double rate = policy.plannedRate(meter.bytesPerSecond().orElse(0));
            listener.chunkAcknowledged(new UploadListener.Progress(flight.sequence(), flight.bits(), reply.bits(), flight.records(),
                    flight.bytes(), reply.repeated(), rate, recordsDone, total, bytesSent));
        }
    }

    /** Retries are reported from the sending threads; listeners are written for one thread, so one at a time. */
    private ChunkSender.RetryListener serializedRetries() {
        return (sequence, attempt, cause, delay) -> {
            synchronized (listener) {
                listener.retrying(sequence, attempt, cause, delay);
            }
        };
    }

    /**
     * Bytes an upload costs at one width: per record, and per chunk for its header and framing.
     * A record's bytes start as the source expects them and become the mean of what this width
     * really encoded once it has encoded a chunk: a rANS-coded record's size depends on its codes.
     */
    private record WireCost(double perRecord, long perChunk, long measuredRecords, long measuredBytes) {
        long of(long records, long chunks) {
            return (long) Math.ceil(records * perRecord) + chunks * perChunk;
        }

        WireCost measured(int records, long chunkBytes) {
            long allRecords = measuredRecords + records;
            long allBytes = measuredBytes + chunkBytes - perChunk;
            return new WireCost((double) allBytes / allRecords, perChunk, allRecords, allBytes);
        }
    }

    private Map<Integer, WireCost> wireCosts(int chunkRecords) {
        Map<Integer, WireCost> costs = new TreeMap<>();
        for (int bits : source.widths()) {
            ShardHeader header = source.header(bits);
            long perChunk = ShardChunks.singleChunkShardBytes(header, chunkRecords) - (long) chunkRecords * header.stride();
            costs.put(bits, new WireCost(source.expectedRecordBytes(bits), perChunk, 0, 0));
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
