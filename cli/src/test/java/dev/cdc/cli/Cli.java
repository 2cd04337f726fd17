package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cdc.core.modelfile.EncoderFile;
import dev.cdc.core.shard.ShardReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code cdc} in-process through the same factory as {@link Main}, capturing its output. */
final class Cli {
    private Cli() {
    }

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    static Result run(String... args) {
        CommandLine commandLine = CdcCommandLine.create();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = CdcCommandLine.execute(commandLine, args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A shard that {@code model} encoded, ready to read whether rANS-coded (the default) or bit-packed. */
    static ShardReader openShard(Path shard, Path model) throws IOException {
        ShardReader reader = ShardReader.open(shard);
        try {
            return reader.useCodeTables(EncoderFile.read(model).codeTables());
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** Runs {@code cdc} and fails the test, showing both outputs, unless it exits 0. */
    static Result ok(String... args) {
        Result result = run(args);
        assertEquals(0, result.exit(), result.toString());
        return result;
    }
}
