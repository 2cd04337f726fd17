package dev.cdc.cuda;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.RangeMode;
import java.util.List;

/**
 * Which kernels encode or decode a batch, with how many threads and which arguments. Fixed mode
 * on records that form one unbroken bit stream takes the one-pass stream kernels (16-byte float
 * loads and stores, whole-word packed stores); the rest take the per-group kernels, and block
 * mode adds a pass that writes each block's range first. Records are back to back on both sides.
 */
final class LaunchPlanner {
    private static final int GROUP = 32;
    /** Codes per warp in the stream kernels: 4 per lane. */
    private static final int TILE = 128;
    private static final int WARP = 32;

    private LaunchPlanner() {
    }

    /**
     * Whether the stream kernels take a batch: fixed mode, the records' codes form one unbroken
     * bit stream (one record, or no record pads its last byte, so record boundaries do not
     * matter), and the packed side is word aligned for whole-word loads and stores.
     */
    static boolean streams(long records, int n, CodecSpec spec, long packedAddress) {
        return spec.mode() == RangeMode.FIXED && (records == 1 || (long) n * spec.bits() % 8 == 0) && packedAddress % 4 == 0;
    }

    /** Quantize-and-pack of {@code records} records of {@code n} floats at {@code input} into {@code output}. */
    static List<KernelLaunch> encode(long input, long output, long records, int n, CodecSpec spec) {
        if (streams(records, n, spec, output)) {
            return List.of(new KernelLaunch("cdc_pack_stream", streamThreads(records * n), List.of(new KernelLaunch.Address(input),
                    new KernelLaunch.Address(output), records * n, spec.bits(), spec.lo(), spec.hi(), input % 16 == 0 ? 1 : 0)));
        }
        int recordBytes = spec.recordBytesExact(n);
        long groupThreads = records * ((n + GROUP - 1) / GROUP);
        if (spec.mode() == RangeMode.FIXED) {
            return List.of(new KernelLaunch("cdc_pack_fixed", groupThreads, List.of(new KernelLaunch.Address(input),
                    new KernelLaunch.Address(output), records, n, spec.bits(), spec.lo(), spec.hi(), recordBytes)));
        }
        long blockThreads = records * ((n + spec.blockSize() - 1) / spec.blockSize());
        return List.of(
                new KernelLaunch("cdc_block_ranges", blockThreads, List.of(new KernelLaunch.Address(input),
                        new KernelLaunch.Address(output), records, n, spec.blockSize(), recordBytes)),
                new KernelLaunch("cdc_pack_block", groupThreads, List.of(new KernelLaunch.Address(input),
                        new KernelLaunch.Address(output), records, n, spec.bits(), spec.blockSize(), recordBytes)));
    }

    /** Unpack-and-dequantize of {@code records} packed records at {@code input} into floats at {@code output}. */
    static List<KernelLaunch> decode(long input, long output, long records, int n, CodecSpec spec) {
        if (streams(records, n, spec, input)) {
            return List.of(new KernelLaunch("cdc_unpack_stream", streamThreads(records * n), List.of(new KernelLaunch.Address(input),
                    new KernelLaunch.Address(output), records * n, spec.bits(), spec.lo(), spec.hi(), output % 16 == 0 ? 1 : 0)));
        }
        int recordBytes = spec.recordBytesExact(n);
        long groupThreads = records * ((n + GROUP - 1) / GROUP);
        if (spec.mode() == RangeMode.FIXED) {
            return List.of(new KernelLaunch("cdc_unpack_fixed", groupThreads, List.of(new KernelLaunch.Address(input),
                    new KernelLaunch.Address(output), records, n, spec.bits(), spec.lo(), spec.hi(), recordBytes)));
        }
        return List.of(new KernelLaunch("cdc_unpack_block", groupThreads, List.of(new KernelLaunch.Address(input),
                new KernelLaunch.Address(output), records, n, spec.bits(), spec.blockSize(), recordBytes)));
    }

    private static long streamThreads(long codes) {
        return (codes + TILE - 1) / TILE * WARP;
    }
}
