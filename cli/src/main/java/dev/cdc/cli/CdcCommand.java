package dev.cdc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root {@code cdc} command: prints help when called without a subcommand. */
@Command(name = "cdc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Classification Driven Compression: encode images on the edge, upload k-bit codes, train in the cloud.",
        subcommands = {InfoCommand.class, DataCommand.class, CodecCommand.class, ShardCommand.class, TrainCommand.class,
            FinetuneCommand.class, EncodeCommand.class, DecodeCommand.class, TrainCloudCommand.class, EvalCommand.class,
            ExperimentCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (bad data, missing file, failing tool)", "2:usage error"})
public final class CdcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.USAGE;
    }
}
