package dev.cdc.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `cdc serve` in a JVM of its own, as a cloud runs it, for the tests that upload to it. */
final class ServeProcess implements AutoCloseable {
    final Process process;
    final int port;

    private ServeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServeProcess start(Path store, Path bundle, Path tokens) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--port", "0", "--store", store.toString(), "--bundle", bundle.toString(), "--tokens", tokens.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher port = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/").matcher(line == null ? "" : line);
        if (!port.find()) {
            process.destroyForcibly();
            throw new IOException("serve did not start; it said: " + line);
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "serve-output");
        drain.setDaemon(true);
        drain.start();
        return new ServeProcess(process, Integer.parseInt(port.group(1)));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
