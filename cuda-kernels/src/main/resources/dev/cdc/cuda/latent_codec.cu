// Fused quantize-and-pack and unpack-and-dequantize of latent records, exactly as docs/codec.md says:
// IEEE binary32 with round-to-nearest, explicit fused multiply-adds, no fast math, no flush of
// denormals. Compile without --use_fast_math and with --fmad=false.
//
// Two work splits:
// - Stream (fixed mode, when the records' codes form one unbroken bit stream: one record, or
//   n*k a multiple of 8 so no record pads its last byte). One warp per tile of 128 codes, which
//   are exactly 4k words: each lane loads 4 floats with one 16-byte load, makes 4k bits, and the
//   warp gathers them by shuffles into words that lanes 0..4k-1 store side by side (coalesced).
//   Unpacking mirrors it: 4k lanes load the words, each lane gathers its 4k bits and stores
//   4 floats with one 16-byte store. One pass over the input.
// - Group (block mode, and fixed mode whose records pad): one thread per group of 32 codes of
//   one record. 32 codes of k bits are exactly k 32-bit words, so groups never share a byte and
//   whole words are stored whenever the record size keeps them 4-byte aligned; the last group of
//   a record (fewer codes) stores bytes.
//
// The per-group functions are __host__ __device__ so that the same source can be compiled for
// the host and checked against the committed test vectors on machines without a GPU.

#ifndef CDC_LATENT_CODEC_CU
#define CDC_LATENT_CODEC_CU

#define CDC_GROUP 32

#ifdef __CUDA_ARCH__
#define CDC_FMA(a, b, c) __fmaf_rn((a), (b), (c))
#define CDC_SUB(a, b) __fsub_rn((a), (b))
#define CDC_DIV(a, b) __fdiv_rn((a), (b))
#define CDC_SIGNBIT(x) signbit(x)
#define CDC_HD __host__ __device__
#else
#include <cmath>
#include <cstring>
#define CDC_FMA(a, b, c) fmaf((a), (b), (c))
#define CDC_SUB(a, b) ((a) - (b))
#define CDC_DIV(a, b) ((a) / (b))
#define CDC_SIGNBIT(x) std::signbit(x)
#ifdef __CUDACC__
#define CDC_HD __host__ __device__
#else
#define CDC_HD
#endif
#endif

// Wide loads and stores fault on a GPU when misaligned; the host emulation test checks each one.
#ifdef CDC_HOST_EMULATION
#define CDC_ALIGNED(pointer, bytes) cdc_emulation_check_aligned((const void*) (pointer), (bytes), __LINE__)
#else
#define CDC_ALIGNED(pointer, bytes)
#endif

typedef unsigned char cdc_u8;
typedef unsigned int cdc_u32;
typedef unsigned long long cdc_u64;

// The scalar quantizer of docs/codec.md ("Quantizing one value") for one range.
struct CdcQuantizer {
    float lo;
    float inv;
    float step;
    float levels;
    int max_code;
};

CDC_HD inline CdcQuantizer cdc_quantizer(int bits, float lo, float hi) {
    CdcQuantizer q;
    q.max_code = (1 << bits) - 1;
    q.levels = (float) q.max_code;
    q.lo = lo;
    float width = CDC_SUB(hi, lo);
    q.inv = hi > lo ? CDC_DIV(q.levels, width) : 0.0f;
    q.step = hi > lo ? CDC_DIV(width, q.levels) : 0.0f;
    return q;
}

// NaN and -Inf compare false everywhere and fall to 0; the cast only sees t in [1, L).
CDC_HD inline int cdc_code(const CdcQuantizer& q, float x) {
    float t = CDC_FMA(CDC_SUB(x, q.lo), q.inv, 0.5f);
    if (t >= q.levels) {
        return q.max_code;
    }
    if (t >= 1.0f) {
        return (int) t;
    }
    return 0;
}

CDC_HD inline float cdc_value(const CdcQuantizer& q, int code) {
    return CDC_FMA((float) code, q.step, q.lo);
}

