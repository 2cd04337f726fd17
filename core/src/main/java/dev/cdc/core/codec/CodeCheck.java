package dev.cdc.core.codec;

/** Codes handed to a packer must fit in k bits; a wider one would corrupt its neighbours. */
final class CodeCheck {
    private CodeCheck() {
    }

    static void require(int code, int bits, int index) {
        if ((code >>> bits) != 0) {
            throw new IllegalArgumentException("code " + code + " at index " + index
                    + " does not fit in " + bits + " bits: expected 0.." + ((1 << bits) - 1));
        }
    }
}
