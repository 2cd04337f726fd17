package dev.cdc.training.distributed;

import static org.bytedeco.pytorch.global.torch.cat;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Tensors of a module packed into buckets of at most a given size, each one contiguous vector
 * that one collective call moves (as PyTorch's DistributedDataParallel buckets gradients), and
 * unpacked back into their tensors afterwards.
 */
public final class FlatTensors {
    /** DistributedDataParallel's default bucket cap. */
    public static final long BUCKET_BYTES = 25L << 20;

    private FlatTensors() {
    }

    /** Splits tensors into consecutive groups of at most {@code capBytes} float32 bytes (a larger tensor is a group alone). */
    public static List<List<Tensor>> buckets(List<Tensor> tensors, long capBytes) {
        List<List<Tensor>> buckets = new ArrayList<>();
        List<Tensor> current = new ArrayList<>();
        long bytes = 0;
        for (Tensor t : tensors) {
            long size = t.numel() * Float.BYTES;
            if (!current.isEmpty() && bytes + size > capBytes) {
                buckets.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        if (!current.isEmpty()) {
            buckets.add(current);
        }
        return buckets;
    }

    /** One contiguous vector holding every tensor, flattened, in order. */
    public static Tensor pack(List<Tensor> tensors) {
        TensorVector flat = new TensorVector();
        for (Tensor t : tensors) {
            flat.push_back(t.detach().reshape(-1));
        }
        return cat(flat);
    }

    /** Copies {@code flat} back into the tensors it was packed from. */
    public static void unpack(Tensor flat, List<Tensor> tensors) {
        try (NoGradGuard noGrad = new NoGradGuard()) {
            long offset = 0;
            for (Tensor t : tensors) {
                long n = t.numel();
                t.copy_(flat.narrow(0, offset, n).view_as(t));
                offset += n;
            }
        }
    }

    /**
     * The tensors of a vector as handles of their own: what {@code get} returns points into the
     * vector, which LibTorch frees with it, so keeping those past the vector crashes the JVM.
     */
    public static List<Tensor> list(TensorVector vector) {
        List<Tensor> list = new ArrayList<>();
        for (long i = 0; i < vector.size(); i++) {
            list.add(new Tensor(vector.get(i)));
        }
        return list;
    }
}