// Block ranges order -0.0 below +0.0 (IEEE 754-2019 minimum/maximum), as the Java reference does.
CDC_HD inline bool cdc_is_finite(float x) {
    return x - x == 0.0f;  // false for NaN and +-Inf
}

CDC_HD inline bool cdc_less(float a, float b) {
    return a < b || (a == b && CDC_SIGNBIT(a) && !CDC_SIGNBIT(b));
}

CDC_HD inline void cdc_block_range(const float* x, int length, float* lo_out, float* hi_out) {
    bool any = false;
    float lo = 0.0f;
    float hi = 0.0f;
    for (int i = 0; i < length; i++) {
        float v = x[i];
        if (cdc_is_finite(v)) {
            if (!any || cdc_less(v, lo)) {
                lo = v;
            }
            if (!any || cdc_less(hi, v)) {
                hi = v;
            }
            any = true;
        }
    }
    *lo_out = lo;
    *hi_out = hi;
}

CDC_HD inline float cdc_load_float(const cdc_u8* p) {
    cdc_u32 bits = (cdc_u32) p[0] | ((cdc_u32) p[1] << 8) | ((cdc_u32) p[2] << 16) | ((cdc_u32) p[3] << 24);
    float value;
    memcpy(&value, &bits, 4);
    return value;
}

CDC_HD inline void cdc_store_float(cdc_u8* p, float value) {
    cdc_u32 bits;
    memcpy(&bits, &value, 4);
    p[0] = (cdc_u8) bits;
    p[1] = (cdc_u8) (bits >> 8);
    p[2] = (cdc_u8) (bits >> 16);
    p[3] = (cdc_u8) (bits >> 24);
}

// Codes of group g of one record (elements [32g, 32g + m)) into the record's code bytes.
// `codes_out` points at the record's first code byte. Block mode passes the record's ranges.
CDC_HD inline void cdc_pack_group(const float* record, int n, int g, int bits, const CdcQuantizer* fixed,
                                  const cdc_u8* ranges, int block_size, cdc_u8* codes_out, bool word_aligned) {
    int first = g * CDC_GROUP;
    int m = n - first < CDC_GROUP ? n - first : CDC_GROUP;
    cdc_u8* out = codes_out + (long long) g * bits * 4;
    cdc_u64 acc = 0;
    int filled = 0;
    int written = 0;
    int current_block = -1;
    CdcQuantizer q{};
    if (fixed) {
        q = *fixed;
    }
    for (int i = 0; i < m; i++) {
        int index = first + i;
        if (!fixed && index / block_size != current_block) {
            current_block = index / block_size;
            q = cdc_quantizer(bits, cdc_load_float(ranges + 8 * current_block), cdc_load_float(ranges + 8 * current_block + 4));
        }
        acc |= (cdc_u64) cdc_code(q, record[index]) << filled;
        filled += bits;
        if (filled >= 32) {
            cdc_u32 word = (cdc_u32) acc;
            if (word_aligned) {
                CDC_ALIGNED(out + written, 4);
                *(cdc_u32*) (out + written) = word;
            } else {
                out[written] = (cdc_u8) word;
                out[written + 1] = (cdc_u8) (word >> 8);
                out[written + 2] = (cdc_u8) (word >> 16);
                out[written + 3] = (cdc_u8) (word >> 24);
            }
            written += 4;
            acc >>= 32;
            filled -= 32;
        }
    }
    while (filled > 0) {  // the record's last group: trailing bytes, unused high bits zero
        out[written++] = (cdc_u8) acc;
        acc >>= 8;
        filled -= 8;
    }
}

