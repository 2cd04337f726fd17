// Runs the CUDA kernels' per-group code on the host against the committed codec vectors, so that
// the kernels' arithmetic and bit layout are checked on machines without a GPU.
// Input (written by KernelSourceTest from testdata/codec-vectors.json), per vector:
//   name bits mode(0 fixed, 1 block) lo_bits hi_bits block_size records n
//   input: records*n float bit patterns (hex); packed: byte count then hex bytes; decoded: float bit patterns
// Then checks the stream tiles against the group code on random records.
// Prints "ok N vectors ..." and exits 0 when everything matches, else names the first mismatches and exits 1.
#include "latent_codec.cu"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

static float from_bits(unsigned int bits) {
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static unsigned int to_bits(float f) {
    unsigned int bits;
    memcpy(&bits, &f, 4);
    return bits;
}

// The stream kernels' tiles, lane by lane: the shuffles become reads of the tile's lane values.
static void pack_stream(const float* x, long long total, int bits, const CdcQuantizer& q, cdc_u8* out) {
    long long end = cdc_stream_bytes(total, bits);
    for (long long tile = 0; tile * CDC_TILE < total; tile++) {
        cdc_u32 lanes[32];
        for (int lane = 0; lane < 32; lane++) {
            long long first = tile * CDC_TILE + 4 * lane;
            long long left = total - first;
            int valid = left >= 4 ? 4 : (left > 0 ? (int) left : 0);
            lanes[lane] = cdc_lane_codes(q, bits, x + (valid > 0 ? first : 0), valid);
        }
        for (int w = 0; w < 4 * bits; w++) {
            cdc_u32 word = cdc_gather_word([&](int from) { return lanes[from]; }, w, bits);
            cdc_store_tile_word(out, tile * 16 * bits + 4 * w, end, word);
        }
    }
}

static void unpack_stream(const cdc_u8* in, long long total, int bits, const CdcQuantizer& q, float* x) {
    long long end = cdc_stream_bytes(total, bits);
    int mask = (1 << bits) - 1;
    for (long long tile = 0; tile * CDC_TILE < total; tile++) {
        cdc_u32 words[32];
        for (int w = 0; w < 32; w++) {
            words[w] = w < 4 * bits ? cdc_load_tile_word(in, tile * 16 * bits + 4 * w, end) : 0u;
        }
        for (int lane = 0; lane < 32; lane++) {
            cdc_u32 mine = cdc_gather_lane([&](int from) { return words[from]; }, lane, bits);
            for (int i = 0; i < 4; i++) {
                long long index = tile * CDC_TILE + 4 * lane + i;
                if (index < total) {
                    x[index] = cdc_value(q, (int) (mine >> (i * bits)) & mask);
                }
            }
        }
    }
}

// Stream tiles against the group code (itself checked against the vectors) on one record of
// random data with specials mixed in, for every k and lengths around tile and word edges.
static int cross_check_streams(int* checked) {
    unsigned long long state = 88172645463325252ull;
    auto next = [&]() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    };
    const float specials[] = {NAN, INFINITY, -INFINITY, 0.0f, -0.0f, 1e-45f, 1.0f, -1.0f, 0.999999f, 2.0f};
    const long long lengths[] = {1, 3, 4, 5, 31, 32, 33, 127, 128, 129, 255, 256, 257, 1000, 4099, 65539};
    int failures = 0;
    for (int bits = 1; bits <= 8; bits++) {
        for (long long total : lengths) {
            std::vector<float> x(total);
            for (auto& v : x) {
                cdc_u64 r = next();
                v = r % 13 < 2 ? specials[(r >> 8) % 10] : (float) ((r >> 11) % 1000003) / 1000003.0f * 1.4f - 0.2f;
            }
            CdcQuantizer q = cdc_quantizer(bits, 0.0f, 1.0f);
            long long bytes = cdc_stream_bytes(total, bits);
            std::vector<cdc_u8> expected(bytes + 4, 0x5A), actual(bytes + 4, 0xA5);
            for (int g = 0; g * CDC_GROUP < total; g++) {
                cdc_pack_group(x.data(), (int) total, g, bits, &q, 0, 1, expected.data(), false);
            }
            pack_stream(x.data(), total, bits, q, actual.data());
            std::vector<float> back(total, NAN), again(total, NAN);
            for (int g = 0; g * CDC_GROUP < total; g++) {
                cdc_unpack_group(expected.data(), (int) total, g, bits, &q, 0, 1, back.data());
            }
            unpack_stream(expected.data(), total, bits, q, again.data());
            bool ok = memcmp(expected.data(), actual.data(), bytes) == 0 && actual[bytes] == 0xA5
                      && memcmp(back.data(), again.data(), 4 * total) == 0;
            if (!ok) {
                std::printf("stream mismatch k=%d length=%lld\n", bits, total);
                failures++;
            }
            (*checked)++;
        }
    }
    return failures;
}

