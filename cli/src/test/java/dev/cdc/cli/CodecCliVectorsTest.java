package dev.cdc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.CodecVectors;
import dev.cdc.core.codec.RangeMode;
import dev.cdc.core.npy.NpyArray;
import dev.cdc.core.npy.NpyReader;
import dev.cdc.core.npy.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code cdc codec pack} and {@code unpack} reproduce every committed vector, through .npy files. */
class CodecCliVectorsTest {
    @TempDir
    Path dir;

    static Stream<CodecVectors.Vector> vectors() {
        return CodecVectors.load().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void packAndUnpackReproduceTheVector(CodecVectors.Vector v) throws IOException {
        long[] shape = {v.records(), v.elementsPerRecord()};
        Path input = dir.resolve("in.npy");
        Path packed = dir.resolve("out.bin");
        Path back = dir.resolve("back.npy");
        NpyWriter.write(input, new NpyArray(shape, v.input()));
        List<String> codec = codecArgs(v.spec());

        for (String impl : new String[] {"fast", "reference"}) {
            List<String> pack = new ArrayList<>(List.of("codec", "pack", "--impl", impl));
            pack.addAll(codec);
            pack.addAll(List.of(input.toString(), packed.toString()));
            Cli.Result packResult = Cli.run(pack.toArray(String[]::new));
            assertEquals(0, packResult.exit(), packResult.toString());
            assertArrayEquals(v.packed(), Files.readAllBytes(packed), impl + " packed bytes");

            List<String> unpack = new ArrayList<>(List.of("codec", "unpack", "--impl", impl, "--shape",
                    v.records() + "," + v.elementsPerRecord()));
            unpack.addAll(codec);
            unpack.addAll(List.of(packed.toString(), back.toString()));
            Cli.Result unpackResult = Cli.run(unpack.toArray(String[]::new));
            assertEquals(0, unpackResult.exit(), unpackResult.toString());
            NpyArray decoded = NpyReader.read(back);
            assertArrayEquals(shape, decoded.shape());
            assertTrue(CodecVectors.sameBits(v.decoded(), decoded.data()), impl + " decoded floats");
        }
    }

    static List<String> codecArgs(CodecSpec spec) {
        List<String> args = new ArrayList<>(List.of("--bits", Integer.toString(spec.bits())));
        if (spec.mode() == RangeMode.FIXED) {
            args.addAll(List.of("--range", spec.lo() + "," + spec.hi()));
        } else {
            args.addAll(List.of("--block", Integer.toString(spec.blockSize())));
        }
        return args;
    }
}