CDC_HD inline void cdc_unpack_group(const cdc_u8* codes_in, int n, int g, int bits, const CdcQuantizer* fixed,
                                    const cdc_u8* ranges, int block_size, float* record_out) {
    int first = g * CDC_GROUP;
    int m = n - first < CDC_GROUP ? n - first : CDC_GROUP;
    const cdc_u8* in = codes_in + (long long) g * bits * 4;
    int bytes = (m * bits + 7) / 8;
    cdc_u64 acc = 0;
    int filled = 0;
    int read = 0;
    int mask = (1 << bits) - 1;
    int current_block = -1;
    CdcQuantizer q{};
    if (fixed) {
        q = *fixed;
    }
    for (int i = 0; i < m; i++) {
        while (filled < bits && read < bytes) {
            acc |= (cdc_u64) in[read++] << filled;
            filled += 8;
        }
        int code = (int) (acc & (cdc_u64) mask);
        acc >>= bits;
        filled -= bits;
        int index = first + i;
        if (!fixed && index / block_size != current_block) {
            current_block = index / block_size;
            q = cdc_quantizer(bits, cdc_load_float(ranges + 8 * current_block), cdc_load_float(ranges + 8 * current_block + 4));
        }
        record_out[index] = cdc_value(q, code);
    }
}

// Stream tiles. Lane l of a tile holds codes 4l..4l+3, i.e. tile bits [4kl, 4kl + 4k); word w
// of the tile is bits [32w, 32w + 32). `fetch(lane)` returns that lane's value: a warp shuffle on
// the device, an array read in the host check. Every lane calls `fetch` the same number of
// times, as shuffles require.
#define CDC_TILE 128

CDC_HD inline cdc_u32 cdc_lane_codes(const CdcQuantizer& q, int bits, const float* x, int valid) {
    cdc_u32 v = 0;
#pragma unroll
    for (int i = 0; i < 4; i++) {
        cdc_u32 code = i < valid ? (cdc_u32) cdc_code(q, x[i]) : 0u;  // codes past the end are 0
        v |= code << (i * bits);
    }
    return v;
}

// Lanes whose bits meet word w: first..first + cdc_lanes_per_word - 1, some past the last one.
CDC_HD inline int cdc_word_first_lane(int w, int bits) {
    return (32 * w) / (4 * bits);
}

CDC_HD inline int cdc_word_last_lane(int w, int bits) {
    return (32 * w + 31) / (4 * bits);
}

CDC_HD inline int cdc_lanes_per_word(int bits) {
    return 31 / (4 * bits) + 2;
}

template <class Fetch>
CDC_HD inline cdc_u32 cdc_gather_word(Fetch fetch, int w, int bits) {
    int first = cdc_word_first_lane(w, bits);
    int last = cdc_word_last_lane(w, bits);
    cdc_u32 word = 0;
    for (int j = 0; j < cdc_lanes_per_word(bits); j++) {
        int lane = first + j;
        cdc_u32 v = fetch(lane < 32 ? lane : 31);
        int shift = 4 * bits * lane - 32 * w;  // where the lane's bits start, relative to the word
        if (lane <= last && lane < 32) {
            word |= shift >= 0 ? (cdc_u32) ((cdc_u64) v << shift) : v >> -shift;
        }
    }
    return word;
}

// The 4k bits of `lane`, from the tile's words (fetch(w) = word w).
template <class Fetch>
CDC_HD inline cdc_u32 cdc_gather_lane(Fetch fetch, int lane, int bits) {
    int start = 4 * bits * lane;
    int w = start / 32;
    cdc_u64 both = (cdc_u64) fetch(w) | ((cdc_u64) fetch(w + 1 < 32 ? w + 1 : 31) << 32);
    cdc_u64 mask = (1ull << (4 * bits)) - 1;
    return (cdc_u32) ((both >> (start % 32)) & mask);
}

// Byte count of a stream of `codes` codes.
CDC_HD inline long long cdc_stream_bytes(long long codes, int bits) {
    return (codes * bits + 7) / 8;
}

