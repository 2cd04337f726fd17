package dev.cdc.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.CodecVectors;
import dev.cdc.core.codec.RangeMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build-time checks of the CUDA sources, on any machine with nvcc (no GPU needed): they compile
 * for the GPUs users have (A100 sm_80, Jetson Orin sm_87, H100/H200 sm_90) without spills, and
 * their per-group arithmetic, compiled for the host, reproduces every committed codec vector.
 * Where nvcc is missing they skip and say so. Parity on a real GPU is a separate check.
 */
class KernelSourceTest {
    private static final List<String> ARCHS = List.of("sm_80", "sm_87", "sm_90");
    private static final Pattern FUNCTION = Pattern.compile("Function properties for (\\w+)");
    private static final Pattern SPILLS = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");
    private static final Pattern REGISTERS = Pattern.compile("Used (\\d+) registers");
    private static String unavailable;
    @TempDir
    Path dir;

    @BeforeAll
    static void probeNvcc() {
        unavailable = Nvcc.unavailableReason();
    }

    private static void requireNvcc() {
        assumeTrue(unavailable == null, () -> {
            System.out.println("skipped: " + unavailable);
            return unavailable;
        });
    }

    private Path source() throws IOException {
        Path cu = dir.resolve(KernelSources.LATENT_CODEC);
        Files.writeString(cu, KernelSources.read(KernelSources.LATENT_CODEC));
        return cu;
    }

    @Test
    void everyKernelCompilesForEachTargetWithoutSpills() throws IOException {
        requireNvcc();
        Path cu = source();
        StringBuilder report = new StringBuilder("kernel registers and spills (nvcc -Xptxas -v --fmad=false):\n");
        for (String arch : ARCHS) {
            Nvcc.Result result = Nvcc.run(dir, null, "nvcc", "-arch=" + arch, "-cubin", "--fmad=false", "-Xptxas", "-v",
                    "-o", dir.resolve(arch + ".cubin").toString(), cu.toString());
            assertEquals(0, result.exit(), arch + ":\n" + result.output());
            Map<String, String> perKernel = parse(result.output());
            for (String kernel : KernelSources.LATENT_CODEC_KERNELS) {
                String line = perKernel.get(kernel);
                assertTrue(line != null, "no ptxas report for " + kernel + " on " + arch + ":\n" + result.output());
                report.append(String.format("  %-6s %-18s %s%n", arch, kernel, line));
                assertTrue(line.contains(" 0 spill bytes"), kernel + " spills on " + arch + ": " + line);
            }
        }
        System.out.print(report);
    }

    /** kernel name -> "N registers, S spill bytes". */
    private static Map<String, String> parse(String ptxas) {
        Map<String, String> perKernel = new LinkedHashMap<>();
        String current = null;
        int spills = -1;
        for (String line : ptxas.split("\n")) {
            Matcher function = FUNCTION.matcher(line);
            Matcher spill = SPILLS.matcher(line);
            Matcher registers = REGISTERS.matcher(line);
            if (function.find()) {
                current = function.group(1);
            } else if (spill.find()) {
                spills = Integer.parseInt(spill.group(1)) + Integer.parseInt(spill.group(2));
            } else if (registers.find() && current != null) {
                perKernel.put(current, registers.group(1) + " registers, " + spills + " spill bytes");
                current = null;
            }
        }
        return perKernel;
    }

    @Test
    void kernelArithmeticReproducesEveryVectorOnTheHost() throws IOException {
        requireNvcc();
        Path cu = source();
        Path harnessSource = Path.of("src", "test", "native", "latent_codec_host_check.cu").toAbsolutePath();
        Path harness = dir.resolve("host_check");
        Nvcc.Result build = Nvcc.run(dir, null, "nvcc", "-arch=sm_80", "--fmad=false", "-O2", "-I", cu.getParent().toString(),
                "-o", harness.toString(), harnessSource.toString());
        assertEquals(0, build.exit(), "building the host check:\n" + build.output());
        List<CodecVectors.Vector> vectors = CodecVectors.load();
        Path input = dir.resolve("vectors.txt");
        Files.writeString(input, describe(vectors), StandardCharsets.US_ASCII);
        Nvcc.Result run = Nvcc.run(dir, input, harness.toString());
        assertEquals(0, run.exit(), run.output());
        assertEquals("ok " + vectors.size(), run.output().strip());
        System.out.println("kernel code on the host: " + run.output().strip() + " codec vectors reproduced");
    }

    /** The vectors in the whitespace-separated form the host check reads. */
    private static String describe(List<CodecVectors.Vector> vectors) {
        StringBuilder out = new StringBuilder().append(vectors.size()).append('\n');
        for (CodecVectors.Vector v : vectors) {
            CodecSpec spec = v.spec();
            boolean block = spec.mode() == RangeMode.BLOCK;
            out.append(v.name().replace(' ', '_')).append(' ').append(spec.bits()).append(' ').append(block ? 1 : 0).append(' ')
                    .append(Integer.toHexString(Float.floatToRawIntBits(spec.lo()))).append(' ')
                    .append(Integer.toHexString(Float.floatToRawIntBits(spec.hi()))).append(' ')
                    .append(block ? spec.blockSize() : 1).append(' ').append(v.records()).append(' ')
                    .append(v.elementsPerRecord()).append('\n');
            for (float x : v.input()) {
                out.append(Integer.toHexString(Float.floatToRawIntBits(x))).append(' ');
            }
            out.append('\n').append(v.packed().length).append('\n');
            String hex = HexFormat.of().formatHex(v.packed());
            for (int i = 0; i < hex.length(); i += 2) {
                out.append(hex, i, i + 2).append(' ');
            }
            out.append('\n');
            for (float x : v.decoded()) {
                out.append(Integer.toHexString(Float.floatToRawIntBits(x))).append(' ');
            }
            out.append('\n');
        }
        return out.toString();
    }
}
