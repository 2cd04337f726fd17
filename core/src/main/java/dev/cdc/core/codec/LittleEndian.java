package dev.cdc.core.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian views of byte arrays, unaligned, as the wire format needs them. */
final class LittleEndian {
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static void putFloat(byte[] dst, int off, float value) {
        FLOAT.set(dst, off, value);
    }

    static float getFloat(byte[] src, int off) {
        return (float) FLOAT.get(src, off);
    }
}
