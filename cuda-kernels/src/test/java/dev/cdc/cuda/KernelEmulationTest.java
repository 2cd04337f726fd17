package dev.cdc.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cdc.core.codec.CodecSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels of {@code latent_codec.cu}, unchanged, run on the host by a small SIMT emulator
 * ({@code src/test/native/cuda_host_emulation.h}: warps of 32 fiber lanes, real shuffle
 * semantics) with exactly the launches {@link LaunchPlanner} plans for a GPU: kernel, grid and
 * arguments. Every k, both range modes, single records and batches, buffers off their natural
 * alignment; bytes and floats against the Java reference, with poisoned buffers, and every wide
 * access checked for the alignment a GPU would fault on. What it cannot show: timing, the
 * memory system, and the device compiler's code (the PTX test covers what it emits).
 */
class KernelEmulationTest {
    private static final long REGION = 1L << 40;
    private static final byte POISON = (byte) 0xA5;
    private static final int SLACK = 64;
    @TempDir
    Path dir;

    private record Planned(CodecSpec spec, KernelParity.Shape shape, KernelParity.Expected expected, List<KernelLaunch> encode,
            List<KernelLaunch> decode) {
        long floatRegion() {
            return shape.floatOffset() + 4L * expected.input().length + SLACK;
        }

        long packedRegion() {
            return shape.packedOffset() + (long) expected.packed().length + SLACK;
        }
    }

