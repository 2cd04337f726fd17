package dev.cdc.cli;

/** Entry point of the {@code cdc} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(CdcCommandLine.create().execute(args));
    }
}
