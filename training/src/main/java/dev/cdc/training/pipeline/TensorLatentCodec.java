package dev.cdc.training.pipeline;

import dev.cdc.core.codec.CodecSpec;
import dev.cdc.core.codec.FastCodec;
import dev.cdc.cuda.CudaContext;
import dev.cdc.cuda.CudaException;
import dev.cdc.cuda.CudaLatentCodec;
import dev.cdc.cuda.NvrtcCompiler;
import dev.cdc.training.model.Tensors;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * The codec on LibTorch tensors: records are the first axis of a float32 tensor. A CUDA tensor
 * goes to the CUDA kernels on its data pointer and torch's current CUDA stream, with the output
 * allocated by torch on the same device; a CPU tensor goes to {@code core}'s fast path. Both give
 * the same bytes.
 */
public final class TensorLatentCodec {
    private final CodecSpec spec;
    private final FastCodec cpu;
    /** The kernels do not depend on the spec: one loaded module per device serves every codec in the process. */
    private static final Map<Byte, DeviceKernels> GPUS = new HashMap<>();

    public TensorLatentCodec(CodecSpec spec) {
        this.spec = spec;
        this.cpu = new FastCodec(spec);
    }

    /** Packed records, {@code (records, recordBytes)} uint8, on the latent's device. */
    public Tensor encode(Tensor latent) throws CudaException {
        Tensor x = latent.detach().contiguous();
        long records = x.size(0);
        int n = elementsPerRecord(x);
        int recordBytes = spec.recordBytesExact(n);
        if (!x.is_cuda()) {
            return Tensor.create(encodeOnCpu(x, records, n), false, records, recordBytes);
        }
        Tensor out = torch.empty(new long[] {records, recordBytes},
                new TensorOptions().dtype(new ScalarTypeOptional(ScalarType.Byte)).device(new DeviceOptional(x.device())),
                new MemoryFormatOptional());
        byte device = x.device().index();
        gpu(device).encode(x.data_ptr().address(), out.data_ptr().address(), records, n, spec, currentStream(device));
        return out;
    }

    /** The packed records as host bytes, wherever they were encoded. */
    public byte[] encodeToHost(Tensor latent) throws CudaException {
        if (!latent.is_cuda()) {
            Tensor x = latent.detach().contiguous();
            return encodeOnCpu(x, x.size(0), elementsPerRecord(x));
        }
        Tensor host = encode(latent).cpu();
        byte[] bytes = new byte[(int) host.numel()];
        ByteBuffer buffer = host.contiguous().createBuffer();
        buffer.get(bytes);
        return bytes;
    }

    /**
     * Records {@code (records, recordBytes)} uint8 back to float32 latents of {@code shape}
     * (records first), on the packed tensor's device.
     */
    public Tensor decode(Tensor packed, long... shape) throws CudaException {
        Tensor bytes = packed.contiguous();
        long records = shape[0];
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        int n = (int) (records == 0 ? 0 : elements / records);
        if (bytes.numel() != records * spec.recordBytesExact(n)) {
            throw new IllegalArgumentException(bytes.numel() + " packed bytes do not hold " + records + " records of " + n
                    + " elements at " + spec);
        }
        if (!bytes.is_cuda()) {
            byte[] host = new byte[(int) bytes.numel()];
            ByteBuffer buffer = bytes.createBuffer();
            buffer.get(host);
            float[] values = new float[(int) elements];
            cpu.decodeRecords(host, (int) records, n, values);
            return Tensor.create(values, shape);
        }
        Tensor out = torch.empty(shape,
                new TensorOptions().dtype(new ScalarTypeOptional(ScalarType.Float)).device(new DeviceOptional(bytes.device())),
                new MemoryFormatOptional());
        byte device = bytes.device().index();
        gpu(device).decode(bytes.data_ptr().address(), out.data_ptr().address(), records, n, spec, currentStream(device));
        return out;
    }

    /** Elements of one record: records are the first axis. */
    private static int elementsPerRecord(Tensor x) {
        long records = x.size(0);
        return (int) (records == 0 ? 0 : x.numel() / records);
    }

    private byte[] encodeOnCpu(Tensor x, long records, int n) {
        byte[] packed = new byte[(int) records * spec.recordBytesExact(n)];
        cpu.encodeRecords(Tensors.toFloats(x), (int) records, n, packed);
        return packed;
    }

    /** The kernels loaded for one device, whose context is made current on this thread. */
    private static synchronized CudaLatentCodec gpu(byte device) throws CudaException {
        DeviceKernels loaded = GPUS.get(device);
        if (loaded == null) {
            // torch uses the device's primary context; retaining it here makes it current for the driver API.
            CudaContext context = CudaContext.open(device);
            loaded = new DeviceKernels(context, CudaLatentCodec.load(context, new NvrtcCompiler(NvrtcCompiler.defaultCache())));
            GPUS.put(device, loaded);
        } else {
            loaded.context().makeCurrent();  // another device's context may be current on this thread
        }
        return loaded.codec();
    }

    /** Each device has its own context and its own loaded module. */
    private record DeviceKernels(CudaContext context, CudaLatentCodec codec) {
    }

    private static CUstream_st currentStream(byte device) {
        return torch_cuda.getCurrentCUDAStream(device).stream();
    }
}
