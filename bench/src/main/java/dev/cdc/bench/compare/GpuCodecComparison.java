package dev.cdc.bench.compare;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.cuda.CudaProbe;
import dev.cdc.cuda.KernelThroughput;
import dev.cdc.nativeconfig.Backends;
import dev.cdc.training.pipeline.TensorLatentCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * Fixed-range quantize-and-pack on the GPU, three ways on the same CUDA tensor in the same run:
 * the fused kernel (through {@link TensorLatentCodec}, as training and {@code cdc encode} call
 * it), the same work as a chain of LibTorch ops, and a device-to-device copy of the input (the
 * memory's ceiling). Needs LibTorch with CUDA (the {@code -Pgpu} build); each is timed with
 * CUDA events on torch's current stream.
 */
public final class GpuCodecComparison {
    private GpuCodecComparison() {
    }

    /** GB/s moved (floats read plus packed bytes written; a copy reads and writes the floats). */
    public record Row(int bits, long elements, double kernelGBps, double libtorchChainGBps, double copyGBps) {
        public double kernelOverChain() {
            return kernelGBps / libtorchChainGBps;
        }

        public double kernelFractionOfCopy() {
            return kernelGBps / copyGBps;
        }
    }

    /** Why this comparison cannot run here, or null when it can. */
    public static String unavailableReason() {
        if (!Backends.isAvailable(CudaProbe.NAME)) {
            return "no CUDA GPU: " + Backends.unavailabilityCause(CudaProbe.NAME);
        }
        if (!torch.cuda_is_available()) {
            return "LibTorch here has no CUDA (build with -Pgpu for the GPU LibTorch); the kernel alone: cdc selftest --gpu";
        }
        return null;
    }

    /** {@code n} floats uniform in [0, 1), drawn on the host from {@code seed}, on CUDA device {@code device}. */
    public static Tensor uniformOnGpu(int n, long seed, int device) {
        float[] host = new float[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            host[i] = (float) random.nextDouble();
        }
        return Tensor.create(host, n).to(new Device(torch.DeviceType.CUDA, (byte) device), torch.ScalarType.Float);
    }

    /** On CUDA device {@code device}, in the stream torch uses there. */
    public static List<Row> run(long elements, int[] widths, int device) throws Exception {
        String unavailable = unavailableReason();
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
        int n = Math.toIntExact(elements);
        // torch's current device, so that its ops, the kernels and the timing events share one context
        torch_cuda.set_device((byte) device);
        Tensor input = uniformOnGpu(n, 1, device);
        Tensor copy = torch.empty_like(input);
        CUstream_st stream = torch_cuda.getCurrentCUDAStream((byte) device).stream();
        double floatBytes = 4.0 * n;
        List<Row> rows = new ArrayList<>();
        for (int bits : widths) {
            CodecSpec spec = CodecSpec.fixed(bits, 0f, 1f);
            TensorLatentCodec kernel = new TensorLatentCodec(spec);
            LibTorchQuantizePack chain = new LibTorchQuantizePack(bits, 0f, 1f);
            double moved = floatBytes + spec.recordBytes(n);
            double kernelSeconds = KernelThroughput.medianSeconds(() -> {
                try (PointerScope scope = new PointerScope()) {
                    kernel.encode(input.view(1, n));
                }
            }, stream);
            double chainSeconds = KernelThroughput.medianSeconds(() -> {
                try (PointerScope scope = new PointerScope()) {
                    chain.apply(input);
                }
            }, stream);
            double copySeconds = KernelThroughput.medianSeconds(() -> copy.copy_(input), stream);
            rows.add(new Row(bits, n, moved / kernelSeconds / 1e9, moved / chainSeconds / 1e9, 2 * floatBytes / copySeconds / 1e9));
        }
        return rows;
    }
}
