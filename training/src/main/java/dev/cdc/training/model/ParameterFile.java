package dev.cdc.training.model;

import dev.cdc.core.CdcFormatException;
import dev.cdc.core.text.Printable;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.Tensor;

/**
 * A module's parameters and buffers (batch-norm statistics) in a plain format of our own (names, shapes, little-endian float32),
 * independent of LibTorch's archive format, so loading checks every name and shape with a clear
 * message and the bytes hash the same on every machine.
 */
public final class ParameterFile {
    private static final int MAGIC = 0x50434443; // "CDCP"

    private ParameterFile() {
    }

    public static byte[] write(Module module) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            StringTensorDict parameters = state(module);
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt((int) parameters.size());
            out.write(header.array());
            for (long i = 0; i < parameters.size(); i++) {
                byte[] name = parameters.get(i).key().getString().getBytes(StandardCharsets.UTF_8);
                Tensor value = parameters.get(i).value();
                long[] shape = Tensors.shape(value);
                float[] data = Tensors.toFloats(value);
                ByteBuffer entry = ByteBuffer.allocate(2 + name.length + 1 + 4 * shape.length + 4 * data.length)
                        .order(ByteOrder.LITTLE_ENDIAN);
                entry.putShort((short) name.length).put(name).put((byte) shape.length);
                for (long d : shape) {
                    entry.putInt((int) d);
                }
                entry.asFloatBuffer().put(data);
                out.write(entry.array());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exact size of {@link #write}'s output for {@code module}: what a reader may expect, and no more. */
    public static long size(Module module) {
        StringTensorDict parameters = state(module);
        long bytes = 8;
        for (long i = 0; i < parameters.size(); i++) {
            Tensor value = parameters.get(i).value();
            bytes += 2 + parameters.get(i).key().getString().getBytes(StandardCharsets.UTF_8).length + 1
                    + 4L * value.dim() + 4L * value.numel();
        }
        return bytes;
    }

    /** Loads parameters written by {@link #write} into a module of the same architecture. */
    public static void read(Module module, byte[] content, Path file, String entryName) throws CdcFormatException {
        ByteBuffer in = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        String where = entryName + " in " + file.getFileName();
        try {
            if (in.getInt() != MAGIC) {
                throw new CdcFormatException(file, where + " is not a parameter file: expected magic CDCP");
            }
            StringTensorDict parameters = state(module);
            int count = in.getInt();
            if (count != parameters.size()) {
                throw new CdcFormatException(file, where + " holds " + count + " tensors: the model has " + parameters.size());
            }
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (long i = 0; i < count; i++) {
                    byte[] nameBytes = new byte[in.getShort() & 0xFFFF];
                    in.get(nameBytes);
                    String name = new String(nameBytes, StandardCharsets.UTF_8);
                    String expectedName = parameters.get(i).key().getString();
                    Tensor target = parameters.get(i).value();
                    long[] expectedShape = Tensors.shape(target);
                    int rank = in.get();
                    long[] shape = new long[Math.max(rank, 0)];
                    long elements = 1;
                    for (int d = 0; d < rank; d++) {
                        shape[d] = in.getInt();
                        elements *= shape[d];
                    }
                    if (!name.equals(expectedName) || !Arrays.equals(shape, expectedShape)) {
                        throw new CdcFormatException(file, where + ": tensor " + i + " is " + Printable.of(name, 40)
                                + Arrays.toString(shape)
                                + " but the model expects " + expectedName + Arrays.toString(expectedShape)
                                + " (a model of another architecture?)");
                    }
                    float[] values = new float[(int) elements];
                    in.asFloatBuffer().get(values);
                    in.position(in.position() + 4 * values.length);
                    target.copy_(Tensor.create(values, shape));
                }
            }
            if (in.hasRemaining()) {
                throw new CdcFormatException(file, where + " has " + in.remaining() + " bytes after its last tensor");
            }
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException | IllegalArgumentException e) {
            throw new CdcFormatException(file, where + " is truncated or corrupt");
        }
    }

    /** Parameters, then buffers, in registration order: everything that defines the module's output. */
    static StringTensorDict state(Module module) {
        StringTensorDict state = new StringTensorDict();
        StringTensorDict parameters = module.named_parameters(true);
        StringTensorDict buffers = module.named_buffers(true);
        for (long i = 0; i < parameters.size(); i++) {
            state.insert(parameters.get(i).key().getString(), parameters.get(i).value());
        }
        for (long i = 0; i < buffers.size(); i++) {
            state.insert(buffers.get(i).key().getString(), buffers.get(i).value());
        }
        return state;
    }
}
