package dev.cdc.cuda;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.core.codec.LatentCodec;
import dev.cdc.core.codec.ReferenceCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * The kernels against {@code core}'s codec, bit for bit, with output buffers poisoned first so
 * that a byte the kernel forgot shows up. Cases cover every k and range mode, single records
 * from 0 elements up, batches whose records pad their last byte (the per-group kernels) and
 * batches that do not (the stream kernels), and inputs and outputs placed off their natural
 * alignment (the stream kernels' scalar paths and the per-group fallback).
 */
public final class KernelParity {
    private static final byte POISON = (byte) 0xA5;

    /** One case: where the data sat, and whether the packed bytes and the decoded floats matched. */
    public record Case(String spec, long records, int n, int floatOffset, int packedOffset, boolean bytesMatch,
            boolean floatsMatch) {
        public boolean passed() {
            return bytesMatch && floatsMatch;
        }
    }

    /** A batch to check: {@code records} records of {@code n} floats, the offsets in bytes. */
    record Shape(long records, int n, int floatOffset, int packedOffset) {
    }

    private KernelParity() {
    }

    static List<CodecSpec> specs() {
        List<CodecSpec> specs = new ArrayList<>();
        for (int k = 1; k <= 8; k++) {
            specs.add(CodecSpec.fixed(k, 0f, 1f));
            specs.add(CodecSpec.fixed(k, -2.5f, 3.75f));
            specs.add(CodecSpec.block(k, 64));
            specs.add(CodecSpec.block(k, 7));
        }
        return specs;
    }

    /** Single records up to {@code maxElements}, then batches of {@code batchRecords} and misplaced buffers. */
    static List<Shape> shapes(long maxElements, int batchRecords) {
        List<Shape> shapes = new ArrayList<>();
        for (long n : List.of(0L, 1L, 31L, 32L, 33L, 127L, 128L, 129L, 1000L, 4099L)) {
            shapes.add(new Shape(1, (int) n, 0, 0));
        }
        for (long n = 1L << 16; n <= maxElements; n <<= 4) {
            shapes.add(new Shape(1, (int) (n + 3), 0, 0));
        }
        for (int n : new int[] {1, 7, 33, 392, 1000}) {  // 392 = 8x7x7, a typical latent
            shapes.add(new Shape(37, n, 0, 0));
        }
        shapes.add(new Shape(batchRecords, 392, 4, 0));  // floats 4- but not 16-byte aligned
        shapes.add(new Shape(batchRecords, 392, 0, 1));  // packed bytes not word aligned
        shapes.add(new Shape(3, 4099, 8, 3));
        return shapes;
    }

    static List<Case> run(CudaLatentCodec codec, long maxElements) throws CudaException {
        List<Case> cases = new ArrayList<>();
        for (CodecSpec spec : specs()) {
            for (Shape shape : shapes(maxElements, 1000)) {
                cases.add(check(codec, spec, shape));
            }
        }
        return cases;
    }

    /** {@code count} floats: normal data with every special value mixed in. */
    static float[] data(long count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE,
            -Float.MIN_VALUE, 1f, -2.5f, 3.75f, 1e-30f};
        float[] x = new float[Math.toIntExact(count)];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 97 < specials.length ? specials[i % 97] : (float) (random.nextGaussian() * 0.5 + 0.5);
        }
        return x;
    }

    /** A case's input and what the Java codec makes of it. */
    record Expected(float[] input, byte[] packed, float[] decoded) {
    }

    static Expected expected(CodecSpec spec, Shape shape) {
        int n = shape.n();
        int records = Math.toIntExact(shape.records());
        long elements = (long) records * n;
        float[] x = data(elements, elements * 31 + spec.bits() + 7L * spec.mode().ordinal());
        byte[] packed = new byte[Math.toIntExact((long) records * spec.recordBytesExact(n))];
        // The reference itself up to 2^20 elements; beyond, the fast path, which the property tests hold to it bit for bit.
        LatentCodec reference = elements <= 1 << 20 ? new ReferenceCodec(spec) : new FastCodec(spec);
        reference.encodeRecords(x, records, n, packed);
        float[] decoded = new float[x.length];
        reference.decodeRecords(packed, records, n, decoded);
        return new Expected(x, packed, decoded);
    }

    private static Case check(CudaLatentCodec codec, CodecSpec spec, Shape shape) throws CudaException {
        int n = shape.n();
        int records = Math.toIntExact(shape.records());
        long elements = (long) records * n;
        Expected want = expected(spec, shape);
        float[] x = want.input();
        byte[] expected = want.packed();
        float[] expectedFloats = want.decoded();
        long packedBytes = expected.length;

        int floatOffset = shape.floatOffset();
        int packedOffset = shape.packedOffset();
        // The scope frees the host buffers now: at 2^28 elements each is a gigabyte of native memory.
        try (PointerScope scope = new PointerScope();
                DeviceBuffer in = new DeviceBuffer(4 * elements + floatOffset + 16);
                DeviceBuffer packed = new DeviceBuffer(packedBytes + packedOffset + 16);
                DeviceBuffer out = new DeviceBuffer(4 * elements + floatOffset + 16)) {
            in.upload(floatOffset, new FloatPointer(x), 4 * elements);
            packed.fill(POISON);
            out.fill(POISON);
            codec.encode(in.address() + floatOffset, packed.address() + packedOffset, records, n, spec, null);
            CudaContext.check(cudart.cuCtxSynchronize(), "cuCtxSynchronize");
            // one byte past the end must still be poison
            byte[] actual = new byte[Math.toIntExact(packedBytes + 1)];
            BytePointer host = new BytePointer(actual.length);
            packed.download(packedOffset, host, actual.length);
            host.get(actual);
            boolean bytes = Arrays.equals(expected, Arrays.copyOf(actual, expected.length)) && actual[expected.length] == POISON;

            codec.decode(packed.address() + packedOffset, out.address() + floatOffset, records, n, spec, null);
            CudaContext.check(cudart.cuCtxSynchronize(), "cuCtxSynchronize");
            FloatPointer floats = new FloatPointer(Math.max(1, x.length));
            out.download(floatOffset, floats, 4 * elements);
            float[] actualFloats = new float[x.length];
            floats.get(actualFloats);
            boolean same = true;
            for (int i = 0; i < x.length && same; i++) {
                same = Float.floatToRawIntBits(actualFloats[i]) == Float.floatToRawIntBits(expectedFloats[i]);
            }
            return new Case(spec.toString(), records, n, floatOffset, packedOffset, bytes, same);
        }
    }
}
