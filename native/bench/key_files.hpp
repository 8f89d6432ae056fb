// The .zkey (snarkjs Groth16) and .wtns files of a whole-proof benchmark, memory-mapped, with their sections located
// and sized: what zkml_prover_open / zkml_cuda_prover_open and the prove calls take. Errors name the file and what is
// wrong (std::runtime_error). Bench-only: the service reads these files in Java (zk-core).
#pragma once
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>

namespace zkml::bench {

/** A whole file mapped read-only, its sections by id (the binary container of snarkjs: magic, version, sections). */
class MappedFile {
public:
    MappedFile(const std::string& path, const char magic[4]) : path_(path) {
        const int fd = ::open(path.c_str(), O_RDONLY);
        if (fd < 0) throw std::runtime_error(path + ": cannot open (" + std::strerror(errno) + ")");
        struct stat st;
        if (::fstat(fd, &st) != 0 || st.st_size < 12) {
            ::close(fd);
            throw std::runtime_error(path + ": not a " + std::string(magic, 4) + " file (too short)");
        }
        size_ = (std::size_t)st.st_size;
        void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (p == MAP_FAILED) throw std::runtime_error(path + ": cannot map (" + std::strerror(errno) + ")");
        data_ = (const uint8_t*)p;
        if (std::memcmp(data_, magic, 4) != 0) fail("not a " + std::string(magic, 4) + " file (magic)");
        const uint32_t n = u32(8);
        std::size_t at = 12;
        for (uint32_t i = 0; i < n; i++) {
            if (at + 12 > size_) fail("section header " + std::to_string(i) + " past the end");
            const uint32_t id = u32(at);
            uint64_t len;
            std::memcpy(&len, data_ + at + 4, 8);
            if (len > size_ - at - 12) fail("section " + std::to_string(id) + " runs past the end");
            sections_[id] = {at + 12, len};
            at += 12 + len;
        }
    }
    ~MappedFile() { ::munmap((void*)data_, size_); }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error(path_ + ": " + what); }
    uint32_t u32(std::size_t at) const {
        if (at + 4 > size_) fail("read past the end");
        uint32_t v;
        std::memcpy(&v, data_ + at, 4);
        return v;
    }
    /** The section's start; its length must be exactly bytes (or at least, when exact is false). */
    const uint8_t* section(uint32_t id, uint64_t bytes, bool exact = true) const {
        auto it = sections_.find(id);
        if (it == sections_.end()) fail("section " + std::to_string(id) + " is missing");
        if (exact ? it->second.second != bytes : it->second.second < bytes)
            fail("section " + std::to_string(id) + " holds " + std::to_string(it->second.second) + " bytes, expected " +
                 std::to_string(bytes));
        return data_ + it->second.first;
    }
    std::size_t offset(uint32_t id) const { return section(id, 0, false) - data_; }

private:
    std::string path_;
    const uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    std::map<uint32_t, std::pair<std::size_t, uint64_t>> sections_;
};

/** A Groth16 proving key: the sizes and sections in the layout of zkml.h's zkml_prover_open. */
struct ZkeyFile {
    MappedFile file;
    uint32_t n_vars = 0, n_public = 0, domain = 0;
    uint64_t n_coef = 0;
    uint8_t fixed[448];  // α₁ ‖ β₁ ‖ β₂ ‖ δ₁ ‖ δ₂
    const uint8_t *coef, *a, *b1, *b2, *c, *h;

    explicit ZkeyFile(const std::string& path) : file(path, "zkey") {
        if (file.u32(file.offset(1)) != 1) file.fail("not a Groth16 key (protocol " + std::to_string(file.u32(file.offset(1))) + ")");
        std::size_t p = file.offset(2);
        const uint32_t n8q = file.u32(p);
        p += 4 + n8q;
        const uint32_t n8r = file.u32(p);
        p += 4 + n8r;
        if (n8q != 32 || n8r != 32) file.fail("not a BN254 key (field sizes " + std::to_string(n8q) + ", " + std::to_string(n8r) + ")");
        n_vars = file.u32(p);
        n_public = file.u32(p + 4);
        domain = file.u32(p + 8);
        p += 12;
        const uint8_t* h2 = file.section(2, p - file.offset(2) + 64 + 64 + 128 + 128 + 64 + 128, false) + (p - file.offset(2));
        std::memcpy(fixed, h2, 256);              // α₁, β₁, β₂
        std::memcpy(fixed + 256, h2 + 384, 192);  // δ₁, δ₂ (after γ₂)
        const uint8_t* s4 = file.section(4, 4, false);
        n_coef = file.u32(file.offset(4));
        file.section(4, 4 + 44 * n_coef);
        coef = s4 + 4;
        a = file.section(5, 64ull * n_vars);
        b1 = file.section(6, 64ull * n_vars);
        b2 = file.section(7, 128ull * n_vars);
        if (n_vars <= n_public) file.fail("n_vars must exceed n_public");
        c = file.section(8, 64ull * (n_vars - n_public - 1));
        h = file.section(9, 64ull * domain);
    }
};

/** A witness: n values of 32 bytes (plain, little-endian). */
struct WtnsFile {
    MappedFile file;
    uint32_t n = 0;
    const uint8_t* values;

    explicit WtnsFile(const std::string& path) : file(path, "wtns") {
        const std::size_t p = file.offset(1);
        const uint32_t n8 = file.u32(p);
        if (n8 != 32) file.fail("not a BN254 witness (" + std::to_string(n8) + "-byte values)");
        n = file.u32(p + 4 + n8);
        values = file.section(2, 32ull * n);
    }
};

}  // namespace zkml::bench
