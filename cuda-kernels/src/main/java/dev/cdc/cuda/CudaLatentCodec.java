package dev.cdc.cuda;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.RangeMode;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.PointerScope;

/**
 * The codec kernels on raw device pointers and a CUDA stream: the same bytes as {@code core}'s
 * CPU codecs. {@code input} and {@code output} are device addresses; records are back to back,
 * each {@link CodecSpec#recordBytes} bytes on the packed side. Fixed mode on records that form
 * one unbroken bit stream takes the one-pass stream kernels (16-byte float loads and stores,
 * whole-word packed stores); the rest take the per-group kernels.
 */
public final class CudaLatentCodec {
    private static final int THREADS_PER_BLOCK = 256;
    private static final int GROUP = 32;
    /** Codes per warp in the stream kernels: 4 per lane. */
    private static final int TILE = 128;
    private static final int WARP = 32;
    private final CUfunc_st packStream;
    private final CUfunc_st unpackStream;
    private final CUfunc_st packFixed;
    private final CUfunc_st unpackFixed;
    private final CUfunc_st blockRanges;
    private final CUfunc_st packBlock;
    private final CUfunc_st unpackBlock;
    private final NvrtcCompiler.Compiled compiled;

    private CudaLatentCodec(CUmod_st module, NvrtcCompiler.Compiled compiled) throws CudaException {
        this.compiled = compiled;
        this.packStream = function(module, "cdc_pack_stream");
        this.unpackStream = function(module, "cdc_unpack_stream");
        this.packFixed = function(module, "cdc_pack_fixed");
        this.unpackFixed = function(module, "cdc_unpack_fixed");
        this.blockRanges = function(module, "cdc_block_ranges");
        this.packBlock = function(module, "cdc_pack_block");
        this.unpackBlock = function(module, "cdc_unpack_block");
    }

    /** Compiles (or takes from the cache) the kernels for the context's device and loads them. */
    public static CudaLatentCodec load(CudaContext context, NvrtcCompiler compiler) throws CudaException {
        NvrtcCompiler.Compiled compiled = compiler.compile(KernelSources.LATENT_CODEC,
                KernelSources.read(KernelSources.LATENT_CODEC), context.major(), context.minor());
        CUmod_st module = new CUmod_st();
        CudaContext.check(cudart.cuModuleLoadData(module, new BytePointer(compiled.cubin())), "cuModuleLoadData");
        return new CudaLatentCodec(module, compiled);
    }

    public NvrtcCompiler.Compiled compiled() {
        return compiled;
    }

    /** Quantize-and-pack {@code records} records of {@code n} floats at {@code input} into {@code output}. */
    public void encode(long input, long output, long records, int n, CodecSpec spec, CUstream_st stream) throws CudaException {
        int recordBytes = spec.recordBytesExact(n);
        long groupThreads = records * ((n + GROUP - 1) / GROUP);
        if (streams(records, n, spec, output)) {
            launch(packStream, streamThreads(records * n), stream, pointer(input), pointer(output), pointer(records * n),
                    integer(spec.bits()), real(spec.lo()), real(spec.hi()), integer(input % 16 == 0 ? 1 : 0));
            return;
        }
        if (spec.mode() == RangeMode.FIXED) {
            launch(packFixed, groupThreads, stream, pointer(input), pointer(output), pointer(records), integer(n),
                    integer(spec.bits()), real(spec.lo()), real(spec.hi()), integer(recordBytes));
            return;
        }
        long blockThreads = records * ((n + spec.blockSize() - 1) / spec.blockSize());
        launch(blockRanges, blockThreads, stream, pointer(input), pointer(output), pointer(records), integer(n),
                integer(spec.blockSize()), integer(recordBytes));
        launch(packBlock, groupThreads, stream, pointer(input), pointer(output), pointer(records), integer(n),
                integer(spec.bits()), integer(spec.blockSize()), integer(recordBytes));
    }

    /** Unpack-and-dequantize {@code records} packed records at {@code input} into floats at {@code output}. */
    public void decode(long input, long output, long records, int n, CodecSpec spec, CUstream_st stream) throws CudaException {
        int recordBytes = spec.recordBytesExact(n);
        long groupThreads = records * ((n + GROUP - 1) / GROUP);
        if (streams(records, n, spec, input)) {
            launch(unpackStream, streamThreads(records * n), stream, pointer(input), pointer(output), pointer(records * n),
                    integer(spec.bits()), real(spec.lo()), real(spec.hi()), integer(output % 16 == 0 ? 1 : 0));
            return;
        }
        if (spec.mode() == RangeMode.FIXED) {
            launch(unpackFixed, groupThreads, stream, pointer(input), pointer(output), pointer(records), integer(n),
                    integer(spec.bits()), real(spec.lo()), real(spec.hi()), integer(recordBytes));
        } else {
            launch(unpackBlock, groupThreads, stream, pointer(input), pointer(output), pointer(records), integer(n),
                    integer(spec.bits()), integer(spec.blockSize()), integer(recordBytes));
        }
    }

    /**
     * Whether the stream kernels take a batch: fixed mode, the records' codes form one unbroken
     * bit stream (one record, or no record pads its last byte, so record boundaries do not
     * matter), and the packed side is word aligned for whole-word loads and stores.
     */
    static boolean streams(long records, int n, CodecSpec spec, long packedAddress) {
        return spec.mode() == RangeMode.FIXED && (records == 1 || (long) n * spec.bits() % 8 == 0) && packedAddress % 4 == 0;
    }

    private static long streamThreads(long codes) {
        return (codes + TILE - 1) / TILE * WARP;
    }

    private static void launch(CUfunc_st function, long threads, CUstream_st stream, Pointer... arguments)
            throws CudaException {
        if (threads == 0) {
            return;
        }
        long blocks = (threads + THREADS_PER_BLOCK - 1) / THREADS_PER_BLOCK;
        if (blocks > Integer.MAX_VALUE) {
            throw new CudaException("launch of " + threads + " threads is too large for one grid");
        }
        try (PointerScope scope = new PointerScope()) {
            PointerPointer<Pointer> parameters = new PointerPointer<>(arguments);
            CudaContext.check(cudart.cuLaunchKernel(function, (int) blocks, 1, 1, THREADS_PER_BLOCK, 1, 1, 0, stream,
                    parameters, (PointerPointer<?>) null), "cuLaunchKernel");
        }
    }

    // Each kernel parameter is passed as a pointer to its value.
    private static Pointer pointer(long value) {
        return new LongPointer(1).put(value);
    }

    private static Pointer integer(int value) {
        return new IntPointer(1).put(value);
    }

    private static Pointer real(float value) {
        return new FloatPointer(1).put(value);
    }

    private static CUfunc_st function(CUmod_st module, String name) throws CudaException {
        CUfunc_st function = new CUfunc_st();
        CudaContext.check(cudart.cuModuleGetFunction(function, module, name), "cuModuleGetFunction " + name);
        return function;
    }
}
