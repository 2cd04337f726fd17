package dev.cdc.cli;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.Codecs;
import dev.cdc.core.codec.LatentCodec;
import picocli.CommandLine.Option;

/** Bit width and range mode, shared by the codec commands. */
public final class CodecOptions {
    @Option(names = "--bits", required = true, paramLabel = "K", description = "Bits per code, 1..8.")
    int bits;

    @Option(names = "--range", paramLabel = "LO,HI",
            description = "Fixed range mode: quantize [LO, HI] (e.g. 0,1). Nothing but the codes is written.")
    String range;

    @Option(names = "--block", paramLabel = "B",
            description = "Block range mode: each block of B elements of a record sends its own min and max.")
    Integer block;

    @Option(names = "--impl", defaultValue = "fast", paramLabel = "IMPL",
            description = "CPU implementation: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). Same bytes either way.")
    Codecs implementation;

    /** The spec the options describe; exactly one of --range and --block must be given. */
    public CodecSpec spec() {
        if ((range == null) == (block == null)) {
            throw new UsageException("give exactly one of --range LO,HI (fixed mode) and --block B (block mode)");
        }
        if (block != null) {
            return CodecSpec.block(bits, block);
        }
        String[] parts = range.split(",");
        if (parts.length != 2) {
            throw new UsageException("--range '" + range + "' is not valid: expected LO,HI like 0,1");
        }
        try {
            return CodecSpec.fixed(bits, Float.parseFloat(parts[0].strip()), Float.parseFloat(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new UsageException("--range '" + range + "' is not valid: expected two numbers LO,HI like 0,1");
        }
    }

    /** The chosen implementation of {@code spec}, which {@link #spec()} gave. */
    public LatentCodec codec(CodecSpec spec) {
        return implementation.create(spec);
    }

    /** "fixed [0.0, 1.0]" or "block 64", for messages and reports. */
    public static String describe(CodecSpec spec) {
        return switch (spec.mode()) {
            case FIXED -> "fixed [" + spec.lo() + ", " + spec.hi() + "]";
            case BLOCK -> "block " + spec.blockSize();
        };
    }
}
