package dev.cdc.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs nvcc (or a program it built) for the build-time kernel checks. */
final class Nvcc {
    private Nvcc() {
    }

    record Result(int exit, String output) {
    }

    /** Whether nvcc is on the PATH; the reason to print when it is not. */
    static String unavailableReason() {
        try {
            Result version = run(null, null, "nvcc", "--version");
            return version.exit() == 0 ? null : "nvcc --version failed: " + version.output();
        } catch (IOException e) {
            return "nvcc is not on the PATH (install the CUDA toolkit to compile-check the kernels)";
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
