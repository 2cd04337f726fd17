package dev.cdc.cli;

import static dev.cdc.cli.Cli.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edge without LibTorch on linux-arm64, a Jetson's platform, run here on an arm64 JVM under
 * qemu's user-mode emulation: it starts, says why CUDA is unavailable, and encodes real images to
 * the very bytes the x86 JVM writes, bit-packed and rANS-coded. Skips, saying why, where the
 * emulator or the arm64 JVM is not installed (CI has neither; scripts/edge-arm64.sh does the same
 * by hand, and its comment says how to install them).
 */
class EdgeArm64Test {
    private static final Path QEMU = Path.of("/usr/bin/qemu-aarch64-static");
    private static final Path ARM64_JAVA = Path.of("/usr/lib/jvm/java-17-openjdk-arm64/bin/java");
    @TempDir
    Path dir;

    @Test
    void theEdgeEncodesTheSameBytesOnArm64() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(QEMU) && Files.isExecutable(ARM64_JAVA), () -> {
            String why = "skipped (no arm64 run): needs " + QEMU + " and " + ARM64_JAVA + " (apt-get install qemu-user-static"
                    + " openjdk-17-jre-headless:arm64, after dpkg --add-architecture arm64)";
            System.out.println(why);
            return why;
        });
        String data = OwnDataSets.write("folder", OwnDataSets.digits(dir, "EdgeArm64Test"), dir);
        Path model = dir.resolve("k2.cdcm");
        ok("train", "--dataset", data, "--bits", "2", "--epochs", "1", "--guidance-epochs", "1", "--batch", "32", "--out",
                model.toString());
        String info = arm64("info");
        assertTrue(info.contains("linux-arm64") && info.contains("cuda") && info.contains("unavailable"), info);
        for (String codec : List.of("packed", "rans")) {
            Path x86 = dir.resolve("x86-" + codec + ".cdc");
            Path arm = dir.resolve("arm64-" + codec + ".cdc");
            ok("encode", "--backend", "java", "--codec", codec, "--dataset", data, "--model", model.toString(), "--out", x86.toString());
            arm64("encode", "--backend", "java", "--codec", codec, "--dataset", data, "--model", model.toString(), "--out",
                    arm.toString());
            assertArrayEquals(Files.readAllBytes(x86), Files.readAllBytes(arm), "the " + codec + " shards of x86 and arm64");
        }
        System.out.println("EdgeArm64Test: arm64 (emulated) and x86 wrote the same shards; arm64's cdc info: " + info.lines()
                .filter(l -> l.contains("cuda") || l.contains("why") || l.contains("platform")).toList());
    }

    /** Runs cdc on the emulated arm64 JVM with no LibTorch on its class path; fails unless it exits 0. */
    private static String arm64(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(QEMU.toString(), ARM64_JAVA.toString(), "-Dcdc.backend=java", "-cp",
                EdgeBackendCommandsTest.classPathWithoutLibTorch(), Main.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "arm64: " + output);
        return output;
    }

}
