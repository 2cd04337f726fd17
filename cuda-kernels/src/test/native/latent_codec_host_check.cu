// Runs the CUDA kernels' per-group code on the host against the committed codec vectors, so that
// the kernels' arithmetic and bit layout are checked on machines without a GPU.
// Input (written by KernelSourceTest from testdata/codec-vectors.json), per vector:
//   name bits mode(0 fixed, 1 block) lo_bits hi_bits block_size records n
//   input: records*n float bit patterns (hex); packed: byte count then hex bytes; decoded: float bit patterns
// Prints "ok N" and exits 0 when every vector matches, else names the first mismatches and exits 1.
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

int main() {
    int count;
    std::cin >> count;
    int failures = 0;
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
        if (!ok) {
            if (failures < 10) {
                std::printf("mismatch %s\n", name.c_str());
            }
            failures++;
        }
    }
    if (failures > 0) {
        std::printf("%d of %d vectors differ\n", failures, count);
        return 1;
    }
    std::printf("ok %d\n", count);
    return 0;
}
