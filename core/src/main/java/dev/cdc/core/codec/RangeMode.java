package dev.cdc.core.codec;

/** How the quantizer's range {@code [lo, hi]} is chosen (docs/codec.md ("Quantizing one value")). */
public enum RangeMode {
    /** Model constants; nothing is sent besides the codes. The CDC default. */
    FIXED(0),
    /** Per block of {@code B} elements, min and max of the finite values, sent as two float32. */
    BLOCK(1);

    private final int wireId;

    RangeMode(int wireId) {
        this.wireId = wireId;
    }

    /** The byte that stands for this mode in a {@code .cdc} header. */
    public int wireId() {
        return wireId;
    }

    public static RangeMode fromWireId(int id) {
        for (RangeMode mode : values()) {
            if (mode.wireId == id) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown range mode id " + id + ", expected 0 (fixed) or 1 (block)");
    }
}
