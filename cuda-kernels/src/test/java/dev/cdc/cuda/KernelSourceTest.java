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
 * for the GPUs users have (A100 sm_80, Jetson Orin sm_87, H100/H200 sm_90) without spills; the
 * stream kernels move floats 16 bytes at a time; and their arithmetic and bit gathering, compiled
 * for the host with the shuffles replaced by array reads, reproduces every committed codec vector.
 * Where nvcc is missing they skip and say so. Parity on a real GPU is a separate check.
 */
class KernelSourceTest {
    private static final List<String> ARCHS = List.of("sm_80", "sm_87", "sm_90");
    private static final Pattern FUNCTION = Pattern.compile("Function properties for (\\w+)");
    private static final Pattern SPILLS = Pattern.compile("(\\d+) bytes spill stores, (\\d+) bytes spill loads");
    private static final Pattern REGISTERS = Pattern.compile("Used (\\d+) registers");
    private static final Pattern HOST_CHECK_SUMMARY = Pattern.compile(
            "ok (\\d+) vectors \\((\\d+) also through the stream tiles\\), (\\d+) stream cross-checks");
    private static final Pattern PTX_ENTRY = Pattern.compile("\\.entry (\\w+)\\(");
    private static String unavailable;
    @TempDir
    Path dir;

    @BeforeAll
    static void probeNvcc() {
        unavailable = NativeTools.unavailableReason("nvcc", "install the CUDA toolkit to compile-check the kernels");
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
            NativeTools.Result result = NativeTools.run(dir, null, "nvcc", "-arch=" + arch, "-cubin", "--fmad=false", "-Xptxas", "-v",
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
        NativeTools.Result build = NativeTools.run(dir, null, "nvcc", "-arch=sm_80", "--fmad=false", "-O2", "-I", cu.getParent().toString(),
                "-o", harness.toString(), harnessSource.toString());
        assertEquals(0, build.exit(), "building the host check:\n" + build.output());
        List<CodecVectors.Vector> vectors = CodecVectors.load();
        Path input = dir.resolve("vectors.txt");
        Files.writeString(input, describe(vectors), StandardCharsets.US_ASCII);
        NativeTools.Result run = NativeTools.run(dir, input, harness.toString());
        assertEquals(0, run.exit(), run.output());
        Matcher summary = HOST_CHECK_SUMMARY.matcher(run.output().strip());
        assertTrue(summary.matches(), run.output());
        assertEquals(vectors.size(), Integer.parseInt(summary.group(1)));
        long streamable = vectors.stream().filter(KernelSourceTest::streamable).count();
        assertTrue(streamable >= 50, "too few fixed-mode vectors reach the stream tiles: " + streamable);
        assertEquals(streamable, Integer.parseInt(summary.group(2)), run.output());
        System.out.println("kernel code on the host: " + run.output().strip());
    }

    /** Fixed-mode vectors whose records form one unbroken bit stream, as the stream kernels need. */
    private static boolean streamable(CodecVectors.Vector v) {
        return v.spec().mode() == RangeMode.FIXED && (v.records() == 1 || v.elementsPerRecord() * v.spec().bits() % 8 == 0);
    }

    @Test
    void streamKernelsMoveSixteenBytesPerLoadAndStore() throws IOException {
        requireNvcc();
        Path cu = source();
        Path ptx = dir.resolve("latent_codec.ptx");
        NativeTools.Result result = NativeTools.run(dir, null, "nvcc", "-arch=sm_90", "-ptx", "--fmad=false", "-o", ptx.toString(),
                cu.toString());
        assertEquals(0, result.exit(), result.output());
        Map<String, String> bodies = ptxEntries(Files.readString(ptx));
        String pack = bodies.get("cdc_pack_stream");
        String unpack = bodies.get("cdc_unpack_stream");
        assertTrue(pack != null && unpack != null, "stream kernels missing from the PTX: " + bodies.keySet());
        assertTrue(pack.contains("ld.global.nc.v4.f32"), "cdc_pack_stream does not load floats 16 bytes at a time");
        assertTrue(pack.contains("st.global.u32"), "cdc_pack_stream does not store whole words");
        assertTrue(unpack.contains("ld.global.nc.u32"), "cdc_unpack_stream does not load whole words");
        assertTrue(unpack.contains("st.global.v4.f32"), "cdc_unpack_stream does not store floats 16 bytes at a time");
        for (String kernel : List.of("cdc_pack_stream", "cdc_unpack_stream")) {
            assertTrue(!bodies.get(kernel).contains(".local"), kernel + " uses local memory");
        }
        System.out.println("stream kernels: 16-byte float loads/stores, 4-byte word stores/loads, no local memory (PTX, sm_90)");
    }

    /** entry name -> its PTX text, up to the next entry. */
    private static Map<String, String> ptxEntries(String ptx) {
        Map<String, String> bodies = new LinkedHashMap<>();
        Matcher entry = PTX_ENTRY.matcher(ptx);
        String name = null;
        int start = 0;
        while (entry.find()) {
            if (name != null) {
                bodies.put(name, ptx.substring(start, entry.start()));
            }
            name = entry.group(1);
            start = entry.start();
        }
        if (name != null) {
            bodies.put(name, ptx.substring(start));
        }
        return bodies;
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
