package dev.cdc.training.distributed;

import org.bytedeco.pytorch.Tensor;

/** The collectives data-parallel training needs, on contiguous float tensors, in place. */
public interface Collective {
    int rank();

    int worldSize();

    /** Replaces {@code tensor} on every rank by the element-wise sum over all ranks. */
    void sum(Tensor tensor) throws DistributedException;

    /** Replaces {@code tensor} on every rank by rank 0's. */
    void broadcastFromLeader(Tensor tensor) throws DistributedException;

    /** One process alone: sums and broadcasts leave tensors as they are. */
    Collective SINGLE = new Collective() {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public int worldSize() {
            return 1;
        }

        @Override
        public void sum(Tensor tensor) {
        }

        @Override
        public void broadcastFromLeader(Tensor tensor) {
        }
    };
}
