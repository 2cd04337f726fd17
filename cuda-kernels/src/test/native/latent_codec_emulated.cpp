// Runs the kernels of latent_codec.cu, unchanged, on the host under cuda_host_emulation.h, with
// exactly the launches (kernel, grid, arguments) that the Java launcher plans for a GPU. Written
// for KernelEmulationTest, which plans the launches, writes the cases and checks the results
// against the Java reference codec.
//
// Usage: latent_codec_emulated CASES RESULTS. CASES (little-endian):
//   int32 cases; per case: int64 float_region, int64 packed_region, int32 float_offset,
//   int64 count, float32[count] input, then the encode launches and the decode launches, each
//   as int32 launches; per launch: int32 name length, name, int64 threads, int32 arguments;
//   per argument: a type byte, then 'a' int64 address (region << 40 | offset), 'l' int64,
//   'i' int32, 'f' float32.
// Regions: 1 input floats, 2 packed bytes, 3 decoded floats; 2 and 3 start poisoned (0xA5).
// RESULTS gets, per case, region 2 then region 3. Stdout: one line per problem, then "done N".
#define CDC_HOST_EMULATION
#include "cuda_host_emulation.h"
#include "latent_codec.cu"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>

namespace {

constexpr int kThreadsPerBlock = 256;

struct Argument {
    char type;
    int64_t value;
    float real;
};

struct Launch {
    std::string kernel;
    int64_t threads;
    std::vector<Argument> arguments;
};

struct Region {
    unsigned char* base = nullptr;
    int64_t size = 0;
};

Region regions[4];

template <class T>
T read(std::istream& in) {
    T value;
    in.read(reinterpret_cast<char*>(&value), sizeof value);
    if (!in) {
        std::fprintf(stderr, "truncated case file\n");
        std::exit(2);
    }
    return value;
}

std::vector<Launch> read_launches(std::istream& in) {
    std::vector<Launch> launches(read<int32_t>(in));
    for (Launch& launch : launches) {
        launch.kernel.resize(read<int32_t>(in));
        in.read(&launch.kernel[0], launch.kernel.size());
        launch.threads = read<int64_t>(in);
        launch.arguments.resize(read<int32_t>(in));
        for (Argument& argument : launch.arguments) {
            argument.type = read<char>(in);
            if (argument.type == 'i') {
                argument.value = read<int32_t>(in);
            } else if (argument.type == 'f') {
                argument.real = read<float>(in);
            } else {
                argument.value = read<int64_t>(in);
            }
        }
    }
    return launches;
}

// Typed access to a launch's arguments; a type the kernel does not take is reported, since on
// a GPU it would be read as garbage.
class Arguments {
  public:
    Arguments(const Launch& launch, const char* signature, std::vector<std::string>* problems)
        : launch_(launch), problems_(problems) {
        size_t before = problems_->size();  // earlier launches' problems are not this one's
        if (launch.arguments.size() != std::strlen(signature)) {
            problem("takes " + std::to_string(std::strlen(signature)) + " arguments, the plan gives "
                    + std::to_string(launch.arguments.size()));
            return;
        }
        for (size_t i = 0; i < launch.arguments.size(); i++) {
            if (launch.arguments[i].type != signature[i]) {
                problem("argument " + std::to_string(i) + " should be '" + signature[i] + "', the plan gives '"
                        + launch.arguments[i].type + "'");
            }
        }
        ok_ = problems_->size() == before;
    }

    bool ok() const { return ok_; }

    template <class T>
    T* pointer(int i) const {
        int64_t address = launch_.arguments[i].value;
        const Region& region = regions[address >> 40];
        int64_t offset = address & ((1LL << 40) - 1);
        if ((address >> 40) < 1 || (address >> 40) > 3 || offset > region.size) {
            problem("argument " + std::to_string(i) + " is no address in a buffer");
            return nullptr;
        }
        return reinterpret_cast<T*>(region.base + offset);
    }

    long long int64(int i) const { return launch_.arguments[i].value; }
    int int32(int i) const { return (int) launch_.arguments[i].value; }
    float real(int i) const { return launch_.arguments[i].real; }

  private:
    void problem(const std::string& what) const { problems_->push_back(launch_.kernel + ": " + what); }

