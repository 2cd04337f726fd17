package dev.cdc.cli;

/** The exit codes of every {@code cdc} command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command ran and failed: bad data, a missing file, a failing tool. */
    public static final int FAILURE = 1;
    /** The command line itself was wrong: unknown option, bad value. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
