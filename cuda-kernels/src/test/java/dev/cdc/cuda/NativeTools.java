package dev.cdc.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs nvcc, g++ or a program they built, for the build-time kernel checks. */
final class NativeTools {
    private NativeTools() {
    }

    record Result(int exit, String output) {
    }

    /** Why {@code tool --version} does not run here (the reason a test prints when it skips), or null when it does. */
    static String unavailableReason(String tool, String hint) {
        try {
            Result version = run(null, null, tool, "--version");
            return version.exit() == 0 ? null : tool + " --version failed: " + version.output();
        } catch (IOException e) {
            return tool + " is not on the PATH (" + hint + ")";
        }
    }

    static Result run(Path directory, Path stdin, String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Result(process.exitValue(), output);
    }
}
