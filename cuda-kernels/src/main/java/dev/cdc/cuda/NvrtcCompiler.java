package dev.cdc.cuda;

import dev.cdc.core.io.AtomicFiles;
import dev.cdc.nativeconfig.NativeCauses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Compiles CUDA sources at run time with NVRTC to CUBIN for the exact device architecture (PTX
 * from a newer NVRTC can be too new for the installed driver; CUBIN for the device's own
 * {@code sm_XY} cannot). Results are cached on disk, keyed by the source's SHA-256, the
 * architecture and the NVRTC version, so a process compiles each kernel once per machine.
 */
public final class NvrtcCompiler {
    /**
     * C++17 (the kernels use lambdas and brace initialisation; NVRTC 11 defaults to an older
     * dialect and fails on them), and IEEE arithmetic exactly as written: docs/codec.md forbids
     * contraction and fast math.
     */
    static final String[] OPTIONS = {"--std=c++17", "--fmad=false", "--prec-div=true", "--prec-sqrt=true", "--ftz=false"};
    private final Path cacheDirectory;

    public NvrtcCompiler(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory;
    }

    /** {@code $CDC_KERNEL_CACHE}, else {@code ~/.cache/cdc/kernels}. */
    public static Path defaultCache() {
        String fromEnv = System.getenv("CDC_KERNEL_CACHE");
        return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv)
                : Path.of(System.getProperty("user.home"), ".cache", "cdc", "kernels");
    }

    /** A compiled module and where it came from. */
    public record Compiled(byte[] cubin, String arch, String nvrtcVersion, boolean fromCache, Path cacheFile) {
    }

    public Compiled compile(String name, String source, int major, int minor) throws CudaException {
        String arch = "sm_" + major + minor;
        String version = nvrtcVersion();
        Path cached = cacheDirectory.resolve(cacheFileName(name, source, arch, version));
        try {
            if (Files.isRegularFile(cached) && Files.size(cached) > 0) {
                return new Compiled(Files.readAllBytes(cached), arch, version, true, cached);
            }
        } catch (IOException e) {
            // an unreadable cache entry is recompiled below
        }
        byte[] cubin = compileNow(name, source, arch);
        try {
            AtomicFiles.write(cached, cubin);
        } catch (IOException e) {
            // the cache is an optimisation: a read-only home directory must not stop the codec
        }
        return new Compiled(cubin, arch, version, false, cached);
    }

    /** {@code name-<first 16 hex of SHA-256(source)>-sm_XY-nvrtcM.m.cubin}. */
    static String cacheFileName(String name, String source, String arch, String nvrtcVersion) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        String hash = HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        String base = name.endsWith(".cu") ? name.substring(0, name.length() - 3) : name;
        return base + "-" + hash + "-" + arch + "-nvrtc" + nvrtcVersion + ".cubin";
    }

    /** The NVRTC version, or a clear error when NVRTC cannot be loaded. */
    public static String nvrtcVersion() throws CudaException {
        try {
            Loader.load(nvrtc.class);
        } catch (Throwable e) {
            throw new CudaException("NVRTC is not available: " + NativeCauses.describe(e));
        }
        try (IntPointer major = new IntPointer(1); IntPointer minor = new IntPointer(1)) {
            check(nvrtc.nvrtcVersion(major, minor), "nvrtcVersion");
            return major.get() + "." + minor.get();
        }
    }

    private static byte[] compileNow(String name, String source, String arch) throws CudaException {
        _nvrtcProgram program = new _nvrtcProgram();
        check(nvrtc.nvrtcCreateProgram(program, new BytePointer(source), new BytePointer(name), 0, (PointerPointer<?>) null,
                (PointerPointer<?>) null), "nvrtcCreateProgram " + name);
        try {
            String[] options = new String[OPTIONS.length + 1];
            options[0] = "--gpu-architecture=" + arch;
            System.arraycopy(OPTIONS, 0, options, 1, OPTIONS.length);
            PointerPointer<BytePointer> optionPointers = new PointerPointer<>(options);
            int status = nvrtc.nvrtcCompileProgram(program, options.length, optionPointers);
            if (status != nvrtc.NVRTC_SUCCESS) {
                throw new CudaException("NVRTC could not compile " + name + " for " + arch + " ("
                        + nvrtc.nvrtcGetErrorString(status).getString() + "):\n" + log(program));
            }
            try (SizeTPointer size = new SizeTPointer(1)) {
                check(nvrtc.nvrtcGetCUBINSize(program, size), "nvrtcGetCUBINSize");
                try (BytePointer cubin = new BytePointer(size.get())) {
                    check(nvrtc.nvrtcGetCUBIN(program, cubin), "nvrtcGetCUBIN");
                    byte[] bytes = new byte[(int) size.get()];
                    cubin.get(bytes);
                    return bytes;
                }
            }
        } finally {
            nvrtc.nvrtcDestroyProgram(program);
        }
    }

    private static String log(_nvrtcProgram program) {
        try (SizeTPointer size = new SizeTPointer(1)) {
            if (nvrtc.nvrtcGetProgramLogSize(program, size) != nvrtc.NVRTC_SUCCESS) {
                return "(no log)";
            }
            try (BytePointer log = new BytePointer(size.get())) {
                nvrtc.nvrtcGetProgramLog(program, log);
                return log.getString().strip();
            }
        }
    }

    private static void check(int status, String call) throws CudaException {
        if (status != nvrtc.NVRTC_SUCCESS) {
            throw new CudaException(call + " failed: " + nvrtc.nvrtcGetErrorString(status).getString());
        }
    }
}
