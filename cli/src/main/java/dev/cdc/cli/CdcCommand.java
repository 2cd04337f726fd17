package dev.cdc.cli;

import picocli.CommandLine.Command;

/** The root {@code cdc} command: prints help when called without a subcommand. */
@Command(name = "cdc", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Classification Driven Compression: encode images on the edge, upload k-bit codes, train in the cloud.",
        subcommands = {InfoCommand.class, DataCommand.class, CodecCommand.class, ShardCommand.class, TrainCommand.class,
            FinetuneCommand.class, TablesCommand.class, EncodeCommand.class, DecodeCommand.class, TrainCloudCommand.class,
            EvalCommand.class, ExperimentCommand.class, SweepCommand.class, SelftestCommand.class, BundleCommand.class,
            TokenCommand.class, ServeCommand.class, UploadCommand.class, StoreCommand.class, BenchCommand.class, LaunchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure (bad data, missing file, failing tool)", "2:usage error"})
public final class CdcCommand extends ParentCommand {
}
