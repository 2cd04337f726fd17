package dev.cdc.cli;

import dev.cdc.core.bundle.Bundle;
import dev.cdc.core.ingest.ChunkAcceptance;
import dev.cdc.core.ingest.StoreAudit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc store}: the operator's tools for the ingest service's chunk store. */
@Command(name = "store", mixinStandardHelpOptions = true, description = "Check the chunks `cdc serve` stored; move bad ones aside.",
        subcommands = {StoreCommand.Check.class, StoreCommand.Quarantine.class})
public final class StoreCommand extends ParentCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Read every stored chunk as `cdc train-cloud` will (and, with --bundle, check it against the "
                    + "bundle as the service does); list the bad ones. Exit 1 if any is bad.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOutput json;
        @Option(names = "--bundle", paramLabel = "DIR", description = "Also check each chunk against this bundle.")
        Path bundle;
        @Parameters(paramLabel = "STORE", description = "The store directory of `cdc serve`.")
        Path store;

        /** What {@code --json} prints. */
        public record CheckReport(String store, int chunks, long records, List<StoreAudit.Finding> bad) {
        }

        @Override
        public Integer call() throws IOException {
            requireStore(store);
            ChunkAcceptance acceptance = bundle != null ? new ChunkAcceptance(Bundle.read(bundle)) : null;
            StoreAudit.Report report = StoreAudit.check(store, acceptance);
            PrintWriter out = spec.commandLine().getOut();
            if (json.enabled()) {
                JsonOutput.print(out, new CheckReport(store.toString(), report.chunks(), report.records(), report.bad()));
            } else {
                out.printf("%s: %,d chunks, %,d records the cloud can train on, %d bad%n", store, report.chunks(),
                        report.records(), report.bad().size());
                for (StoreAudit.Finding finding : report.bad()) {
                    out.printf("bad: %s: %s%n", finding.chunk(), finding.problem());
                }
                if (!report.bad().isEmpty()) {
                    out.printf("move them aside with: cdc store quarantine --bad %s%n", store);
                }
            }
            out.flush();
            return report.bad().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    @Command(name = "quarantine", mixinStandardHelpOptions = true,
            description = "Move chunks aside to STORE/.quarantine/ (with a .reason file each), so they no longer reach "
                    + "`cdc train-cloud` and a correct upload of the same sequence number is stored again.")
    static final class Quarantine implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--bad", description = "Every chunk `cdc store check` finds bad.")
        boolean bad;
        @Option(names = "--bundle", paramLabel = "DIR", description = "With --bad: also check each chunk against this bundle.")
        Path bundle;
        @Option(names = "--reason", defaultValue = "quarantined by the operator", paramLabel = "TEXT",
                description = "Why, for the named chunks (default: ${DEFAULT-VALUE}).")
        String reason;
        @Parameters(index = "0", paramLabel = "STORE", description = "The store directory of `cdc serve`.")
        Path store;
        @Parameters(index = "1..*", arity = "0..*", paramLabel = "CHUNK", description = "Chunk files under STORE to move aside.")
        List<Path> chunks = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            requireStore(store);
            if (bad && !chunks.isEmpty()) {
                throw new UsageException("name chunk files or give --bad, not both");
            }
            if (!bad && chunks.isEmpty()) {
                throw new UsageException("name chunk files to move aside, or give --bad for every bad one");
            }
            PrintWriter out = spec.commandLine().getOut();
            int moved = 0;
            if (bad) {
                ChunkAcceptance acceptance = bundle != null ? new ChunkAcceptance(Bundle.read(bundle)) : null;
                for (StoreAudit.Finding finding : StoreAudit.check(store, acceptance).bad()) {
                    out.printf("quarantined %s -> %s (%s)%n", finding.chunk(), StoreAudit.quarantine(store, finding.chunk(),
                            finding.problem()), finding.problem());
                    moved++;
                }
            } else {
                for (Path chunk : chunks) {
                    if (!Files.isRegularFile(chunk)) {
                        throw new UsageException(chunk + " is not a file in the store");
                    }
                    out.printf("quarantined %s -> %s%n", chunk, StoreAudit.quarantine(store, chunk, reason));
                    moved++;
                }
            }
            out.printf("%d chunk%s moved to %s%n", moved, moved == 1 ? "" : "s", store.resolve(StoreAudit.QUARANTINE));
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void requireStore(Path store) {
        if (!Files.isDirectory(store)) {
            throw new UsageException(store + " is not a directory: expected the store of `cdc serve`");
        }
    }
}
