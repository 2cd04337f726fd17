package dev.cdc.core.shard;

/** How each record's class label is stored in front of its codes. */
public enum LabelEncoding {
    /** Unlabelled records. */
    NONE(0, 0, 0),
    /** One unsigned byte: up to 256 classes. */
    U8(1, 1, 256),
    /** One little-endian unsigned 16-bit integer: up to 65536 classes. */
    U16(2, 2, 65536);

    private final int wireId;
    private final int bytes;
    private final int maxClasses;

    LabelEncoding(int wireId, int bytes, int maxClasses) {
        this.wireId = wireId;
        this.bytes = bytes;
        this.maxClasses = maxClasses;
    }

    public int wireId() {
        return wireId;
    }

    /** Bytes per record. */
    public int bytes() {
        return bytes;
    }

    public int maxClasses() {
        return maxClasses;
    }

    /** The smallest encoding that holds {@code classes} classes (NONE for 0). */
    public static LabelEncoding forClasses(int classes) {
        if (classes == 0) {
            return NONE;
        }
        return classes <= U8.maxClasses ? U8 : U16;
    }

    static LabelEncoding fromWireId(int id) {
        for (LabelEncoding encoding : values()) {
            if (encoding.wireId == id) {
                return encoding;
            }
        }
        return null;
    }
}
