// Just enough of CUDA's execution model to run the codec kernels on the host, unchanged: a grid
// of blocks of threads, warps of 32 lanes that exchange values with __shfl_sync, and the
// built-in index variables. Each lane of a warp is a fiber (ucontext): a lane runs until its
// next shuffle, and the shuffle completes when every lane of the warp has reached it, as on a
// GPU. Misuse that a GPU punishes is reported instead of ignored: a shuffle that not every lane
// of the warp reaches (undefined with a full mask), a shuffle from a lane outside the warp, and
// a misaligned wide load or store (a fault on a GPU, silently fine on x86).
// Include before the kernel source, with CDC_HOST_EMULATION defined.
#ifndef CDC_CUDA_HOST_EMULATION_H
#define CDC_CUDA_HOST_EMULATION_H

#include <ucontext.h>

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#define __global__
#define __device__
#define __host__

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

struct float4 {
    float x, y, z, w;
};

inline float4 make_float4(float x, float y, float z, float w) {
    return float4{x, y, z, w};
}

// The running lane's indices; the scheduler sets them before it resumes a lane.
static dim3 threadIdx, blockIdx, blockDim, gridDim;

namespace emulation {

constexpr int kWarp = 32;
constexpr size_t kStack = 64 * 1024;

struct Lane {
    ucontext_t context;
    std::vector<char> stack;
    bool done = false;
    unsigned posted = 0;
    int source = 0;
    unsigned result = 0;
};

static Lane lanes[kWarp];
static ucontext_t scheduler;
static int current = 0;
static const std::function<void()>* kernel = nullptr;
static std::vector<std::string> errors;

inline void error(const std::string& what) {
    if (errors.size() < 20) {
        errors.push_back(what);
    }
}

inline void lane_main() {
    (*kernel)();
    lanes[current].done = true;
    // returning resumes uc_link, the scheduler
}

// Runs one warp (lanes [first_thread, first_thread + count) of the current block) to completion.
inline void run_warp(unsigned first_thread, int count) {
    for (int l = 0; l < count; l++) {
        Lane& lane = lanes[l];
        lane.stack.resize(kStack);
        lane.done = false;
        getcontext(&lane.context);
        lane.context.uc_stack.ss_sp = lane.stack.data();
        lane.context.uc_stack.ss_size = lane.stack.size();
        lane.context.uc_link = &scheduler;
        makecontext(&lane.context, lane_main, 0);
    }
    for (;;) {
        int waiting = 0;
        int running = 0;
        for (int l = 0; l < count; l++) {
            if (lanes[l].done) {
                continue;
            }
            running++;
            current = l;
            threadIdx.x = first_thread + l;
            swapcontext(&scheduler, &lanes[l].context);
            if (!lanes[l].done) {
                waiting++;  // stopped at a shuffle
            }
        }
        if (running == 0) {
            return;
        }
        if (waiting == 0) {
            continue;
        }
        if (waiting != count) {
            error("block " + std::to_string(blockIdx.x) + " warp at thread " + std::to_string(first_thread) + ": a shuffle reached by "
                  + std::to_string(waiting) + " of " + std::to_string(count) + " lanes");
            for (int l = 0; l < count; l++) {
                lanes[l].done = true;  // abandon the warp; its fibers are never resumed
            }
            return;
        }
        for (int l = 0; l < count; l++) {
            int source = lanes[l].source;
            if (source < 0 || source >= count) {
                error("lane " + std::to_string(l) + " shuffled from lane " + std::to_string(source));
                source = 0;
            }
            lanes[l].result = lanes[source].posted;
        }
    }
}

// Every block, every warp, in order; blocks and warps do not communicate in these kernels.
inline void launch(unsigned long long blocks, unsigned threads_per_block, const std::function<void()>& body) {
    kernel = &body;
    gridDim.x = (unsigned) blocks;
    blockDim.x = threads_per_block;
    for (unsigned long long b = 0; b < blocks; b++) {
        blockIdx.x = (unsigned) b;
        for (unsigned first = 0; first < threads_per_block; first += kWarp) {
            int count = threads_per_block - first < (unsigned) kWarp ? (int) (threads_per_block - first) : kWarp;
            run_warp(first, count);
        }
    }
}

}  // namespace emulation

inline unsigned __shfl_sync(unsigned mask, unsigned value, int source) {
    if (mask != 0xffffffffu) {
        emulation::error("a shuffle with a partial mask");
    }
    emulation::Lane& lane = emulation::lanes[emulation::current];
    lane.posted = value;
    lane.source = source;
    int me = emulation::current;
    swapcontext(&lane.context, &emulation::scheduler);
    emulation::current = me;
    return emulation::lanes[me].result;
}

inline void cdc_emulation_check_aligned(const void* pointer, int bytes, int line) {
    if ((uintptr_t) pointer % bytes != 0) {
        emulation::error("latent_codec.cu line " + std::to_string(line) + ": " + std::to_string(bytes)
                         + "-byte access at an address that is not " + std::to_string(bytes) + "-byte aligned");
    }
}

#endif  // CDC_CUDA_HOST_EMULATION_H
