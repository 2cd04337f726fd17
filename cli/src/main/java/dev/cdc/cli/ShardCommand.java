package dev.cdc.cli;

import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.entropy.EntropyStudy;
import dev.cdc.core.modelfile.ModelCodeTables;
import dev.cdc.core.shard.CodeStatistics;
import dev.cdc.core.shard.ShardHeader;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc shard inspect}: what a .cdc shard holds, and whether any of it is damaged; {@code cdc shard entropy}: what rANS would save on it. */
@Command(name = "shard", mixinStandardHelpOptions = true, description = "Look into .cdc shards.",
        subcommands = {ShardCommand.Inspect.class, ShardCommand.Entropy.class})
public final class ShardCommand extends ParentCommand {

    /** One shard's description, as {@code --json} prints it. */
    public record ShardReport(String file, long bytes, String fingerprint, int bits, String range, String coding,
            String codeTables, int[] latentShape, String labels, int classes, String dataset, long records, int chunks,
            long validBytes, String damage, Boolean tornTail, double bitsPerCode, Double tablesBitsPerCode) {
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print a shard's header, coding, record and chunk counts, bits per code, and any damage (a torn or"
                    + " corrupt tail). Exits 1 when the shard is damaged; its complete chunks stay readable.")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--model", paramLabel = "MODEL",
                description = "The model that encoded the shards: adds its code tables' cross-entropy on the stored codes, the"
                        + " bits per code a perfect coder would reach (its tables are read without LibTorch).")
        Path model;
        @Parameters(paramLabel = "SHARD", arity = "1..*", description = ".cdc files.")
        List<Path> files;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            boolean damaged = false;
            for (Path file : files) {
                ShardReport report = inspect(file, model);
                damaged |= report.damage() != null;
                if (json.enabled()) {
                    JsonOutput.print(out, report);
                    continue;
                }
                out.printf("%s: %,d bytes%n", report.file(), report.bytes());
                out.printf("  encoder      %s%n", report.fingerprint());
                out.printf("  codec        k=%d, %s%n", report.bits(), report.range());
                out.printf("  coding       %s%s%n", report.coding(), report.codeTables() == null ? ""
                        : ", code tables " + report.codeTables());
                out.printf("  codes        %.3f bits per code%s%n", report.bitsPerCode(), report.tablesBitsPerCode() == null ? ""
                        : String.format(" (the tables' cross-entropy: %.3f, %+.2f%%)", report.tablesBitsPerCode(),
                                100 * (report.bitsPerCode() / report.tablesBitsPerCode() - 1)));
                out.printf("  latent       %s per record%n", Arrays.toString(report.latentShape()));
                out.printf("  labels       %s, %d classes%n", report.labels(), report.classes());
                out.printf("  data set     %s%n", report.dataset());
                out.printf("  records      %,d in %d chunks%n", report.records(), report.chunks());
                if (report.damage() != null) {
                    // The reader's message already says whether it is a torn write or corruption.
                    out.printf("  DAMAGED      %s; the %,d bytes before it are readable%n", report.damage(),
                            report.validBytes());
                }
            }
            out.flush();
            return damaged ? ExitCodes.FAILURE : ExitCodes.OK;
        }

        private static ShardReport inspect(Path file, Path model) throws IOException {
            try (ShardReader reader = ShardReader.open(file)) {
                ShardHeader h = reader.header();
                var damage = reader.damage();
                CodeTables tables = model == null ? null : ModelCodeTables.read(model, h.elementsPerRecord(), h.codec().bits());
                if (model != null && tables == null) {
                    throw new UsageException("--model " + model + " has no code tables: expected a model trained or fine-tuned"
                            + " since cdc fits them");
                }
                CodeStatistics codes = CodeStatistics.of(reader, tables);
                return new ShardReport(file.toString(), Files.size(file), h.fingerprint().toString(), h.codec().bits(),
                        CodecOptions.describe(h.codec()), h.coding().kind().id(),
                        h.coding().isRans() ? h.coding().tables().toString() : null, h.latentShape(),
                        h.labels().name().toLowerCase(), h.classCount(), h.dataset(), reader.recordCount(), reader.chunks().size(),
                        reader.validLength(), damage.map(ShardReader.Damage::message).orElse(null),
                        damage.map(ShardReader.Damage::tornTail).orElse(null), codes.bitsPerCode(),
                        tables == null ? null : codes.crossEntropyPerCode());
            }
        }
    }

    @Command(name = "entropy", mixinStandardHelpOptions = true,
            description = "What entropy coding (rANS, docs/entropy-coding.md) would save on bit-packed shards: tables are "
                    + "fitted on the first chunks' codes and the held-out rest is really coded, per table layout.")
    static final class Entropy implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--fit-share", defaultValue = "0.8", paramLabel = "F",
                description = "The share of each shard's chunks the tables are fitted on; the rest is coded (default: ${DEFAULT-VALUE}).")
        double fitShare;
        @Parameters(paramLabel = "SHARD", arity = "1..*", description = "Bit-packed .cdc files in fixed range mode.")
        List<Path> files;

        /** One shard's study, as {@code --json} prints it. */
        public record EntropyReport(String file, EntropyStudy.Result result) {
        }

        @Override
        public Integer call() throws IOException {
            if (!(fitShare > 0 && fitShare < 1)) {
                throw new UsageException("--fit-share " + fitShare + " is not valid: expected a share between 0 and 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            for (Path file : files) {
                EntropyStudy.Result result;
                try (ShardReader reader = ShardReader.open(file)) {
                    result = EntropyStudy.measure(reader, fitShare);
                }
                if (json.enabled()) {
                    JsonOutput.print(out, new EntropyReport(file.toString(), result));
                    continue;
                }
                out.printf("%s: k=%d, latent %s; tables fitted on %,d records, %,d held out and coded%n", file, result.bits(),
                        Arrays.toString(result.latentShape()), result.fittedRecords(), result.heldOutRecords());
                out.printf("  %-13s %6s %11s %14s %12s %9s %10s%n", "layout", "tables", "table bytes", "cross-entropy",
                        "rANS stream", "overhead", "vs packed");
                out.printf("  %-13s %6s %11s %14s %10.2f B %9s %10s%n", "bit-packed", "-", "-", "-", result.packedBytesPerRecord(),
                        "-", "1.00x");
                out.printf("  %-13s %6s %11s %14s %10.2f B %9s %9.2fx%n", "deflate -9", "-", "-", "-",
                        result.deflateBytesPerRecord(), "-", result.packedBytesPerRecord() / result.deflateBytesPerRecord());
                for (EntropyStudy.LayoutResult layout : result.layouts()) {
                    out.printf("  %-13s %6d %11d %12.2f B %10.2f B %8.2f%% %9.2fx%n",
                            layout.layout().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), layout.tables(),
                            layout.tableBytes(), layout.crossEntropyBytesPerRecord(), layout.streamBytesPerRecord(),
                            layout.overheadPercent(), result.packedBytesPerRecord() / layout.streamBytesPerRecord());
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
