package dev.cdc.cli;

import dev.cdc.bench.Machine;
import dev.cdc.bench.compare.CodecComparison;
import dev.cdc.bench.compare.EncodeComparison;
import dev.cdc.bench.compare.EntropyCodingComparison;
import dev.cdc.bench.compare.GpuCodecComparison;
import dev.cdc.bench.compare.JavaEncodeComparison;
import dev.cdc.bench.compare.TrainStepComparison;
import dev.cdc.bench.ingest.IngestBenchmark;
import dev.cdc.bench.ingest.PassCpu;
import dev.cdc.core.data.ImageSet;
import dev.cdc.core.data.KnownDataset;
import dev.cdc.core.edge.CodeAgreement;
import dev.cdc.core.edge.JavaEncoder;
import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.upload.Uploader;
import dev.cdc.nativeconfig.PresetVersions;
import dev.cdc.nativeconfig.ThreadSettings;
import dev.cdc.training.ComputeDevice;
import dev.cdc.training.data.TrainingImages;
import dev.cdc.training.model.CdcModel;
import dev.cdc.training.model.ModelConfig;
import dev.cdc.training.pipeline.CodeTableFitting;
import dev.cdc.training.store.ModelStore;
import dev.cdc.training.store.TrainingState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cdc bench}: user-facing benchmarks, each against a peer measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks, each as a ratio against a peer in the same run.",
        subcommands = {BenchCommand.Codec.class, BenchCommand.Encode.class, BenchCommand.Entropy.class, BenchCommand.Train.class,
            BenchCommand.Ingest.class})
public final class BenchCommand extends ParentCommand {

    /** Options every bench command shares. */
    abstract static class BenchBase implements Callable<Integer>, LibTorchCommand {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--rounds", defaultValue = "5", paramLabel = "N",
                description = "Timed rounds; the median is reported (default: ${DEFAULT-VALUE}).")
        int rounds;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        void printMachine(Machine m, int threads) {
            printMachine(m, "LibTorch threads", threads);
        }

        void printMachine(Machine m, String threadsLabel, int threads) {
            out().printf(Locale.ROOT, "machine: %d cores, %s, %s, Java %s; %s: %d; GPU: %s%n", m.cores(), m.cpu(), m.os(), m.java(),
                    threadsLabel, threads, m.gpu());
        }

