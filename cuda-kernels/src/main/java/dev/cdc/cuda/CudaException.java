package dev.cdc.cuda;

import java.io.IOException;

/**
 * A CUDA, driver or NVRTC call that failed, or a library that could not be loaded, with the
 * call, its error name and, for compilation, NVRTC's log.
 */
public class CudaException extends IOException {
    private static final long serialVersionUID = 1L;

    public CudaException(String message) {
        super(message);
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