// Stores word w of a tile whose words start at byte `at`, or only the bytes before `end`.
CDC_HD inline void cdc_store_tile_word(cdc_u8* out, long long at, long long end, cdc_u32 word) {
    if (at + 4 <= end) {
        CDC_ALIGNED(out + at, 4);
        *(cdc_u32*) (out + at) = word;
    } else {
        for (int b = 0; b < 4 && at + b < end; b++) {
            out[at + b] = (cdc_u8) (word >> (8 * b));
        }
    }
}

CDC_HD inline cdc_u32 cdc_load_tile_word(const cdc_u8* in, long long at, long long end) {
    if (at + 4 <= end) {
        CDC_ALIGNED(in + at, 4);
        return *(const cdc_u32*) (in + at);
    }
    cdc_u32 word = 0;
    for (int b = 0; b < 4 && at + b < end; b++) {
        word |= (cdc_u32) in[at + b] << (8 * b);
    }
    return word;
}

// The kernels: compiled for the device, or for the host by the emulation test (CDC_HOST_EMULATION).
#if defined(__CUDACC__) || defined(CDC_HOST_EMULATION)

// Fixed mode on one unbroken stream of `total` codes: warp t packs tile t. `out` is 4-byte
// aligned; `vector_loads` says `x` is 16-byte aligned.
extern "C" __global__ void cdc_pack_stream(const float* __restrict__ x, cdc_u8* __restrict__ out, long long total,
                                           int bits, float lo, float hi, int vector_loads) {
    long long tile = ((long long) blockIdx.x * blockDim.x + threadIdx.x) / 32;
    int lane = threadIdx.x % 32;
    if (tile * CDC_TILE >= total) {
        return;  // the whole warp: blockDim is a multiple of 32
    }
    CdcQuantizer q = cdc_quantizer(bits, lo, hi);
    long long first = tile * CDC_TILE + 4 * lane;
    long long left = total - first;
    int valid = left >= 4 ? 4 : (left > 0 ? (int) left : 0);
    float values[4];
    if (vector_loads && valid == 4) {
        CDC_ALIGNED(x + first, 16);
        float4 v = *(const float4*) (x + first);
        values[0] = v.x;
        values[1] = v.y;
        values[2] = v.z;
        values[3] = v.w;
    } else {
#pragma unroll
        for (int i = 0; i < 4; i++) {  // constant indices keep `values` in registers
            values[i] = i < valid ? x[first + i] : 0.0f;
        }
    }
    cdc_u32 mine = cdc_lane_codes(q, bits, values, valid);
    cdc_u32 word = cdc_gather_word([&](int from) { return __shfl_sync(0xffffffffu, mine, from); }, lane, bits);
    if (lane < 4 * bits) {
        cdc_store_tile_word(out, tile * 16 * bits + 4 * lane, cdc_stream_bytes(total, bits), word);
    }
}

// The inverse: `in` is 4-byte aligned; `vector_stores` says `x` is 16-byte aligned.
extern "C" __global__ void cdc_unpack_stream(const cdc_u8* __restrict__ in, float* __restrict__ x, long long total,
                                             int bits, float lo, float hi, int vector_stores) {
    long long tile = ((long long) blockIdx.x * blockDim.x + threadIdx.x) / 32;
    int lane = threadIdx.x % 32;
    if (tile * CDC_TILE >= total) {
        return;
    }
    cdc_u32 word = lane < 4 * bits ? cdc_load_tile_word(in, tile * 16 * bits + 4 * lane, cdc_stream_bytes(total, bits)) : 0u;
    cdc_u32 mine = cdc_gather_lane([&](int from) { return __shfl_sync(0xffffffffu, word, from); }, lane, bits);
    CdcQuantizer q = cdc_quantizer(bits, lo, hi);
    int mask = (1 << bits) - 1;
    float values[4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
        values[i] = cdc_value(q, (int) (mine >> (i * bits)) & mask);
    }
    long long first = tile * CDC_TILE + 4 * lane;
    long long left = total - first;
    if (vector_stores && left >= 4) {
        CDC_ALIGNED(x + first, 16);
        *(float4*) (x + first) = make_float4(values[0], values[1], values[2], values[3]);
    } else {
#pragma unroll
        for (int i = 0; i < 4; i++) {
            if (i < left) {
                x[first + i] = values[i];
            }
        }
    }
}

