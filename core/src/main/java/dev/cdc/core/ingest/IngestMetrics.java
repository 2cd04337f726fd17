package dev.cdc.core.ingest;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters the ingest service exposes at {@code /metrics} in the Prometheus text format (version 0.0.4). */
public final class IngestMetrics {
    private final LongAdder bytes = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder chunks = new LongAdder();
    private final LongAdder repeats = new LongAdder();
    private final Map<RejectReason, LongAdder> rejections = new EnumMap<>(RejectReason.class);
    private final LongAdder refusedConnections = new LongAdder();
    private final LongAdder incompleteConnections = new LongAdder();

    public IngestMetrics() {
        for (RejectReason reason : RejectReason.values()) {
            rejections.put(reason, new LongAdder());
        }
    }

    void stored(int bodyBytes, int recordCount) {
        bytes.add(bodyBytes);
        records.add(recordCount);
        chunks.increment();
    }

    void repeated() {
        repeats.increment();
    }

    void rejected(RejectReason reason) {
        rejections.get(reason).increment();
    }

    /** A connection closed on arrival: its address held too many. */
    void refusedConnection() {
        refusedConnections.increment();
    }

    /** A connection that closed (idle, too slow, cut by the client) in the middle of a request or before any. */
    void incompleteConnection() {
        incompleteConnections.increment();
    }

    public long refusedConnections() {
        return refusedConnections.sum();
    }

    public long incompleteConnections() {
        return incompleteConnections.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long records() {
        return records.sum();
    }

    public long chunks() {
        return chunks.sum();
    }

    public long repeats() {
        return repeats.sum();
    }

    public long rejections(RejectReason reason) {
        return rejections.get(reason).sum();
    }

    public String prometheusText() {
        StringBuilder out = new StringBuilder();
        counter(out, "cdc_ingest_bytes_total", "Bytes of chunks stored (whole one-chunk .cdc files, headers included).", bytes.sum());
        counter(out, "cdc_ingest_records_total", "Records stored.", records.sum());
        counter(out, "cdc_ingest_chunks_total", "Chunks stored.", chunks.sum());
        counter(out, "cdc_ingest_repeated_chunks_total", "Chunks received again after being stored; acknowledged, not stored twice.",
                repeats.sum());
        counter(out, "cdc_ingest_refused_connections_total", "Connections closed on arrival: their address held too many.",
                refusedConnections.sum());
        counter(out, "cdc_ingest_incomplete_connections_total",
                "Connections that closed in the middle of a request or before one (idle, too slow, or cut by the client).",
                incompleteConnections.sum());
        out.append("# HELP cdc_ingest_rejections_total Requests refused, by reason; nothing was written for them.\n");
        out.append("# TYPE cdc_ingest_rejections_total counter\n");
        for (RejectReason reason : RejectReason.values()) {
            out.append("cdc_ingest_rejections_total{reason=\"").append(reason.label()).append("\"} ")
                    .append(rejections.get(reason).sum()).append('\n');
        }
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }
}