        int threads() {
            return org.bytedeco.pytorch.global.torch.get_num_threads();
        }
    }

    @Command(name = "codec", mixinStandardHelpOptions = true,
            description = "Fixed-range quantize-and-pack on the CPU: reference, fast path, LibTorch op chain, plain copy; "
                    + "M elements/s. With a GPU and the GPU LibTorch (-Pgpu build), also on the GPU: the fused kernel, "
                    + "the LibTorch op chain and a device-to-device copy; GB/s.")
    static final class Codec extends BenchBase {
        @Option(names = "--elements", defaultValue = "1048576", paramLabel = "N",
                description = "Elements per call (default: ${DEFAULT-VALUE}).")
        int elements;
        @Option(names = "--bits", defaultValue = "1,2,4,8", split = ",", paramLabel = "K",
                description = "Widths (default: ${DEFAULT-VALUE}).")
        int[] widths;
        @Option(names = "--plot", paramLabel = "PNG", description = "Also draw the ratios as a bar chart.")
        Path plot;
        @Option(names = "--gpu-elements", defaultValue = "67108864", paramLabel = "N",
                description = "Elements per call on the GPU (default: ${DEFAULT-VALUE} = 2^26).")
        long gpuElements;

        /** What {@code --json} prints; {@code gpuRows} is empty and {@code gpuSkipped} says why when the GPU part could not run. */
        public record CodecReport(Machine machine, int threads, int elements, List<CodecComparison.Row> rows,
                List<GpuCodecComparison.Row> gpuRows, String gpuSkipped) {
        }

        @Override
        public Integer call() throws Exception {
            if (gpuElements < 1 || gpuElements > Integer.MAX_VALUE) {
                throw new UsageException("--gpu-elements " + gpuElements + " is not valid: expected 1 to " + Integer.MAX_VALUE);
            }
            int threads = threads();  // configures LibTorch's threads (CDC_THREADS) before the chain runs
            List<CodecComparison.Row> cpuRows = CodecComparison.run(elements, widths, rounds);
            String gpuSkipped = GpuCodecComparison.unavailableReason();
            List<GpuCodecComparison.Row> gpuRows = gpuSkipped == null ? GpuCodecComparison.run(gpuElements, widths, 0) : List.of();
            CodecReport report = new CodecReport(Machine.current(), threads, elements, cpuRows, gpuRows, gpuSkipped);
            if (plot != null) {
                BenchCharts.codec(plot, report.rows());
            }
            if (json.enabled()) {
                JsonOutput.print(out(), report);
                return ExitCodes.OK;
            }
            printMachine(report.machine(), report.threads());
            out().printf(Locale.ROOT, "quantize-and-pack of %,d float32 in [0, 1], median of %d rounds, M elements/s:%n", elements, rounds);
            out().printf("| k | reference | fast | LibTorch op chain | copy | fast / reference | fast / chain | copy / fast |%n");
            out().printf("|---|---|---|---|---|---|---|---|%n");
            for (CodecComparison.Row r : report.rows()) {
                out().printf(Locale.ROOT, "| %d | %.0f | %.0f | %.0f | %.0f | %.1fx | %.1fx | %.1fx |%n", r.bits(), r.reference(), r.fast(),
                        r.libtorchChain(), r.copy(), r.fastOverReference(), r.fastOverChain(), r.copyOverFast());
            }
            if (gpuSkipped != null) {
                out().printf("GPU part skipped: %s%n", gpuSkipped);
            } else {
                out().printf(Locale.ROOT, "on the GPU, %,d float32 per call, median of 10 CUDA-event timings, GB/s moved:%n", gpuElements);
                out().printf("| k | fused kernel | LibTorch op chain | device copy | kernel / chain | kernel / copy |%n");
                out().printf("|---|---|---|---|---|---|%n");
                for (GpuCodecComparison.Row r : gpuRows) {
                    out().printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1fx | %.0f%% |%n", r.bits(), r.kernelGBps(), r.libtorchChainGBps(),
                            r.copyGBps(), r.kernelOverChain(), 100 * r.kernelFractionOfCopy());
                }
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true,
            description = {"The edge's work per image: encoder forward + quantize-and-pack, at batch 1 and 256, against ImageIO " +
                "JPEG encoding of the same real test images; images/s and bytes per image. The LibTorch encoder and the Java one" +
                " side by side; with --backend java (bin/cdc-edge's default) only the Java one, and LibTorch is not loaded."})
    static final class Encode extends BenchBase {
        @Mixin
        DataOptions data;
        @Mixin
        BackendOption backend;
        @Mixin
        DatasetOption datasetOption;
        @Option(names = "--model", paramLabel = "MODEL",
                description = "A trained model (default: a fresh k=2 model; speed does not depend on weights).")
        Path modelFile;
        @Option(names = "--batch", defaultValue = "1,256", split = ",", paramLabel = "B",
                description = "Batch sizes (default: ${DEFAULT-VALUE}).")
        int[] batches;
        @Option(names = "--jpeg-quality", defaultValue = "0.75", paramLabel = "Q",
                description = "ImageIO JPEG quality (default: ${DEFAULT-VALUE}).")
        float quality;

        /** What {@code --json} prints. */
        public record EncodeReport(Machine machine, int threads, String dataset, int bits, float jpegQuality,
                List<EncodeComparison.Row> rows, CodeAgreement agreement) {
        }

        /** What {@code --json} prints with {@code --backend java}. */
        public record JavaEncodeReport(Machine machine, int threads, String dataset, int bits, float jpegQuality,
                List<JavaEncodeComparison.Row> rows) {
        }

        @Override
        public boolean usesLibTorch() {
            return "libtorch".equals(backend.name); // an unknown name loads nothing either: call() reports it
        }

        @Override
        public Integer call() throws Exception {
            if (backend.java()) {
                return withoutLibTorch();
            }
            int threads = threads();
            ImageSet images = DatasetSplit.read(data.directory(), datasetOption.source(), "test", null, spec);
            TrainingImages input = TrainingImages.of(images);
            CdcModel model = modelOrFresh(modelFile, input, datasetOption.name());
            // The LibTorch-free encoder reads the model's file, as an edge without LibTorch would.
            Path file = modelFile;
            if (file == null) {
                file = Files.createTempFile("cdc-bench-", ".cdcm");
                file.toFile().deleteOnExit();
                ModelStore.saveModel(file, model, ProvenanceFactory.create("fresh", 1, Map.of(), null), TrainingState.FINISHED, null);
            }
            JavaEncoder javaEncoder = new JavaEncoder(EncoderFile.read(file), file, threads > 1);
            EncodeComparison.Result result = EncodeComparison.run(model, javaEncoder, images, batches, quality, rounds);
            EncodeReport report = new EncodeReport(Machine.current(), threads, datasetOption.name(), model.config().bits(), quality,
                    result.rows(), result.agreement());
            if (json.enabled()) {
                JsonOutput.print(out(), report);
                return ExitCodes.OK;
            }
            printMachine(report.machine(), threads);
            out().printf(Locale.ROOT, "%s test images, CDC k=%d vs JPEG quality %.2f, median of %d rounds:%n", datasetOption.name(),
                    report.bits(), quality, rounds);
            out().printf("| batch | CDC images/s (LibTorch) | CDC images/s (Java, no LibTorch) | JPEG images/s | LibTorch / JPEG"
                    + " | Java / LibTorch | Java / JPEG | CDC bytes/image | JPEG bytes/image |%n");
            out().printf("|---|---|---|---|---|---|---|---|---|%n");
            for (EncodeComparison.Row r : report.rows()) {
                out().printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %,.0f | %.2fx | %.2fx | %.2fx | %.0f | %.0f |%n", r.batch(),
                        r.cdcImagesPerSecond(), r.javaImagesPerSecond(), r.jpegImagesPerSecond(), r.cdcOverJpeg(),
                        r.javaOverLibTorch(), r.javaOverJpeg(), r.cdcBytesPerImage(), r.jpegBytesPerImage());
            }
            CodeAgreement a = report.agreement();
            out().printf(Locale.ROOT, "codes of the Java encoder against LibTorch's on all %,d images: %,d of %,d identical (%.4f%%),"
                    + " %,d one step apart, %,d further%n", images.count(), a.identical(), a.codes(), 100 * a.identicalShare(),
                    a.oneStep(), a.further());
            out().flush();
            return ExitCodes.OK;
        }

        /** The Java encoder against JPEG, on this process's threads (CDC_THREADS), with no LibTorch loaded. */
        private Integer withoutLibTorch() throws Exception {
            if (modelFile == null) {
                throw new UsageException("--backend java needs --model: a fresh model takes LibTorch to make");
            }
            int threads = ThreadSettings.threads();
            EncoderFile model = EncoderFile.read(modelFile);
            ImageSet images = ClassFit.forEncoder(DatasetSplit.read(data.directory(), datasetOption.source(), "test", null, spec),
                    model, modelFile, datasetOption.name());
            JavaEncoder encoder = new JavaEncoder(model, modelFile, threads > 1);
            JavaEncodeReport report = new JavaEncodeReport(Machine.current(), threads, datasetOption.name(), model.bits(), quality,
                    JavaEncodeComparison.run(encoder, images, batches, quality, rounds));
            if (json.enabled()) {
                JsonOutput.print(out(), report);
                return ExitCodes.OK;
            }
            printMachine(report.machine(), "threads", threads);
            out().printf(Locale.ROOT, "%s test images, CDC k=%d (Java encoder, no LibTorch) vs JPEG quality %.2f, median of %d"
                    + " rounds:%n", datasetOption.name(), report.bits(), quality, rounds);
            out().printf("| batch | CDC images/s (Java) | JPEG images/s | Java / JPEG | CDC bytes/image (packed) | JPEG bytes/image |%n");
            out().printf("|---|---|---|---|---|---|%n");
            for (JavaEncodeComparison.Row r : report.rows()) {
                out().printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2fx | %.0f | %.0f |%n", r.batch(), r.javaImagesPerSecond(),
                        r.jpegImagesPerSecond(), r.javaOverJpeg(), r.cdcBytesPerImage(), r.jpegBytesPerImage());
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "entropy", mixinStandardHelpOptions = true,
            description = "What rANS coding costs per image against the networks in the same run: on the edge, coding a chunk"
                    + " of real test images over bit-packing it, against the encoder's forward pass; on the cloud, reading the"
                    + " coded chunk back, against the decoder's forward pass.")
    static final class Entropy extends BenchBase {
        @Mixin
        DataOptions data;
        @Mixin
        DatasetOption datasetOption;
        @Option(names = "--model", paramLabel = "MODEL",
                description = "A model with code tables (default: a fresh k=2 model with tables fitted on its own codes of the"
                        + " test images; speed hardly depends on weights, bytes do).")
        Path modelFile;
        @Option(names = "--batch", defaultValue = "256", paramLabel = "B", description = "Records per chunk (default: ${DEFAULT-VALUE}).")
        int batch;

        /** What {@code --json} prints. */
        public record EntropyBenchReport(Machine machine, int threads, String dataset, int bits, EntropyCodingComparison.Result result) {
        }

        @Override
        public Integer call() throws Exception {
            if (batch < 1) {
                throw new UsageException("--batch " + batch + " is not valid: expected at least 1");
            }
            int threads = threads();
            ImageSet images = DatasetSplit.read(data.directory(), datasetOption.source(), "test", null, spec);
            TrainingImages input = TrainingImages.of(images);
            CdcModel model = modelOrFresh(modelFile, input, datasetOption.name());
            if (model.codeTables() == null) {
                if (modelFile != null) {
                    throw new UsageException(modelFile + " has no code tables: fit them with `cdc tables`");
                }
                model.useCodeTables(CodeTableFitting.fit(model, input));
            }
            EntropyCodingComparison.Result r = EntropyCodingComparison.run(model, input, batch, rounds);
            EntropyBenchReport report = new EntropyBenchReport(Machine.current(), threads, datasetOption.name(), model.config().bits(),
                    r);
            if (json.enabled()) {
                JsonOutput.print(out(), report);
                return ExitCodes.OK;
            }
            printMachine(report.machine(), threads);
            out().printf(Locale.ROOT, "%s test images, k=%d, chunks of %d records (%d codes each), median of %d rounds, us per image:%n",
                    datasetOption.name(), report.bits(), r.batch(), r.codesPerImage(), rounds);
            out().printf("| step | us/image |%n|---|---|%n");
            out().printf(Locale.ROOT, "| edge: encoder forward + pack | %.1f |%n| edge: chunk bit-packed | %.2f |%n"
                    + "| edge: chunk rANS-coded | %.2f |%n| cloud: read packed chunk | %.2f |%n| cloud: read rANS chunk | %.2f |%n"
                    + "| cloud: decoder forward | %.1f |%n", 1e6 * r.encoderSeconds(), 1e6 * r.packedChunkSeconds(),
                    1e6 * r.ransChunkSeconds(), 1e6 * r.packedReadSeconds(), 1e6 * r.ransReadSeconds(), 1e6 * r.decoderSeconds());
            out().printf(Locale.ROOT, "rANS adds %.3fx the encoder's time (goal: at most 0.25x); reading rANS takes %.3fx the"
                    + " decoder's (goal: below 1); rANS codes %.1f M codes/s, decodes %.1f M codes/s; %.1f bytes/image packed,"
                    + " %.1f rANS-coded (%.2fx)%n", r.addedEncodeOverEncoder(), r.ransReadOverDecoder(),
                    r.ransEncodeCodesPerSecond() / 1e6, r.ransDecodeCodesPerSecond() / 1e6, r.packedBytesPerImage(),
                    r.ransBytesPerImage(), r.packedBytesPerImage() / r.ransBytesPerImage());
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"One training step of the CDC autoencoder (k-bit quantization in the loop, frozen guide, Adam) in cdc, " +
                "in PyTorch from Python and in DJL's PyTorch engine, with the same model, batch, data and threads."})
    static final class Train extends BenchBase {
        @Mixin
        DataOptions data;
        @Option(names = "--batch", defaultValue = "256", paramLabel = "B", description = "Batch size (default: ${DEFAULT-VALUE}).")
        int batch;
        @Option(names = "--bits", defaultValue = "2", paramLabel = "K", description = "k (default: ${DEFAULT-VALUE}).")
        int bits;
        @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
                description = "Threads for both (default: ${DEFAULT-VALUE}).")
        int benchThreads;
        @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
                description = "Timed steps; the median is reported (default: ${DEFAULT-VALUE}).")
        int steps;
        @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "PATH",
                description = "Python with torch for the peer (default: ${DEFAULT-VALUE}; Debian: apt-get install python3-torch).")
        String python;
        @Mixin
        DeviceOption deviceOption;
        @Option(names = "--djl", paramLabel = "DIR",
                description = "djl-peer/target of a -Pdjl build (default: the one next to this cdc, if built).")
        Path djlBuild;

        /** What {@code --json} prints. */
        public record TrainReport(Machine machine, TrainStepComparison.Result result) {
        }

        @Override
        public Integer call() throws Exception {
            ComputeDevice device = deviceOption.device();
            KnownDataset mnist = DataOptions.dataset("mnist");
            ImageSet images = mnist.readTrain(data.directory()).head(4 * batch);
            Path djl = djlBuild != null ? djlBuild : Path.of(System.getProperty("cdc.home", "."), "djl-peer", "target");
            TrainStepComparison.Result result = TrainStepComparison.run(TrainingImages.of(images),
                    mnist.trainImagesFile(data.directory()), mnist.trainLabelsFile(data.directory()), batch, bits, benchThreads, steps,
                    python, djl, device);
            TrainReport report = new TrainReport(Machine.current(), result);
            if (json.enabled()) {
                JsonOutput.print(out(), report);
                return ExitCodes.OK;
            }
            printMachine(report.machine(), benchThreads);
            out().printf(Locale.ROOT, "CDC autoencoder training step on %s, batch %d, k=%d, median of %d steps after 5 warm-up:%n",
                    deviceOption.name(), batch, bits, steps);
            out().printf(Locale.ROOT, "| implementation | ms/step |%n|---|---|%n| cdc (LibTorch %s via JavaCPP) | %.1f |%n",
                    PresetVersions.of("pytorch"), result.cdcMillis());
            printPeerRow(out(), result.peer(), result.peerMillis());
            printPeerRow(out(), result.djl(), result.djlMillis());
            if (!Double.isNaN(result.peerMillis())) {
                out().printf(Locale.ROOT, "Python peer / cdc: %.2fx (above 1: cdc is faster)%n", result.peerOverCdc());
            }
            if (!Double.isNaN(result.djlMillis())) {
                out().printf(Locale.ROOT, "DJL / cdc: %.2fx (goal: at least 0.91, i.e. cdc within 1.1x of DJL)%n", result.djlOverCdc());
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    /** The model at {@code file}, or a fresh k=2 one when none is given (speed hardly depends on weights); its images must be the data's. */
    private static CdcModel modelOrFresh(Path file, TrainingImages input, String dataset) throws IOException {
        CdcModel model = file != null ? ModelStore.loadModel(file).model()
                : CdcModel.create(new ModelConfig(input.shape(), input.classes(), 2, 32, 2), 1);
        if (!model.config().shape().equals(input.shape())) {
            throw new UsageException(file + " takes " + model.config().shape() + " images but " + dataset + " has " + input.shape());
        }
        return model;
    }

    private static void printPeerRow(PrintWriter out, String peer, double millis) {
        out.printf(Locale.ROOT, Double.isNaN(millis) ? "| %s | - |%n" : "| %s | %.1f |%n", peer, millis);
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Sustained ingest on loopback: edges PUT chunks to a real `cdc serve` (fsync per chunk) as fast as it " +
                "acknowledges them; the peer is the same chunks stored directly with the same durability, no HTTP."})
    static final class Ingest implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--edges", defaultValue = "4", paramLabel = "N",
                description = "Concurrent edges (default: ${DEFAULT-VALUE}).")
        int edges;
        @Option(names = "--in-flight", defaultValue = "" + Uploader.DEFAULT_IN_FLIGHT, paramLabel = "W",
                description = "Chunks each edge has in flight, as `cdc upload --in-flight`; the peer gets edges x W writers (default: ${DEFAULT-VALUE}).")
        int inFlight;
        @Option(names = "--chunks", defaultValue = "200", paramLabel = "C",
                description = "Chunks per edge per pass (default: ${DEFAULT-VALUE}).")
        int chunks;
        @Option(names = "--records", defaultValue = "256", paramLabel = "R",
                description = "Records per chunk (default: ${DEFAULT-VALUE}).")
        int records;
        @Option(names = "--bits", defaultValue = "2", paramLabel = "K",
                description = "k of the codes, latent 2x7x7 (default: ${DEFAULT-VALUE}).")
        int bits;
        @Option(names = "--repeats", defaultValue = "3", paramLabel = "N",
                description = "Timed passes; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeats;
        @Option(names = "--work", paramLabel = "DIR",
                description = "Scratch directory on the disk to measure (default: a temporary one, removed after).")
        Path work;
        @Option(names = "--slow-header-clients", defaultValue = "0", paramLabel = "N",
                description = "Each repeat also times the service while N clients trickle headers they never finish, from "
                        + "127.0.0.2-9, right after its quiet pass (default: ${DEFAULT-VALUE}).")
        int slowHeaderClients;
        @Option(names = "--idle-clients", defaultValue = "0", paramLabel = "N",
                description = "... and N clients hold connections without sending (default: ${DEFAULT-VALUE}).")
        int idleClients;

        /** What {@code --json} prints. */
        public record IngestReport(Machine machine, IngestBenchmark.Result result) {
        }

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("cdc-bench-ingest");
            PrintWriter err = spec.commandLine().getErr();
            IngestBenchmark.Result result;
            try {
                IngestBenchmark.Settings settings = new IngestBenchmark.Settings(edges, inFlight, chunks, records, bits, repeats,
                        slowHeaderClients, idleClients);
                result = IngestBenchmark.run(settings, dir,
                        pass -> {
                            err.printf("bench ingest: repeat %d of %d done%n", pass, repeats);
                            err.flush();
                        });
            } finally {
                if (work == null) {
                    deleteRecursively(dir);
                }
            }
            IngestReport report = new IngestReport(Machine.current(), result);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                JsonOutput.print(out, report);
                return ExitCodes.OK;
            }
            Machine m = report.machine();
            out.printf(Locale.ROOT, "machine: %d cores, %s, %s, Java %s; GPU: %s%n", m.cores(), m.cpu(), m.os(), m.java(), m.gpu());
            out.printf(Locale.ROOT, "%d edges x %d chunks of %d records at k=%d (%,d bytes per chunk), %d in flight per edge,"
                    + " median of %d passes:%n", edges, chunks, records, bits, result.chunkBytes(), inFlight, repeats);
            IngestBenchmark.Warmup warmup = result.warmup();
            out.printf(Locale.ROOT, "warm-up: %d untimed passes of each path in %.0f s, until the JIT compiled for %.1f%% of the last%n",
                    warmup.passes(), warmup.seconds(), 100 * warmup.lastCompileShare());
            out.printf(Locale.ROOT, "| path | MB/s | records/s | CPU per chunk, us: clients / service (in the kernel) / other |%n|---|---|---|---|%n");
            row(out, "cdc serve over HTTP from cdc upload's client, fsync per chunk", result.service());
            row(out, "cdc serve, the JDK's HttpClient instead (peer)", result.jdkClient());
            row(out, "chunk store directly, fsync per chunk, " + edges * inFlight + " writers (peer)", result.direct());
            out.printf(Locale.ROOT, "service / direct: %.2fx; median of each repeat's own ratio: %.2fx (with the JDK's HttpClient:"
                    + " %.2fx)%n", result.serviceOverDirect(), result.serviceOverDirectPaired(),
                    result.jdkClientMegabytesPerSecond() / result.directMegabytesPerSecond());
            if (result.attack() != null) {
                out.printf(Locale.ROOT, "under attack (%d slow-header and %d idle clients, %,d connections made): service %.2f MB/s,"
                        + " %.2fx of the quiet service (each repeat's own ratio: %.2fx); GET /health: %d checks, %d failed, slowest"
                        + " %.3f s%n", slowHeaderClients, idleClients, result.attack().connectionsMade(), median(result.underAttack()),
                        result.attackedOverQuiet(), result.attackedOverQuietPaired(),
                        result.attack().healthChecks(), result.attack().failedHealthChecks(), result.attack().slowestHealthSeconds());
            }
            out.flush();
            return ExitCodes.OK;
        }

        private static double median(List<IngestBenchmark.Pass> passes) {
            return IngestBenchmark.median(passes).megabytesPerSecond();
        }

        /** One path's median pass: its rate and where its CPU went. */
        private static void row(PrintWriter out, String path, List<IngestBenchmark.Pass> passes) {
            IngestBenchmark.Pass pass = IngestBenchmark.median(passes);
            PassCpu cpu = pass.cpu();
            out.printf(Locale.ROOT, "| %s | %.2f | %,.0f | %s |%n", path, pass.megabytesPerSecond(), pass.recordsPerSecond(),
                    cpu == null ? "not measurable in this JVM" : String.format(Locale.ROOT, "%.0f / %.0f (%.0f%%) / %.0f",
                            cpu.clientMicrosPerChunk(), cpu.serviceMicrosPerChunk(), 100 * cpu.serviceKernelShare(),
                            cpu.otherMicrosPerChunk()));
        }

        private static void deleteRecursively(Path dir) throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
