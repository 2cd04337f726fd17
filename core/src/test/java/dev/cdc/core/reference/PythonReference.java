package dev.cdc.core.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of the second-language readers in {@code scripts/} (written in Python from the specs
 * alone) and fails unless it exits 0; skips, saying why, where there is no {@code python3}.
 */
public final class PythonReference {
    private PythonReference() {
    }

    /** Runs {@code scripts/SCRIPT} with {@code arguments} (paths relative to the core module); returns its output. */
    public static String run(String what, String script, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("python3", Path.of("..", "scripts", script).toString()));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException noPython) {
            Assumptions.abort("python3 is not installed here, so the second-language check of " + what + " is skipped: "
                    + noPython.getMessage());
            return "";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        System.out.print(what + " in Python: " + output);
        return output;
    }
}