    const Launch& launch_;
    std::vector<std::string>* problems_;
    bool ok_ = false;
};

std::function<void()> body(const Launch& launch, std::vector<std::string>* problems) {
    const std::string& k = launch.kernel;
    if (k == "cdc_pack_stream" || k == "cdc_unpack_stream") {
        Arguments a(launch, "aaliffi", problems);
        if (!a.ok()) return nullptr;
        if (k == "cdc_pack_stream") {
            return [=] { cdc_pack_stream(a.pointer<float>(0), a.pointer<cdc_u8>(1), a.int64(2), a.int32(3), a.real(4), a.real(5), a.int32(6)); };
        }
        return [=] { cdc_unpack_stream(a.pointer<cdc_u8>(0), a.pointer<float>(1), a.int64(2), a.int32(3), a.real(4), a.real(5), a.int32(6)); };
    }
    if (k == "cdc_pack_fixed" || k == "cdc_unpack_fixed") {
        Arguments a(launch, "aaliiffi", problems);
        if (!a.ok()) return nullptr;
        if (k == "cdc_pack_fixed") {
            return [=] { cdc_pack_fixed(a.pointer<float>(0), a.pointer<cdc_u8>(1), a.int64(2), a.int32(3), a.int32(4), a.real(5), a.real(6), a.int32(7)); };
        }
        return [=] { cdc_unpack_fixed(a.pointer<cdc_u8>(0), a.pointer<float>(1), a.int64(2), a.int32(3), a.int32(4), a.real(5), a.real(6), a.int32(7)); };
    }
    if (k == "cdc_block_ranges") {
        Arguments a(launch, "aaliii", problems);
        if (!a.ok()) return nullptr;
        return [=] { cdc_block_ranges(a.pointer<float>(0), a.pointer<cdc_u8>(1), a.int64(2), a.int32(3), a.int32(4), a.int32(5)); };
    }
    if (k == "cdc_pack_block" || k == "cdc_unpack_block") {
        Arguments a(launch, "aaliiii", problems);
        if (!a.ok()) return nullptr;
        if (k == "cdc_pack_block") {
            return [=] { cdc_pack_block(a.pointer<float>(0), a.pointer<cdc_u8>(1), a.int64(2), a.int32(3), a.int32(4), a.int32(5), a.int32(6)); };
        }
        return [=] { cdc_unpack_block(a.pointer<cdc_u8>(0), a.pointer<float>(1), a.int64(2), a.int32(3), a.int32(4), a.int32(5), a.int32(6)); };
    }
    problems->push_back("no kernel named " + k);
    return nullptr;
}

void run(const std::vector<Launch>& launches, std::vector<std::string>* problems) {
    for (const Launch& launch : launches) {
        std::function<void()> kernel = body(launch, problems);
        if (!kernel) {
            continue;
        }
        emulation::errors.clear();
        int64_t blocks = (launch.threads + kThreadsPerBlock - 1) / kThreadsPerBlock;
        emulation::launch(blocks, kThreadsPerBlock, kernel);
        for (const std::string& e : emulation::errors) {
            problems->push_back(launch.kernel + ": " + e);
        }
    }
}

unsigned char* allocate(int64_t bytes) {
    size_t size = ((size_t) bytes + 256 + 255) / 256 * 256;
    return static_cast<unsigned char*>(std::aligned_alloc(256, size));  // 256-aligned, like cuMemAlloc
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: latent_codec_emulated CASES RESULTS\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::ofstream out(argv[2], std::ios::binary);
    int32_t cases = read<int32_t>(in);
    for (int c = 0; c < cases; c++) {
        int64_t float_region = read<int64_t>(in);
        int64_t packed_region = read<int64_t>(in);
        int32_t float_offset = read<int32_t>(in);
        int64_t count = read<int64_t>(in);
        int64_t sizes[4] = {0, float_region, packed_region, float_region};
        for (int r = 1; r <= 3; r++) {
            regions[r].base = allocate(sizes[r]);
            regions[r].size = sizes[r];
            std::memset(regions[r].base, 0xA5, sizes[r]);
        }
        in.read(reinterpret_cast<char*>(regions[1].base + float_offset), count * 4);
        std::vector<Launch> encode = read_launches(in);
        std::vector<Launch> decode = read_launches(in);
        std::vector<std::string> problems;
        run(encode, &problems);
        run(decode, &problems);
        for (const std::string& p : problems) {
            std::printf("case %d: %s\n", c, p.c_str());
        }
        out.write(reinterpret_cast<char*>(regions[2].base), packed_region);
        out.write(reinterpret_cast<char*>(regions[3].base), float_region);
        for (int r = 1; r <= 3; r++) {
            std::free(regions[r].base);
        }
    }
    std::printf("done %d\n", cases);
    return 0;
}
