package dev.cdc.cli;

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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc shard inspect}: what a .cdc shard holds, and whether any of it is damaged. */
@Command(name = "shard", mixinStandardHelpOptions = true, description = "Look into .cdc shards.",
        subcommands = {ShardCommand.Inspect.class})
public final class ShardCommand extends ParentCommand {

    /** One shard's description, as {@code --json} prints it. */
    public record ShardReport(String file, long bytes, String fingerprint, int bits, String range, int[] latentShape,
            String labels, int classes, String dataset, long records, int chunks, long validBytes, String damage,
            Boolean tornTail) {
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Print a shard's header, record and chunk counts, and any damage (a torn or corrupt tail).",
                "Exits 1 when the shard is damaged; its complete chunks stay readable."})
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Parameters(paramLabel = "SHARD", arity = "1..*", description = ".cdc files.")
        List<Path> files;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            boolean damaged = false;
            for (Path file : files) {
                ShardReport report = inspect(file);
                damaged |= report.damage() != null;
                if (json.enabled()) {
                    JsonOutput.print(out, report);
                    continue;
                }
                out.printf("%s: %,d bytes%n", report.file(), report.bytes());
                out.printf("  encoder      %s%n", report.fingerprint());
                out.printf("  codec        k=%d, %s%n", report.bits(), report.range());
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

        private static ShardReport inspect(Path file) throws IOException {
            try (ShardReader reader = ShardReader.open(file)) {
                ShardHeader h = reader.header();
                var damage = reader.damage();
                return new ShardReport(file.toString(), Files.size(file), h.fingerprint().toString(), h.codec().bits(),
                        CodecOptions.describe(h.codec()), h.latentShape(), h.labels().name().toLowerCase(), h.classCount(),
                        h.dataset(), reader.recordCount(), reader.chunks().size(), reader.validLength(),
                        damage.map(ShardReader.Damage::message).orElse(null),
                        damage.map(ShardReader.Damage::tornTail).orElse(null));
            }
        }
    }
}
