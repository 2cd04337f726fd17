package dev.cdc.cuda;

import dev.cdc.core.codec.CodecSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * each {@link CodecSpec#recordBytes} bytes on the packed side. {@link LaunchPlanner} picks the
 * kernels; this class only launches them.
 */
public final class CudaLatentCodec {
    private final Map<String, CUfunc_st> functions = new HashMap<>();
    private final NvrtcCompiler.Compiled compiled;

    private CudaLatentCodec(CUmod_st module, NvrtcCompiler.Compiled compiled) throws CudaException {
        this.compiled = compiled;
        for (String name : KernelSources.LATENT_CODEC_KERNELS) {
            CUfunc_st function = new CUfunc_st();
            CudaContext.check(cudart.cuModuleGetFunction(function, module, name), "cuModuleGetFunction " + name);
            functions.put(name, function);
        }
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
        launchAll(LaunchPlanner.encode(input, output, records, n, spec), stream);
    }

    /** Unpack-and-dequantize {@code records} packed records at {@code input} into floats at {@code output}. */
    public void decode(long input, long output, long records, int n, CodecSpec spec, CUstream_st stream) throws CudaException {
        launchAll(LaunchPlanner.decode(input, output, records, n, spec), stream);
    }

    private void launchAll(List<KernelLaunch> launches, CUstream_st stream) throws CudaException {
        for (KernelLaunch launch : launches) {
            launch(launch, stream);
        }
    }

    private void launch(KernelLaunch launch, CUstream_st stream) throws CudaException {
        if (launch.threads() == 0) {
            return;
        }
        if (launch.blocks() > Integer.MAX_VALUE) {
            throw new CudaException("launch of " + launch.threads() + " threads is too large for one grid");
        }
        try (PointerScope scope = new PointerScope()) {
            // Each kernel parameter is passed as a pointer to its value.
            Pointer[] values = new Pointer[launch.arguments().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = parameter(launch.arguments().get(i));
            }
            CudaContext.check(cudart.cuLaunchKernel(functions.get(launch.kernel()), (int) launch.blocks(), 1, 1,
                    KernelLaunch.THREADS_PER_BLOCK, 1, 1, 0, stream, new PointerPointer<>(values), (PointerPointer<?>) null),
                    "cuLaunchKernel " + launch.kernel());
        }
    }

    private static Pointer parameter(Object value) {
        if (value instanceof KernelLaunch.Address address) {
            return new LongPointer(1).put(address.value());
        } else if (value instanceof Long number) {
            return new LongPointer(1).put(number);
        } else if (value instanceof Integer number) {
            return new IntPointer(1).put(number);
        } else if (value instanceof Float number) {
            return new FloatPointer(1).put(number);
        }
        throw new IllegalArgumentException("no kernel parameter type for " + value);
    }
}
