package dev.cdc.cli;

import dev.cdc.training.LibTorchRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/**
 * The one factory of the {@code CommandLine} that {@link Main} and the tests use, so both see
 * the same error handling: user mistakes become one clear line and an exit code, never a stack
 * trace (set {@code CDC_DEBUG=1} to see one for an unexpected failure).
 */
public final class CdcCommandLine {
    private CdcCommandLine() {
    }

    /**
     * Runs {@code args} on {@code commandLine}. Running out of heap is an {@link Error}, which
     * picocli passes through: it becomes one line saying how large the heap was and how to give
     * more, not a stack trace. (Readers bound what a file may make them allocate, so this is the
     * last line of defence, for inputs that are legitimately large.)
     */
    public static int execute(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            commandLine.getErr().println(commandLine.getCommandName() + ": out of memory: the input needs more than this heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; give more with CDC_JAVA_OPTS=-Xmx4g (for example)"
                    + " or use smaller inputs");
            commandLine.getErr().flush();
            return ExitCodes.FAILURE;
        }
    }

    public static CommandLine create() {
        CommandLine commandLine = new CommandLine(new CdcCommand());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(CdcCommandLine::handle);
        commandLine.setExecutionStrategy(CdcCommandLine::run);
        return commandLine;
    }

    /** Runs the command the arguments chose, LibTorch's runtime set up first when it needs one. */
    private static int run(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        boolean helpOnly = last.isUsageHelpRequested() || last.isVersionHelpRequested();
        if (!helpOnly && last.commandSpec().userObject() instanceof LibTorchCommand command && command.usesLibTorch()) {
            if (!libTorchOnClassPath()) {
                UsageException missing = new UsageException("this installation has no LibTorch on its class path (no pytorch"
                        + " jar), which this command needs; without it, cdc encode and cdc upload run with --backend java"
                        + " (docs/edge.md)");
                throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), missing.getMessage(), missing);
            }
            try {
                LibTorchRuntime.configure();
            } catch (RuntimeException e) {
                // Reported by the same handler as a failure inside the command: one line, not a trace.
                throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), e.getMessage(), e);
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** Whether the pytorch presets are there to load, asked without loading them. */
    private static boolean libTorchOnClassPath() {
        return CdcCommandLine.class.getClassLoader().getResource("org/bytedeco/pytorch/global/torch.class") != null;
    }

    private static int handle(Exception failure, CommandLine command, CommandLine.ParseResult parseResult) {
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (failure instanceof UsageException || failure instanceof IllegalArgumentException) {
            err.println(name + ": " + failure.getMessage());
            err.println("Try '" + name + " --help' for the options.");
            return ExitCodes.USAGE;
        }
        if (failure instanceof NoSuchFileException missing) {
            err.println(name + ": file not found: " + missing.getFile());
            return ExitCodes.FAILURE;
        }
        if (failure instanceof AccessDeniedException denied) {
            err.println(name + ": permission denied: " + denied.getFile());
            return ExitCodes.FAILURE;
        }
        if (failure instanceof IOException) {
            err.println(name + ": " + failure.getMessage());
            return ExitCodes.FAILURE;
        }
        err.println(name + ": unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage()
                + (debug() ? "" : " (set CDC_DEBUG=1 for the stack trace)"));
        if (debug()) {
            failure.printStackTrace(err);
        }
        return ExitCodes.FAILURE;
    }

    private static boolean debug() {
        String value = System.getenv("CDC_DEBUG");
        return value != null && !value.isBlank() && !value.equals("0");
    }
}
