package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.npy.NpyArray;
import dev.cdc.core.npy.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line and the right exit code, never a stack trace. */
class CliErrorsTest {
    @TempDir
    Path dir;

    @Test
    void usageMistakesExitTwo() throws IOException {
        Path npy = dir.resolve("x.npy");
        NpyWriter.write(npy, new NpyArray(new long[] {2, 3}, new float[6]));
        String out = dir.resolve("o.bin").toString();
        expect(2, "Unknown option", "codec", "pack", "--bits", "4", "--range", "0,1", "--colour", npy.toString(), out);
        expect(2, "1..8", "codec", "pack", "--bits", "9", "--range", "0,1", npy.toString(), out);
        expect(2, "lo <= hi", "codec", "pack", "--bits", "4", "--range", "1,0", npy.toString(), out);
        expect(2, "expected LO,HI", "codec", "pack", "--bits", "4", "--range", "0;1", npy.toString(), out);
        expect(2, "exactly one of --range", "codec", "pack", "--bits", "4", "--range", "0,1", "--block", "8", npy.toString(), out);
        expect(2, "exactly one of --range", "codec", "pack", "--bits", "4", npy.toString(), out);
        expect(2, "at least 1", "codec", "pack", "--bits", "4", "--block", "0", npy.toString(), out);
        expect(2, "does not divide", "codec", "pack", "--bits", "4", "--range", "0,1", "--record-size", "4", npy.toString(), out);
        expect(2, "data set 'cifar' is not valid", "codec", "roundtrip", "--dataset", "cifar");
        expect(2, "Usage", "codec");
    }

    @Test
    void badFilesExitOneAndNameTheFile() throws IOException {
        Path missing = dir.resolve("missing.npy");
        expect(1, "missing.npy", "codec", "pack", "--bits", "4", "--range", "0,1", missing.toString(), dir.resolve("o").toString());

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "not numpy at all, really not");
        expect(1, "not a NumPy .npy file", "codec", "pack", "--bits", "4", "--range", "0,1", text.toString(), dir.resolve("o").toString());

        Path packed = dir.resolve("p.bin");
        Files.write(packed, new byte[5]);
        expect(1, "is 5 bytes but 2 records of 3 elements at k=4", "codec", "unpack", "--bits", "4", "--range", "0,1",
                "--shape", "2,3", packed.toString(), dir.resolve("b.npy").toString());

        expect(1, "not a .cdc shard", "shard", "inspect", text.toString());
        expect(1, "file not found", "shard", "inspect", dir.resolve("none.cdc").toString());

        Path empty = dir.resolve("empty-data");
        Files.createDirectories(empty);
        expect(1, "run `cdc data fetch` first", "codec", "roundtrip", "--data", empty.toString());
        expect(1, "MISSING", "data", "verify", "--data", empty.toString(), "mnist");
    }

    @Test
    void gpuSelfTestSaysWhyItCannotRun() {
        expect(2, "Missing required option: '--gpu'", "selftest");
        Cli.Result result = Cli.run("selftest", "--gpu");
        if (result.exit() == 0) {
            System.out.println("a GPU is present: the self-test ran and passed\n" + result.out());
            return;
        }
        assertEquals(1, result.exit(), result.toString());
        assertTrue(result.err().contains("CUDA is not available") || result.err().contains("NVRTC is not available")
                || result.err().contains("failed"), result.toString());
        assertFalse(result.err().contains("\tat "), result.toString());
    }

    private static void expect(int exit, String message, String... args) {
        Cli.Result result = Cli.run(args);
        assertEquals(exit, result.exit(), result.toString());
        assertTrue((result.err() + result.out()).contains(message), "expected '" + message + "' in\n" + result);
        assertFalse(result.err().contains("\tat "), "no stack trace for a user mistake:\n" + result);
    }
}
