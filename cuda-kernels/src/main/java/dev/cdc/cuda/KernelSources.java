package dev.cdc.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The CUDA sources shipped as resources, for run-time compilation (NVRTC) and build-time checks (nvcc). */
public final class KernelSources {
    /** Fused quantize-and-pack and unpack-and-dequantize, fixed and block range modes. */
    public static final String LATENT_CODEC = "latent_codec.cu";
    /** The kernels' entry points, as {@code extern "C"} names. */
    public static final String[] LATENT_CODEC_KERNELS = {
        "cdc_pack_stream", "cdc_unpack_stream", "cdc_pack_fixed", "cdc_unpack_fixed", "cdc_block_ranges", "cdc_pack_block",
        "cdc_unpack_block"};

    private KernelSources() {
    }

    public static String read(String name) {
        try (InputStream in = KernelSources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + name + " is missing from the cuda-kernels jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
