package dev.cdc.core.codec;

/** Picks a CPU implementation by name, for benchmarks and the command line. */
public enum Codecs {
    REFERENCE,
    FAST;

    public LatentCodec create(CodecSpec spec) {
        return this == REFERENCE ? new ReferenceCodec(spec) : new FastCodec(spec);
    }
}
