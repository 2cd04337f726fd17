package dev.cdc.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvrtcCompilerTest {
    @TempDir
    Path dir;

    @Test
    void cacheKeysChangeWithSourceArchAndNvrtcVersion() {
        String source = KernelSources.read(KernelSources.LATENT_CODEC);
        String key = NvrtcCompiler.cacheFileName(KernelSources.LATENT_CODEC, source, "sm_90", "13.0");
        assertTrue(key.startsWith("latent_codec-") && key.endsWith("-sm_90-nvrtc13.0.cubin"), key);
        assertEquals(key, NvrtcCompiler.cacheFileName(KernelSources.LATENT_CODEC, source, "sm_90", "13.0"));
        assertNotEquals(key, NvrtcCompiler.cacheFileName(KernelSources.LATENT_CODEC, source + " ", "sm_90", "13.0"));
        assertNotEquals(key, NvrtcCompiler.cacheFileName(KernelSources.LATENT_CODEC, source, "sm_87", "13.0"));
        assertNotEquals(key, NvrtcCompiler.cacheFileName(KernelSources.LATENT_CODEC, source, "sm_90", "13.1"));
    }

    @Test
    void compilationEitherWorksOrSaysWhatIsMissing() {
        try {
            NvrtcCompiler.Compiled compiled = new NvrtcCompiler(dir).compile(KernelSources.LATENT_CODEC,
                    KernelSources.read(KernelSources.LATENT_CODEC), 9, 0);
            assertTrue(compiled.cubin().length > 1000);
            NvrtcCompiler.Compiled again = new NvrtcCompiler(dir).compile(KernelSources.LATENT_CODEC,
                    KernelSources.read(KernelSources.LATENT_CODEC), 9, 0);
            assertTrue(again.fromCache(), "the second compile comes from the disk cache");
            System.out.println("NVRTC compiled latent_codec.cu for sm_90: " + compiled.cubin().length + " bytes");
        } catch (CudaException e) {
            System.out.println("NVRTC unavailable here: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("NVRTC is not available: ") && !e.getMessage().contains("\tat "),
                    e.getMessage());
        }
    }

    @Test
    void aSourceThatDoesNotCompileGivesTheLog() {
        try {
            new NvrtcCompiler(dir).compile("broken.cu", "extern \"C\" __global__ void k() { undefined_thing(); }", 9, 0);
            throw new AssertionError("a broken source compiled");
        } catch (CudaException e) {
            boolean nvrtcMissing = e.getMessage().contains("NVRTC is not available");
            assertTrue(nvrtcMissing || e.getMessage().contains("undefined_thing"), e.getMessage());
        }
    }
}
