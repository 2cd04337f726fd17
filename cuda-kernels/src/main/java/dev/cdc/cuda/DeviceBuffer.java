package dev.cdc.cuda;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/** Device memory from the driver API, freed on close; offsets let tests place data unaligned. */
final class DeviceBuffer implements AutoCloseable {
    private final long address;
    private final long size;

    DeviceBuffer(long size) throws CudaException {
        this.size = Math.max(1, size);
        try (LongPointer pointer = new LongPointer(1)) {
            CudaContext.check(cudart.cuMemAlloc(pointer, this.size), "cuMemAlloc " + this.size);
            address = pointer.get();
        }
    }

    long address() {
        return address;
    }

    void fill(byte value) throws CudaException {
        CudaContext.check(cudart.cuMemsetD8(address, value, size), "cuMemsetD8");
    }

    void upload(long offset, Pointer host, long bytes) throws CudaException {
        if (bytes > 0) {
            CudaContext.check(cudart.cuMemcpyHtoD(address + offset, host, bytes), "cuMemcpyHtoD");
        }
    }

    void download(long offset, Pointer host, long bytes) throws CudaException {
        if (bytes > 0) {
            CudaContext.check(cudart.cuMemcpyDtoH(host, address + offset, bytes), "cuMemcpyDtoH");
        }
    }

    @Override
    public void close() {
        cudart.cuMemFree(address);
    }
}
