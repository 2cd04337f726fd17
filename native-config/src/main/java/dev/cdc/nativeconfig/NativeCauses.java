package dev.cdc.nativeconfig;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the errors of native loading into sentences that say what is missing and what to do. */
public final class NativeCauses {
    private static final Pattern MISSING_LIBRARY = Pattern.compile("(lib[\\w.+-]+\\.so(?:\\.[\\d.]+)?): cannot open shared object file");
    /** JavaCPP's message when a class's JNI library failed to load before, in this process. */
    private static final Pattern FAILED_BEFORE = Pattern.compile("no jni(\\w+) in java\\.library\\.path");

    private NativeCauses() {
    }

    public static String describe(Throwable failure) {
        // A missing library anywhere in the chain is the cause to report; JavaCPP often wraps it
        // in "no jniX in java.library.path", which alone says nothing a user can act on.
        StringBuilder chain = new StringBuilder();
        String failedBefore = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof ClassNotFoundException
                    || (t instanceof NoClassDefFoundError && !message.startsWith("Could not initialize"))) {
                // The presets' classes themselves are absent: a distribution without them, such as bin/cdc-edge.
                return "its presets are not on the class path (" + message.replace('/', '.') + "): this installation runs"
                        + " without it, as bin/cdc-edge does";
            }
            Matcher missing = MISSING_LIBRARY.matcher(message);
            if (missing.find()) {
                return missingLibrary(missing.group(1));
            }
            Matcher before = FAILED_BEFORE.matcher(message);
            if (failedBefore == null && before.find()) {
                failedBefore = "the native part of " + before.group(1) + " could not be loaded (its libraries are missing;"
                        + " `cdc info` names the first one)";
            }
            if (chain.length() > 0) {
                chain.append(" <- ");
            }
            chain.append(t.getClass().getSimpleName()).append(": ").append(message);
        }
        return failedBefore != null ? failedBefore : chain.toString();
    }

    static String missingLibrary(String library) {
        String hint;
        if (library.startsWith("libcuda.so")) {
            hint = "the NVIDIA driver is not installed (no GPU on this machine?)";
        } else if (library.startsWith("libcudart") || library.startsWith("libnvrtc") || library.startsWith("libcublas")) {
            hint = "the CUDA 13 toolkit libraries are not on the library path (install CUDA 13.x or set LD_LIBRARY_PATH)";
        } else if (library.startsWith("libcudnn")) {
            hint = "cuDNN 9 is not installed";
        } else if (library.startsWith("libnccl")) {
            hint = "NCCL is not installed";
        } else {
            hint = "a native library is missing from the library path";
        }
        return library + " could not be loaded: " + hint;
    }
}