    @Test
    void kernelsMatchTheJavaReferenceUnderEmulation() throws IOException {
        String unavailable = NativeTools.unavailableReason("g++", "install g++ to run the kernels in the host emulator");
        assumeTrue(unavailable == null, () -> {
            System.out.println("skipped: " + unavailable);
            return unavailable;
        });
        Path emulator = build();
        List<Planned> cases = new ArrayList<>();
        for (CodecSpec spec : KernelParity.specs()) {
            for (KernelParity.Shape shape : KernelParity.shapes(4099, 37)) {
                long elements = shape.records() * shape.n();
                long floats = REGION + shape.floatOffset();
                long packed = 2 * REGION + shape.packedOffset();
                long decoded = 3 * REGION + shape.floatOffset();
                cases.add(new Planned(spec, shape, KernelParity.expected(spec, shape),
                        LaunchPlanner.encode(floats, packed, shape.records(), shape.n(), spec),
                        LaunchPlanner.decode(packed, decoded, shape.records(), shape.n(), spec)));
                assertTrue(elements < 1 << 20);
            }
        }
        Path input = dir.resolve("cases.bin");
        Path results = dir.resolve("results.bin");
        Files.write(input, describe(cases));
        NativeTools.Result run = NativeTools.run(dir, null, emulator.toString(), input.toString(), results.toString());
        assertEquals(0, run.exit(), run.output());
        assertEquals("done " + cases.size(), run.output().strip(), "the emulator reported problems:\n" + run.output());

        ByteBuffer out = ByteBuffer.wrap(Files.readAllBytes(results)).order(ByteOrder.LITTLE_ENDIAN);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> launches = new TreeMap<>();
        for (Planned c : cases) {
            byte[] packed = new byte[Math.toIntExact(c.packedRegion())];
            out.get(packed);
            byte[] floats = new byte[Math.toIntExact(c.floatRegion())];
            out.get(floats);
            String problem = compare(c, packed, floats);
            if (problem != null) {
                failures.add(c.spec() + " " + c.shape() + ": " + problem);
            }
            for (KernelLaunch l : c.encode()) {
                launches.merge(l.kernel(), 1, Integer::sum);
            }
            for (KernelLaunch l : c.decode()) {
                launches.merge(l.kernel(), 1, Integer::sum);
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " cases differ");
        assertEquals(KernelSources.LATENT_CODEC_KERNELS.length, launches.size(), "kernels never launched: " + launches);
        System.out.println("emulated kernels: " + cases.size() + " cases match the Java reference; launches " + launches);
    }

    private Path build() throws IOException {
        Files.writeString(dir.resolve(KernelSources.LATENT_CODEC), KernelSources.read(KernelSources.LATENT_CODEC));
        for (String name : List.of("cuda_host_emulation.h", "latent_codec_emulated.cpp")) {
            Files.copy(Path.of("src", "test", "native", name), dir.resolve(name));
        }
        Path emulator = dir.resolve("latent_codec_emulated");
        // -ffp-contract=off: no fused multiply-adds but the explicit ones, as docs/codec.md requires
        NativeTools.Result build = NativeTools.run(dir, null, "g++", "-std=c++17", "-O1", "-ffp-contract=off", "-Wall",
                "-Wno-unknown-pragmas", "-o", emulator.toString(), "latent_codec_emulated.cpp");
        assertEquals(0, build.exit(), "building the emulator:\n" + build.output());
        return emulator;
    }

    /** Null when the packed bytes and decoded floats match and every byte around them is still poison. */
    private static String compare(Planned c, byte[] packedRegion, byte[] floatRegion) {
        byte[] packed = c.expected().packed();
        int at = c.shape().packedOffset();
        for (int i = 0; i < packedRegion.length; i++) {
            boolean inside = i >= at && i < at + packed.length;
            if (packedRegion[i] != (inside ? packed[i - at] : POISON)) {
                return (inside ? "packed byte " + (i - at) + " differs" : "a byte outside the packed records was written, at " + (i - at));
            }
        }
        float[] decoded = c.expected().decoded();
        ByteBuffer floats = ByteBuffer.wrap(floatRegion).order(ByteOrder.LITTLE_ENDIAN);
        int start = c.shape().floatOffset();
        for (int i = 0; i < floatRegion.length; i++) {
            boolean inside = i >= start && i < start + 4 * decoded.length;
            if (!inside && floatRegion[i] != POISON) {
                return "a byte outside the decoded floats was written, at " + (i - start);
            }
        }
        for (int i = 0; i < decoded.length; i++) {
            int actual = floats.getInt(start + 4 * i);
            if (actual != Float.floatToRawIntBits(decoded[i])) {
                return "decoded float " + i + " is " + Float.intBitsToFloat(actual) + ", expected " + decoded[i];
            }
        }
        return null;
    }

    private static byte[] describe(List<Planned> cases) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(cases.size()));
        for (Planned c : cases) {
            float[] x = c.expected().input();
            ByteBuffer head = ByteBuffer.allocate(28 + 4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(c.floatRegion()).putLong(c.packedRegion()).putInt(c.shape().floatOffset()).putLong(x.length);
            for (float v : x) {
                head.putFloat(v);
            }
            write(bytes, head);
            writeLaunches(bytes, c.encode());
            writeLaunches(bytes, c.decode());
        }
        return bytes.toByteArray();
    }

    private static void writeLaunches(ByteArrayOutputStream bytes, List<KernelLaunch> launches) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(launches.size());
        for (KernelLaunch l : launches) {
            byte[] name = l.kernel().getBytes(StandardCharsets.US_ASCII);
            b.putInt(name.length).put(name).putLong(l.threads()).putInt(l.arguments().size());
            for (Object a : l.arguments()) {
                if (a instanceof KernelLaunch.Address address) {
                    b.put((byte) 'a').putLong(address.value());
                } else if (a instanceof Long number) {
                    b.put((byte) 'l').putLong(number);
                } else if (a instanceof Integer number) {
                    b.put((byte) 'i').putInt(number);
                } else if (a instanceof Float number) {
                    b.put((byte) 'f').putFloat(number);
                } else {
                    throw new IllegalArgumentException("no kernel parameter type for " + a);
                }
            }
        }
        write(bytes, b);
    }

    private static void write(ByteArrayOutputStream bytes, ByteBuffer buffer) {
        bytes.write(buffer.array(), 0, buffer.position());
    }
}
