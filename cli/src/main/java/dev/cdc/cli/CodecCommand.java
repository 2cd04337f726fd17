package dev.cdc.cli;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.LatentCodec;
import dev.cdc.core.io.AtomicFiles;
import dev.cdc.core.npy.NpyArray;
import dev.cdc.core.npy.NpyReader;
import dev.cdc.core.npy.NpyWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cdc codec}: the latent codec on NumPy arrays, for Python users and for checking. */
@Command(name = "codec", mixinStandardHelpOptions = true,
        description = "Quantize-and-pack NumPy float32 arrays and back, exactly as docs/codec.md says.",
        subcommands = {CodecCommand.Pack.class, CodecCommand.Unpack.class, RoundTripCommand.class})
public final class CodecCommand extends ParentCommand {

    /** What pack and unpack report. */
    public record CodecReport(String input, String output, long[] shape, int bits, String range, int records,
            int elementsPerRecord, long floatBytes, long packedBytes, double ratio) {
    }

    static CodecReport report(Path input, Path output, long[] shape, CodecSpec spec, RecordLayout layout) {
        long floatBytes = 4L * layout.records() * layout.elementsPerRecord();
        long packedBytes = (long) layout.records() * spec.recordBytes(layout.elementsPerRecord());
        return new CodecReport(input.toString(), output.toString(), shape, spec.bits(), CodecOptions.describe(spec),
                layout.records(), layout.elementsPerRecord(), floatBytes, packedBytes,
                packedBytes == 0 ? 0 : (double) floatBytes / packedBytes);
    }

    static void print(PrintWriter out, JsonOutput json, CodecReport report) {
        if (json.enabled()) {
            JsonOutput.print(out, report);
            return;
        }
        out.printf("%s -> %s: %d records of %d elements, k=%d %s, %d float32 bytes <-> %d packed bytes (%.2fx)%n",
                report.input(), report.output(), report.records(), report.elementsPerRecord(), report.bits(),
                report.range(), report.floatBytes(), report.packedBytes(), report.ratio());
        out.flush();
    }

    /** What pack and unpack share: the codec, --json and how the array splits into records. */
    abstract static class ArrayCodecCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        CodecOptions codecOptions;
        @Mixin
        JsonOutput json;
        @Option(names = "--record-size", paramLabel = "N", description = "Elements per record, instead of the default split.")
        Integer recordSize;
    }

    @Command(name = "pack", mixinStandardHelpOptions = true,
            description = "Quantize and pack a little-endian float32 .npy array into raw records. By default the first "
                    + "axis counts records (a 1-D array is one record).")
    static final class Pack extends ArrayCodecCommand {
        @Parameters(index = "0", paramLabel = "IN.npy", description = "Input array, dtype <f4, C order.")
        Path input;
        @Parameters(index = "1", paramLabel = "OUT.bin", description = "Packed records, back to back.")
        Path output;

        @Override
        public Integer call() throws IOException {
            CodecSpec codecSpec = codecOptions.spec();
            NpyArray array = NpyReader.read(input);
            RecordLayout layout = RecordLayout.of(input, array.shape(), recordSize);
            LatentCodec codec = codecOptions.codec(codecSpec);
            long bytes = (long) layout.records() * codecSpec.recordBytes(layout.elementsPerRecord());
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new UsageException(input + " packs to " + bytes + " bytes: more than one run handles; split the array");
            }
            byte[] packed = new byte[(int) bytes];
            codec.encodeRecords(array.data(), layout.records(), layout.elementsPerRecord(), packed);
            AtomicFiles.write(output, packed);
            print(spec.commandLine().getOut(), json, report(input, output, array.shape(), codecSpec, layout));
            return ExitCodes.OK;
        }
    }

    @Command(name = "unpack", mixinStandardHelpOptions = true,
            description = "Unpack and dequantize raw records into a float32 .npy array of the given shape.")
    static final class Unpack extends ArrayCodecCommand {
        @Option(names = "--shape", required = true, split = ",", paramLabel = "D", description = "Shape of the array, e.g. 3,5.")
        long[] shape;
        @Parameters(index = "0", paramLabel = "IN.bin", description = "Packed records, as cdc codec pack wrote them.")
        Path input;
        @Parameters(index = "1", paramLabel = "OUT.npy", description = "Output array, dtype <f4.")
        Path output;

        @Override
        public Integer call() throws IOException {
            CodecSpec codecSpec = codecOptions.spec();
            long count = NpyArray.elementCount(shape);
            if (count < 0 || count > Integer.MAX_VALUE - 8) {
                throw new UsageException("--shape " + Arrays.toString(shape) + " is not valid: expected non-negative"
                        + " dimensions holding at most " + (Integer.MAX_VALUE - 8) + " elements");
            }
            RecordLayout layout = RecordLayout.of(shape, recordSize);
            long expected = (long) layout.records() * codecSpec.recordBytes(layout.elementsPerRecord());
            if (!Files.isRegularFile(input)) {
                throw new NoSuchFileException(input.toString());
            }
            long size = Files.size(input);
            if (size != expected) {
                throw new CdcFormatException(input, "is " + size + " bytes but " + layout.records()
                        + " records of " + layout.elementsPerRecord() + " elements at k=" + codecSpec.bits() + " "
                        + CodecOptions.describe(codecSpec) + " take " + expected + " bytes: check --bits, --range/--block and --shape");
            }
            byte[] packed = Files.readAllBytes(input);
            float[] values = new float[(int) count];
            codecOptions.codec(codecSpec).decodeRecords(packed, layout.records(), layout.elementsPerRecord(), values);
            NpyWriter.write(output, new NpyArray(shape, values));
            print(spec.commandLine().getOut(), json, report(input, output, shape, codecSpec, layout));
            return ExitCodes.OK;
        }
    }
}
