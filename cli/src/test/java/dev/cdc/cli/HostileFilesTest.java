package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile local files, each handed to the command a user would run on it, in a JVM with a
 * 256 MB heap: every one ends in a one-line error naming the file, with exit code 1 or 2, within
 * 2 s of the command's own work (the JVM and LibTorch's start are measured and left out), never a
 * stack trace, a hang or an out-of-memory crash.
 */
class HostileFilesTest {
    @TempDir
    static Path dir;
    static double startupSeconds;

    /** A command's outcome in its own JVM. */
    record Outcome(int exit, String err, double seconds) {
    }

    @BeforeAll
    static void measureStartup() throws Exception {
        // The same JVM and LibTorch start-up as every case, on a command that loads LibTorch and reads nothing.
        Path missing = dir.resolve("missing.cdcm");
        startupSeconds = run("finetune", "--from", missing.toString(), "--bits", "4", "--out", dir.resolve("x.cdcm").toString())
                .seconds();
    }

    static Outcome run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.cdc.cli.Main"));
        command.addAll(List.of(args));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the command ended");
        return new Outcome(process.exitValue(), new String(err, StandardCharsets.UTF_8), (System.nanoTime() - started) / 1e9);
    }

    /** One line on standard error (LibTorch's own warnings aside), naming the file. */
    static void assertCleanRefusal(Outcome outcome, Path file, String part) {
        List<String> lines = outcome.err().lines().filter(l -> !l.startsWith("[W") && !l.isBlank()).toList();
        String shown = String.join("\n", lines);
        assertTrue(outcome.exit() == 1 || outcome.exit() == 2, "exit " + outcome.exit() + ":\n" + shown);
        assertFalse(shown.contains("\tat ") || shown.contains("Exception in thread") || shown.contains("OutOfMemoryError"),
                "no stack trace, no crash:\n" + shown);
        assertTrue(lines.size() <= 2 && lines.get(0).contains(file.getFileName().toString()) && shown.contains(part),
                "one line naming " + file.getFileName() + " and saying '" + part + "':\n" + shown);
        assertTrue(lines.get(0).length() < 600, "hostile text is not echoed at length: " + lines.get(0).length() + " characters");
        // 2 s of work on a quiet machine (the quadratic header took 40 s); a loaded machine slows the
        // start-up too, so the bound grows with it rather than failing a refusal that was quick.
        double work = outcome.seconds() - startupSeconds;
        double bound = Math.max(2, startupSeconds);
        assertTrue(work < bound, "refused within " + bound + " s of work: " + work + " s (start-up " + startupSeconds + " s)");
    }

    private static void zip(Path file, String[] names, byte[][] contents) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(9);
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                zip.write(contents[i]);
                zip.closeEntry();
            }
        }
    }

    private static String modelJson(int width, int height) {
        return "{\"format\":\"cdc-model\",\"version\":1,\"kind\":\"autoencoder\",\"provenance\":{},\"config\":{\"channels\":1,"
                + "\"height\":" + height + ",\"imageWidth\":" + height + ",\"classes\":10,\"latentChannels\":2,\"width\":" + width
                + ",\"bits\":2},\"fingerprint\":\"00\",\"state\":{\"stage\":\"done\",\"epoch\":0,\"batch\":0}}";
    }

    @Test
    void aZipBombModelIsRefusedBeforeItInflates() throws Exception {
        Path bomb = dir.resolve("bomb.cdcm");
        String[] names = new String[16];
        byte[][] contents = new byte[16][];
        byte[] zeros = new byte[64 << 20];
        names[0] = "model.json";
        contents[0] = modelJson(32, 28).getBytes(StandardCharsets.UTF_8);
        for (int i = 1; i < 16; i++) {
            names[i] = "entry" + i + ".bin";
            contents[i] = zeros;
        }
        names[1] = "encoder.bin";
        zip(bomb, names, contents);
        assertTrue(Files.size(bomb) < 2 << 20, "a small file: " + Files.size(bomb));
        assertCleanRefusal(run("finetune", "--from", bomb.toString(), "--bits", "4", "--out", dir.resolve("y.cdcm").toString()),
                bomb, "inflates past");
    }

    @Test
    void aModelFileWithAbsurdSizesIsRefusedBeforeAllocating() throws Exception {
        Path wide = dir.resolve("wide.cdcm");
        zip(wide, new String[] {"model.json"}, new byte[][] {modelJson(2_000_000, 28).getBytes(StandardCharsets.UTF_8)});
        assertCleanRefusal(run("finetune", "--from", wide.toString(), "--bits", "4", "--out", dir.resolve("y.cdcm").toString()),
                wide, "width 2000000");
        Path tall = dir.resolve("tall.cdcm");
        zip(tall, new String[] {"model.json"}, new byte[][] {modelJson(32, 1 << 20).getBytes(StandardCharsets.UTF_8)});
        assertCleanRefusal(run("finetune", "--from", tall.toString(), "--bits", "4", "--out", dir.resolve("y.cdcm").toString()),
                tall, "4096 x 4096");
        Path many = dir.resolve("many.cdcm");
        String[] names = new String[40];
        byte[][] contents = new byte[40][];
        for (int i = 0; i < 40; i++) {
            names[i] = "e" + i;
            contents[i] = new byte[1];
        }
        zip(many, names, contents);
        assertCleanRefusal(run("finetune", "--from", many.toString(), "--bits", "4", "--out", dir.resolve("y.cdcm").toString()),
                many, "40 zip entries");
    }

    private static Path npy(String name, String header, byte[] data) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(12 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(text.length).put(text).put(data);
        Path file = dir.resolve(name);
        Files.write(file, out.array());
        return file;
    }

    @Test
    void hostileNpyHeadersAreRefusedQuicklyWithoutEchoingThem() throws Exception {
        Path quadratic = npy("quadratic.npy", "{'descr': '<f4', 'fortran_order': False, " + "'shape': (1".repeat(5000), new byte[0]);
        assertCleanRefusal(run("codec", "pack", "--bits", "4", "--range", "0,1", quadratic.toString(),
                dir.resolve("q.bin").toString()), quadratic, "not a valid header");
        Path hugeHeader = npy("long.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), " + " ".repeat(100_000) + "}",
                new byte[4]);
        assertCleanRefusal(run("codec", "pack", "--bits", "4", "--range", "0,1", hugeHeader.toString(),
                dir.resolve("h.bin").toString()), hugeHeader, "too long");
        Path overflow = npy("overflow.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967297, 0), }", new byte[0]);
        assertCleanRefusal(run("codec", "pack", "--bits", "4", "--range", "0,1", overflow.toString(),
                dir.resolve("o.bin").toString()), overflow, "4294967297");
        Path control = npy("control.npy", "{'descr': '\u001b[31m\u0007', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        Outcome outcome = run("codec", "pack", "--bits", "4", "--range", "0,1", control.toString(), dir.resolve("c.bin").toString());
        assertCleanRefusal(outcome, control, "dtype");
        assertFalse(outcome.err().contains("\u001b"), "no raw escape sequence reaches the terminal");
    }

    @Test
    void aModelWithControlBytesInATensorNameIsReportedPrintably() throws Exception {
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        ByteBuffer head = ByteBuffer.allocate(8 + 2 + 6 + 1).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0x50434443).putInt(28) // the encoder's 16 parameters and 12 buffers
                .putShort((short) 6).put("\u001b[2Jx\u0000".getBytes(StandardCharsets.ISO_8859_1))
                .put((byte) 0);
        bin.write(head.array());
        Path named = dir.resolve("named.cdcm");
        zip(named, new String[] {"model.json", "encoder.bin"}, new byte[][] {modelJson(32, 28).getBytes(StandardCharsets.UTF_8),
            bin.toByteArray()});
        Outcome outcome = run("finetune", "--from", named.toString(), "--bits", "4", "--out", dir.resolve("y.cdcm").toString());
        assertCleanRefusal(outcome, named, "encoder.bin");
        assertFalse(outcome.err().contains("\u001b"), "no raw escape sequence reaches the terminal");
        assertEquals(-1, outcome.err().indexOf('\u0000'));
    }
}
