package dev.cdc.cli;

/** Entry point of the {@code cdc} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // Log records on one line each (time, level, message): the service's refusals are read line by line.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %5$s%6$s%n");
        }
        System.exit(CdcCommandLine.execute(CdcCommandLine.create(), args));
    }
}
