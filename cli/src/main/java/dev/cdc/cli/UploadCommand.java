package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.edge.JavaBundleChunkSource;
import dev.cdc.core.ingest.TlsContexts;
import dev.cdc.core.ingest.UploadNames;
import dev.cdc.core.shard.EntropyCoding;
import dev.cdc.core.text.Printable;
import dev.cdc.core.upload.ChunkSender;
import dev.cdc.core.upload.ChunkSource;
import dev.cdc.core.upload.RetryPolicy;
import dev.cdc.core.upload.UploadJournal;
import dev.cdc.core.upload.Uploader;
import dev.cdc.training.bundle.BundleChunkSource;
import dev.cdc.training.bundle.BundleModels;
import dev.cdc.training.data.TrainingImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc upload}: the edge's client, encoding chunk by chunk at the k the link allows. */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Encode images with a bundle's encoders and upload them to `cdc serve`, one chunk at a time, with " +
            "retries. With --deadline, each chunk's k is the widest that finishes in time at the link rate measured over " +
            "the last chunks. A journal of acknowledged chunks makes a rerun of the same command resume where it stopped."})
public final class UploadCommand implements Callable<Integer>, LibTorchCommand {
    /** A token is a few dozen characters; a larger file is the wrong file. */
    private static final long MAX_TOKEN_FILE_BYTES = 4096;
    @Spec
    CommandSpec spec;
    @Mixin
    DataOptions data;
    @Mixin
    JsonOutput json;
    @Mixin
    DatasetOption datasetOption;
    @Option(names = "--split", defaultValue = "train", paramLabel = "SPLIT",
            description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;
    @Mixin
    FirstImagesOption images;
    @Option(names = "--skip", defaultValue = "0", paramLabel = "N",
            description = "Start after the first N images, for edges holding different parts of one data set (default: ${DEFAULT-VALUE}).")
    int skip;
    @Mixin
    DeviceOption deviceOption;
    @Mixin
    BackendOption backend;
    @Mixin
    CodecOption codec;
    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "The bundle of encoders, one per k.")
    Path bundlePath;
    @Option(names = "--server", required = true, paramLabel = "URL", description = "The ingest service, e.g. http://cloud:8750/.")
    URI server;
    @Option(names = "--edge", required = true, paramLabel = "NAME", description = "This edge's name, as its token was issued for.")
    String edge;
    @Option(names = "--token-env", defaultValue = "CDC_TOKEN", paramLabel = "VAR",
            description = "Environment variable holding this edge's token (default: ${DEFAULT-VALUE}).")
    String tokenEnv;
    @Option(names = "--token-file", paramLabel = "FILE", description = "Read this edge's token from FILE instead.")
    Path tokenFile;
    @Option(names = "--shard", paramLabel = "ID", description = "Upload id on the service (default: DATASET-SPLIT).")
    String shard;
    @Option(names = "--chunk", defaultValue = "256", paramLabel = "R",
            description = "Records per chunk (default: ${DEFAULT-VALUE}).")
    int chunk;
    @Option(names = "--in-flight", defaultValue = "" + Uploader.DEFAULT_IN_FLIGHT, paramLabel = "W",
            description = "Chunks sent at once, 1 to " + Uploader.MAX_IN_FLIGHT + ": hides the round trip and the service's fsync;"
                    + " 1 lets k follow the link most closely (default: ${DEFAULT-VALUE}).")
    int inFlight;
    @Option(names = "--deadline", converter = Quantities.DurationConverter.class, paramLabel = "TIME",
            description = "Finish this run within TIME (e.g. 10m): k per chunk follows the measured link rate.")
    Duration deadline;
    @Option(names = "--max-rate", converter = Quantities.RateConverter.class, paramLabel = "RATE",
            description = "Send at most RATE bytes per second (e.g. 500k, 2MB/s); with --deadline, k is planned at this rate at most.")
    Double maxRate;
    @Option(names = "--journal", paramLabel = "FILE",
            description = "Journal of acknowledged chunks (default: ~/.cache/cdc/uploads/EDGE/SHARD.journal).")
    Path journalPath;
    @Option(names = "--truststore", paramLabel = "FILE", description = "Keystore of certificates to trust for an https service.")
    Path truststore;
    @Option(names = "--truststore-password-env", defaultValue = "CDC_TRUSTSTORE_PASSWORD", paramLabel = "VAR",
            description = "Environment variable holding the truststore password (default: ${DEFAULT-VALUE}).")
    String truststorePasswordEnv;
    @Option(names = "--retries", defaultValue = "14", paramLabel = "N",
            description = "Tries per chunk before giving up, with exponential backoff up to 30 s (default: ${DEFAULT-VALUE}).")
    int retries;

    /** What {@code --json} prints. */
    public record UploadReport(String edge, String shard, String server, int records, int chunks, int chunksSent,
            int chunksRepeated, long bytesSent, double seconds, Map<Integer, Integer> chunksPerBits, boolean deadlineMet,
            String journal) {
    }

    @Override
    public boolean usesLibTorch() {
        // An unknown name loads nothing either: call() reports it.
        return "libtorch".equals(backend.name);
    }

