package dev.cdc.cli;

/**
 * A command that runs LibTorch. {@link CdcCommandLine} sets LibTorch's threads before it calls
 * one, so that no command configures the runtime itself and none can forget to (one did).
 * Commands that run several trainings side by side narrow the threads further ({@link JobsOption}).
 */
interface LibTorchCommand {
    /** Whether this invocation loads LibTorch; a command that needs it only for some options says which. */
    default boolean usesLibTorch() {
        return true;
    }
}
