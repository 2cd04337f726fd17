package dev.cdc.core.shard;

import dev.cdc.core.entropy.CodeTables;
import dev.cdc.core.text.Printable;
import java.util.Locale;

/**
 * How a shard stores its records' codes: bit-packed, k bits each (format version 1), or as one
 * rANS stream per chunk over the encoding model's code tables (version 2,
 * docs/entropy-coding.md), which the shard names by the tables' fingerprint so that only a
 * decoder holding the very same tables reads it.
 *
 * @param kind   packed or rANS
 * @param tables SHA-256 of the code tables' stored form; null when packed
 */
public record EntropyCoding(Kind kind, ModelFingerprint tables) {
    /** The codings, as users name them ({@code --codec}) and as shards store them. */
    public enum Kind {
        PACKED(0, "packed"),
        RANS(1, "rans");

        private final int wireId;
        private final String id;

        Kind(int wireId, String id) {
            this.wireId = wireId;
            this.id = id;
        }

        public int wireId() {
            return wireId;
        }

        public String id() {
            return id;
        }

        /** {@code packed} or {@code rans}; throws naming what was expected otherwise. */
        public static Kind fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id.toLowerCase(Locale.ROOT))) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("codec '" + Printable.of(id) + "' is not valid: expected packed or rans");
        }

        static Kind fromWireId(int id) {
            for (Kind kind : values()) {
                if (kind.wireId == id) {
                    return kind;
                }
            }
            return null;
        }
    }

    public static final EntropyCoding PACKED = new EntropyCoding(Kind.PACKED, null);

    public EntropyCoding {
        if (kind == null || (kind == Kind.RANS) != (tables != null)) {
            throw new IllegalArgumentException("a rANS coding names its code tables, and only it does");
        }
    }

    /**
     * The coding {@code kind} for a model whose code tables are {@code tables} (null when it has
     * none).
     *
     * @throws IllegalArgumentException for rANS with a model that has no tables
     */
    public static EntropyCoding forModel(Kind kind, CodeTables tables) {
        if (kind == Kind.PACKED) {
            return PACKED;
        }
        if (tables == null) {
            throw new IllegalArgumentException("--codec rans needs the model's code tables, and this model has none (it was"
                    + " trained before cdc fitted them): fit them with `cdc tables` (no training), or use --codec packed");
        }
        return rans(tables.fingerprint());
    }

    /** rANS over the tables whose stored form has SHA-256 {@code tables}. */
    public static EntropyCoding rans(byte[] tables) {
        return new EntropyCoding(Kind.RANS, ModelFingerprint.of(tables));
    }

    public boolean isRans() {
        return kind == Kind.RANS;
    }

    @Override
    public String toString() {
        return isRans() ? "rans (code tables " + tables + ")" : "packed";
    }
}