// This thread's item: record r and item i of `per_record` items (groups or blocks) per record.
__device__ inline bool cdc_thread_item(long long records, long long per_record, long long* r, int* i) {
    long long t = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= records * per_record) {
        return false;
    }
    *r = t / per_record;
    *i = (int) (t % per_record);
    return true;
}

// Fixed mode, one pass: thread t packs group t % groups of record t / groups.
extern "C" __global__ void cdc_pack_fixed(const float* __restrict__ x, cdc_u8* __restrict__ out, long long records,
                                          int n, int bits, float lo, float hi, int record_bytes) {
    long long r;
    int g;
    if (!cdc_thread_item(records, (n + CDC_GROUP - 1) / CDC_GROUP, &r, &g)) {
        return;
    }
    CdcQuantizer q = cdc_quantizer(bits, lo, hi);
    bool aligned = (record_bytes % 4) == 0 && (((unsigned long long) out) % 4) == 0;
    cdc_pack_group(x + r * n, n, g, bits, &q, 0, 1, out + r * record_bytes, aligned);
}

extern "C" __global__ void cdc_unpack_fixed(const cdc_u8* __restrict__ in, float* __restrict__ x, long long records,
                                            int n, int bits, float lo, float hi, int record_bytes) {
    long long r;
    int g;
    if (!cdc_thread_item(records, (n + CDC_GROUP - 1) / CDC_GROUP, &r, &g)) {
        return;
    }
    CdcQuantizer q = cdc_quantizer(bits, lo, hi);
    cdc_unpack_group(in + r * record_bytes, n, g, bits, &q, 0, 1, x + r * n);
}

// Block mode, pass 1: one thread per block writes its range into the record's range bytes.
extern "C" __global__ void cdc_block_ranges(const float* __restrict__ x, cdc_u8* __restrict__ out, long long records,
                                            int n, int block_size, int record_bytes) {
    long long r;
    int b;
    if (!cdc_thread_item(records, (n + block_size - 1) / block_size, &r, &b)) {
        return;
    }
    int start = b * block_size;
    int length = n - start < block_size ? n - start : block_size;
    float lo;
    float hi;
    cdc_block_range(x + r * n + start, length, &lo, &hi);
    cdc_u8* range = out + r * record_bytes + 8 * b;
    cdc_store_float(range, lo);
    cdc_store_float(range + 4, hi);
}

// Block mode, pass 2: codes, each quantized with its block's range from pass 1.
extern "C" __global__ void cdc_pack_block(const float* __restrict__ x, cdc_u8* __restrict__ out, long long records,
                                          int n, int bits, int block_size, int record_bytes) {
    long long r;
    int g;
    if (!cdc_thread_item(records, (n + CDC_GROUP - 1) / CDC_GROUP, &r, &g)) {
        return;
    }
    int range_bytes = 8 * ((n + block_size - 1) / block_size);
    cdc_u8* record = out + r * record_bytes;
    cdc_pack_group(x + r * n, n, g, bits, 0, record, block_size, record + range_bytes, false);
}

extern "C" __global__ void cdc_unpack_block(const cdc_u8* __restrict__ in, float* __restrict__ x, long long records,
                                            int n, int bits, int block_size, int record_bytes) {
    long long r;
    int g;
    if (!cdc_thread_item(records, (n + CDC_GROUP - 1) / CDC_GROUP, &r, &g)) {
        return;
    }
    int range_bytes = 8 * ((n + block_size - 1) / block_size);
    const cdc_u8* record = in + r * record_bytes;
    cdc_unpack_group(record + range_bytes, n, g, bits, 0, record, block_size, x + r * n);
}

#endif  // __CUDACC__ || CDC_HOST_EMULATION
#endif  // CDC_LATENT_CODEC_CU