    @Override
    public Integer call() throws IOException {
        String shardId = shard != null ? shard : datasetOption.source().label() + "-" + split;
        UploadNames.require("--edge", edge);
        UploadNames.require("--shard", shardId);
        if (chunk < 1) {
            throw new UsageException("--chunk " + chunk + " is not valid: expected at least 1");
        }
        if (inFlight < 1 || inFlight > Uploader.MAX_IN_FLIGHT) {
            throw new UsageException("--in-flight " + inFlight + " is not valid: expected 1 to " + Uploader.MAX_IN_FLIGHT + " chunks");
        }
        codec.check();
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
            throw new UsageException("--server " + Printable.of(server.toString())
                    + " is not valid: expected an http:// or https:// address");
        }
        if (tokenFile != null && Files.size(tokenFile) > MAX_TOKEN_FILE_BYTES) {
            throw new UsageException("--token-file " + tokenFile + " has " + Files.size(tokenFile) + " bytes: expected one token"
                    + " as `cdc token add` prints it (well under " + MAX_TOKEN_FILE_BYTES + " bytes)");
        }
        String token = tokenFile != null ? Files.readString(tokenFile).trim() : System.getenv(tokenEnv);
        if (token == null || token.isBlank()) {
            throw new UsageException("no token: put this edge's token (from `cdc token add`) in the environment variable " + tokenEnv
                    + " or give --token-file");
        }
        // Made before the models load so that a bad token or address is reported at once; it opens nothing until used.
        ChunkSender sender = new ChunkSender(server, token.trim(), tls(),
                new RetryPolicy(retries, RetryPolicy.DEFAULT.initial(), RetryPolicy.DEFAULT.max()), Duration.ofSeconds(60));
        Bundle bundle = Bundle.read(bundlePath);
        backend.requireCpu(deviceOption);
        ImageSet set = ClassFit.align(DatasetSplit.read(data.directory(), datasetOption.source(), split, skip, images.limit(), spec),
                bundle.classNames(), bundlePath, datasetOption.name());
        int[] shape = {set.channels(), set.height(), set.width()};
        if (!Arrays.equals(shape, bundle.imageShape())) {
            throw new UsageException(bundlePath + " takes " + Arrays.toString(bundle.imageShape()) + " images but "
                    + datasetOption.name() + " has " + Arrays.toString(shape));
        }
        String dataset = datasetOption.source().label() + "/" + split;
        EntropyCoding.Kind coding = codec.kind(bundle, spec.commandLine().getErr());
        ChunkSource source = backend.java() ? new JavaBundleChunkSource(bundle, set, dataset, coding)
                : libTorchSource(bundle, set, dataset, coding);
        Uploader.Options options = new Uploader.Options(edge, shardId, chunk, deadline, maxRate == null ? 0 : maxRate, inFlight);
        Path journalFile = journalPath != null ? journalPath : defaultJournal(edge, shardId);
        PrintWriter err = spec.commandLine().getErr();
        Uploader.Summary summary;
        try (sender; UploadJournal journal = UploadJournal.open(journalFile, Uploader.identity(source, options));
                UploadProgress progress = new UploadProgress(err, System.err, set.count(),
                        journal.acks().values().stream().mapToLong(UploadJournal.Ack::records).sum())) {
            summary = new Uploader(source, sender, journal, options, progress).run();
        }
        UploadReport report = new UploadReport(edge, shardId, server.toString(), summary.records(), summary.chunks(),
                summary.chunksSent(), summary.chunksRepeated(), summary.bytesSent(), summary.seconds(), summary.chunksPerBits(),
                summary.deadlineMet(), journalFile.toString());
        PrintWriter out = spec.commandLine().getOut();
        if (json.enabled()) {
            JsonOutput.print(out, report);
        } else {
            out.printf("%s/%s: %,d records in %d chunks acknowledged (%d sent now, %d already stored), %s sent in %.1f s;"
                    + " chunks per k: %s%s%n", edge, shardId, summary.records(), summary.chunks(), summary.chunksSent(),
                    summary.chunksRepeated(), Quantities.bytes(summary.bytesSent()), summary.seconds(), summary.chunksPerBits(),
                    deadline == null ? "" : summary.deadlineMet() ? "; deadline met" : "; DEADLINE MISSED");
            out.flush();
        }
        return summary.deadlineMet() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private SSLContext tls() throws IOException {
        if (truststore == null) {
            return null;
        }
        String password = System.getenv(truststorePasswordEnv);
        return TlsContexts.client(truststore, password == null ? new char[0] : password.toCharArray());
    }

    private static Path defaultJournal(String edge, String shard) {
        return Path.of(System.getProperty("user.home"), ".cache", "cdc", "uploads", edge, shard + ".journal");
    }

    /** The bundle's models through LibTorch; only this path loads it. */
    private ChunkSource libTorchSource(Bundle bundle, ImageSet set, String dataset, EntropyCoding.Kind coding) throws IOException {
        return new BundleChunkSource(bundle, BundleModels.load(bundle), TrainingImages.of(set), dataset, deviceOption.device(),
                coding);
    }

}