int main() {
    int count;
    std::cin >> count;
    int failures = 0;
    int streams = 0;
    for (int v = 0; v < count; v++) {
        std::string name;
        int bits, mode, block_size, records, n;
        unsigned int lo_bits, hi_bits;
        std::cin >> name >> bits >> mode >> std::hex >> lo_bits >> hi_bits >> std::dec >> block_size >> records >> n;
        std::vector<float> input((size_t) records * n);
        for (auto& x : input) {
            unsigned int b;
            std::cin >> std::hex >> b >> std::dec;
            x = from_bits(b);
        }
        int packed_count;
        std::cin >> packed_count;
        std::vector<cdc_u8> expected(packed_count);
        for (auto& b : expected) {
            unsigned int byte;
            std::cin >> std::hex >> byte >> std::dec;
            b = (cdc_u8) byte;
        }
        std::vector<unsigned int> decoded((size_t) records * n);
        for (auto& d : decoded) {
            std::cin >> std::hex >> d >> std::dec;
        }
        int blocks = mode == 1 ? (n + block_size - 1) / block_size : 0;
        int range_bytes = 8 * blocks;
        int record_bytes = range_bytes + (int) (((long long) n * bits + 7) / 8);
        int groups = (n + CDC_GROUP - 1) / CDC_GROUP;
        std::vector<cdc_u8> packed((size_t) records * record_bytes + 4, 0xA5);
        CdcQuantizer fixed = cdc_quantizer(bits, from_bits(lo_bits), from_bits(hi_bits));
        for (int r = 0; r < records; r++) {
            const float* x = input.data() + (size_t) r * n;
            cdc_u8* record = packed.data() + (size_t) r * record_bytes;
            for (int b = 0; b < blocks; b++) {  // block mode, pass 1
                int start = b * block_size;
                int length = n - start < block_size ? n - start : block_size;
                float lo, hi;
                cdc_block_range(x + start, length, &lo, &hi);
                cdc_store_float(record + 8 * b, lo);
                cdc_store_float(record + 8 * b + 4, hi);
            }
            for (int g = 0; g < groups; g++) {
                cdc_pack_group(x, n, g, bits, mode == 0 ? &fixed : 0, record, mode == 1 ? block_size : 1,
                               record + range_bytes, false);
            }
        }
        bool ok = packed_count == records * record_bytes;
        for (int i = 0; ok && i < packed_count; i++) {
            ok = packed[i] == expected[i];
        }
        std::vector<float> back((size_t) records * n, from_bits(0x7fc0dead));
        for (int r = 0; ok && r < records; r++) {
            const cdc_u8* record = expected.data() + (size_t) r * record_bytes;
            for (int g = 0; g < groups; g++) {
                cdc_unpack_group(record + range_bytes, n, g, bits, mode == 0 ? &fixed : 0, record,
                                 mode == 1 ? block_size : 1, back.data() + (size_t) r * n);
            }
        }
        for (size_t i = 0; ok && i < back.size(); i++) {
            ok = to_bits(back[i]) == decoded[i];
        }
        if (ok && mode == 0 && (records == 1 || (n * bits) % 8 == 0)) {  // also the stream kernels' tiles
            long long total = (long long) records * n;
            std::vector<cdc_u8> streamed((size_t) packed_count + 4, 0xA5);
            pack_stream(input.data(), total, bits, fixed, streamed.data());
            ok = memcmp(streamed.data(), expected.data(), packed_count) == 0 && streamed[packed_count] == 0xA5;
            std::vector<float> unstreamed((size_t) total, from_bits(0x7fc0dead));
            unpack_stream(expected.data(), total, bits, fixed, unstreamed.data());
            for (size_t i = 0; ok && i < unstreamed.size(); i++) {
                ok = to_bits(unstreamed[i]) == decoded[i];
            }
            streams += ok;
        }
        if (!ok) {
            if (failures < 10) {
                std::printf("mismatch %s\n", name.c_str());
            }
            failures++;
        }
    }
    int crossChecked = 0;
    int streamFailures = cross_check_streams(&crossChecked);
    if (failures > 0 || streamFailures > 0) {
        std::printf("%d of %d vectors differ; %d of %d stream cross-checks differ\n", failures, count, streamFailures,
                    crossChecked);
        return 1;
    }
    std::printf("ok %d vectors (%d also through the stream tiles), %d stream cross-checks\n", count, streams, crossChecked);
    return 0;
}
