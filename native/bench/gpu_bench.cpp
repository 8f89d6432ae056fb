// zkml_gpu_bench: CPU (libzkml) against GPU (libzkml_cuda) timings with no Java needed (native/bench/run.sh builds
// and runs it; README "The CUDA backend"):
//   zkml_gpu_bench [msm-g1|msm-g2|ntt|all] [min log2n] [max log2n] [--scalars SET]   (default: all 16 24 random)
//   zkml_gpu_bench prove C.zkey W.wtns [runs]                                        (default: 3 runs)
// MSM and NTT: bases are 2^16 distinct points i·G (i ≥ 1), repeated to fill n (the bucket work does not depend on
// it); NTT inputs random; MSM scalars from SET (scalar_sets.hpp): random (below 2^253), small (below 2^16), neg-small
// (r − k, k ≤ 2^16), equal, ones, one-nonzero or mixed — the skewed sets of real witnesses, which put most of the
// bucket sort's entries into a few buckets. The header names the set. Times are the best of 3 runs (1 run above
// 2^20), each call with its uploads, and the GPU's result is checked against the CPU's. prove: the key opened once on
// each side (the GPU's upload timed apart), then the best of runs whole proofs with fixed r, s, whose bytes must agree;
// ZKML_TRACE=1 prints each stage's time on standard error (the GPU's MSM stages then are MSMs with the bases resident).
// Where no CUDA device is usable (or libzkml_cuda was not built) it says "no CUDA device: <reason>" and prints the CPU
// times alone.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "../cuda/curve.cuh"
#include "key_files.hpp"
#include "scalar_sets.hpp"
#include "zkml.h"
#ifdef ZKML_BENCH_CUDA
#include "zkml_cuda.h"
#endif

namespace zc = zkml::cuda;
using zc::u32;
using zc::u64;

static u64 state = 0x9e3779b97f4a7c15ULL;
static u64 next_u64() {
    u64 z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/** count points i·G, i = 1..count, affine, with one inversion (Montgomery's batch trick). */
template <class F>
static std::vector<u32> multiples(const zc::Affine<F>& g, u64 count) {
    std::vector<zc::Jacobian<F>> jac(count);
    zc::Jacobian<F> acc = zc::Jacobian<F>::from_affine(g);
    for (u64 i = 0; i < count; i++) {
        jac[i] = acc;
        acc = acc.add_mixed(g);
    }
    std::vector<F> prefix(count);
    F run = F::one();
    for (u64 i = 0; i < count; i++) {
        prefix[i] = run;
        run = run * jac[i].Z;
    }
    F inv = run.inverse();
    constexpr int words = zc::PointWords<F>::n;
    std::vector<u32> out(count * words);
    for (u64 i = count; i-- > 0;) {
        F zi = inv * prefix[i];
        inv = inv * jac[i].Z;
        F zi2 = zi.sqr();
        zc::store_affine(zc::Affine<F>{jac[i].X * zi2, jac[i].Y * zi2 * zi}, out.data() + i * words);
    }
    return out;
}

static double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

template <class Fn>
static double best_ms(int runs, Fn&& f) {
    double best = 1e300;
    for (int r = 0; r < runs; r++) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

static void fail(const char* what, int rc, const char* msg) {
    std::fprintf(stderr, "%s failed (%d): %s\n", what, rc, msg);
    std::exit(1);
}

#ifndef ZKML_BENCH_CUDA
// without libzkml_cuda the GPU calls are never made (gpu stays false); these keep the code below in one piece
static int zkml_cuda_msm_g1(const uint8_t*, const uint8_t*, uint64_t, uint8_t*, char*, size_t) { return 5; }
static int zkml_cuda_msm_g2(const uint8_t*, const uint8_t*, uint64_t, uint8_t*, char*, size_t) { return 5; }
static int zkml_cuda_ntt(uint8_t*, uint32_t, int32_t, const uint8_t*, char*, size_t) { return 5; }
#endif

/** Whether device 0 can be used; prints the CPU and the GPU (or why there is none). */
static bool header() {
    std::printf("CPU: %s, %u hardware threads\n", zkml_version(), (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
#ifdef ZKML_BENCH_CUDA
    char msg[512];
    int32_t count = 0;
    if (zkml_cuda_device_count(&count, msg, sizeof msg) == ZKML_OK && count > 0) {
        char name[256];
        zkml_cuda_device_name(0, name, sizeof name, msg, sizeof msg);
        std::printf("GPU: %s\n", name);
        return true;
    }
    const char* reason = std::strncmp(msg, "no usable CUDA device: ", 23) == 0 ? msg + 23 : msg;
    std::printf("GPU: no CUDA device: %s (CPU times only)\n", reason);
#else
    std::printf("GPU: no CUDA device: libzkml_cuda was not built (no CUDA compiler when CMake configured; CPU times only)\n");
#endif
    return false;
}

/** A whole proof from a .zkey and a .wtns, CPU against GPU: open once, then the best of runs proofs. */
static int prove(const char* zkey_path, const char* wtns_path, int runs, bool gpu) {
    std::unique_ptr<zkml::bench::ZkeyFile> key;
    std::unique_ptr<zkml::bench::WtnsFile> wtns;
    try {
        key = std::make_unique<zkml::bench::ZkeyFile>(zkey_path);
        wtns = std::make_unique<zkml::bench::WtnsFile>(wtns_path);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
    const zkml::bench::ZkeyFile& z = *key;
    if (wtns->n != z.n_vars) {
        std::fprintf(stderr, "%s has %u values, the key %u wires\n", wtns_path, wtns->n, z.n_vars);
        return 2;
    }
    std::printf("key: %u wires (%u public), domain 2^%d, %llu coefficients\n", z.n_vars, z.n_public,
                __builtin_ctz(z.domain), (unsigned long long)z.n_coef);
    char msg[512];
    const uint8_t r[32] = {5}, s[32] = {7};
    uint8_t cpu_proof[256];
    zkml_prover* cpu = nullptr;
    double t0 = now_ms();
    if (zkml_prover_open(z.n_vars, z.n_public, z.domain, z.fixed, z.n_coef, z.coef, z.a, z.b1, z.b2, z.c, z.h, 0, &cpu,
                         msg, sizeof msg) != ZKML_OK)
        fail("zkml_prover_open", 1, msg);
    const double cpu_open = now_ms() - t0;
    int rc = 0;
    const double cpu_ms = best_ms(runs, [&] {
        if ((rc = zkml_prover_prove(cpu, wtns->values, z.n_vars, r, s, nullptr, nullptr, nullptr, cpu_proof, msg, sizeof msg)))
            fail("zkml_prover_prove", rc, msg);
    });
    zkml_prover_close(cpu);
    std::printf("%-22s %12s %12s %8s\n", "", "cpu ms", "gpu ms", "cpu/gpu");
    if (!gpu) {
        std::printf("%-22s %12.1f %12s %8s\n", "open (check, upload)", cpu_open, "-", "-");
        std::printf("%-22s %12.1f %12s %8s\n", "prove", cpu_ms, "-", "-");
        return 0;
    }
#ifdef ZKML_BENCH_CUDA
    uint8_t gpu_proof[256];
    uint64_t resident = 0, working = 0;
    zkml_cuda_prover_memory(z.n_vars, z.n_public, z.domain, z.n_coef, &resident, &working, msg, sizeof msg);
    std::printf("device memory of the context: %.1f MiB resident, %.1f MiB working\n", resident / 1048576.0,
                working / 1048576.0);
    zkml_cuda_prover* dev = nullptr;
    t0 = now_ms();
    if ((rc = zkml_cuda_prover_open(0, z.n_vars, z.n_public, z.domain, z.fixed, z.n_coef, z.coef, z.a, z.b1, z.b2, z.c,
                                    z.h, &dev, msg, sizeof msg)) != ZKML_OK)
        fail("zkml_cuda_prover_open", rc, msg);
    const double gpu_open = now_ms() - t0;
    const double gpu_ms = best_ms(runs, [&] {
        if ((rc = zkml_cuda_prover_prove(dev, wtns->values, z.n_vars, r, s, nullptr, nullptr, nullptr, gpu_proof, msg, sizeof msg)))
            fail("zkml_cuda_prover_prove", rc, msg);
    });
    zkml_cuda_prover_close(dev);
    std::printf("%-22s %12.1f %12.1f %8.2f\n", "open (check, upload)", cpu_open, gpu_open, cpu_open / gpu_open);
    std::printf("%-22s %12.1f %12.1f %8.2f\n", "prove", cpu_ms, gpu_ms, cpu_ms / gpu_ms);
    if (std::memcmp(cpu_proof, gpu_proof, 256) != 0) {
        std::fprintf(stderr, "the GPU's proof differs from the CPU's for the same r and s\n");
        return 1;
    }
    std::printf("the proofs agree byte for byte\n");
#endif
    return 0;
}

int main(int argc, char** argv) {
    const std::string what = argc > 1 ? argv[1] : "all";
    if (what == "prove") {
        if (argc < 4) {
            std::fprintf(stderr, "usage: zkml_gpu_bench prove C.zkey W.wtns [runs]\n");
            return 2;
        }
        const bool gpu = header();
        return prove(argv[2], argv[3], argc > 4 ? std::max(1, std::atoi(argv[4])) : 3, gpu);
    }
    std::vector<std::string> args;  // the positional arguments (kernel, min, max), without --scalars SET
    std::string set = "random";
    bool usage = false;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--scalars") == 0) {
            if (i + 1 < argc) set = argv[++i];
            else usage = true;
        } else {
            args.push_back(argv[i]);
        }
    }
    const std::string kernel = args.empty() ? "all" : args[0];
    const int lo = args.size() > 1 ? std::atoi(args[1].c_str()) : 16, hi = args.size() > 2 ? std::atoi(args[2].c_str()) : 24;
    if (usage || args.size() > 3 || !zkml::bench::is_scalar_set(set) ||
        (kernel != "all" && kernel != "msm-g1" && kernel != "msm-g2" && kernel != "ntt") || lo < 1 || hi > 28 || lo > hi) {
        std::string sets;
        for (const char* name : zkml::bench::SCALAR_SETS) sets += (sets.empty() ? "" : "|") + std::string(name);
        std::fprintf(stderr, "usage: zkml_gpu_bench [msm-g1|msm-g2|ntt|all] [min log2n] [max log2n] [--scalars %s]\n"
                             "       zkml_gpu_bench prove C.zkey W.wtns [runs]\n", sets.c_str());
        return 2;
    }
    char msg[512];
    const bool gpu = header();
    if (kernel != "ntt") std::printf("MSM scalars: %s\n", set.c_str());
    std::printf("%-8s %6s %12s %12s %8s\n", "kernel", "log2n", "cpu ms", "gpu ms", "cpu/gpu");
    const u64 distinct = 1u << 16;
    std::vector<u32> g1, g2;
    for (int lg = lo; lg <= hi; lg++) {
        const u64 n = u64(1) << lg;
        const int runs = lg > 20 ? 1 : 3;
        for (const std::string k : {"msm-g1", "msm-g2", "ntt"}) {
            if (kernel != "all" && kernel != k) continue;
            double cpu_ms = 0, gpu_ms = -1;
            if (k == "ntt") {
                std::vector<u32> x = zkml::bench::scalar_set("random", n, next_u64);  // below 2^253
                std::vector<u32> y = x;
                int rc = 0;
                cpu_ms = best_ms(runs, [&] { if ((rc = zkml_ntt((uint8_t*)x.data(), lg, 0, nullptr, msg, sizeof msg))) fail("zkml_ntt", rc, msg); });
                if (gpu) gpu_ms = best_ms(runs, [&] { if ((rc = zkml_cuda_ntt((uint8_t*)y.data(), lg, 0, nullptr, msg, sizeof msg))) fail("zkml_cuda_ntt", rc, msg); });
            } else {
                const bool is_g1 = k == "msm-g1";
                std::vector<u32>& distinct_points = is_g1 ? g1 : g2;
                if (distinct_points.empty()) {
                    distinct_points = is_g1 ? multiples(zc::g1_generator(), distinct) : multiples(zc::g2_generator(), distinct);
                    int64_t bad = 0;
                    int rc = zkml_first_invalid_point((uint8_t*)distinct_points.data(), distinct, is_g1 ? 1 : 2, &bad, msg, sizeof msg);
                    if (rc != ZKML_OK || bad != -1) {
                        std::fprintf(stderr, "the generated %s bases are not on the curve (first bad: %lld)\n", k.c_str(), (long long)bad);
                        return 1;
                    }
                }
                const int words = is_g1 ? 16 : 32;
                std::vector<u32> bases(n * words);
                for (u64 i = 0; i < n; i++)
                    std::memcpy(&bases[i * words], &distinct_points[(i % distinct) * words], 4 * words);
                std::vector<u32> scalars = zkml::bench::scalar_set(set, n, next_u64);
                std::vector<uint8_t> a(4 * words), b(4 * words);
                auto cpu_call = is_g1 ? zkml_msm_g1 : zkml_msm_g2;
                auto gpu_call = is_g1 ? zkml_cuda_msm_g1 : zkml_cuda_msm_g2;
                int rc = 0;
                cpu_ms = best_ms(runs, [&] { if ((rc = cpu_call((uint8_t*)bases.data(), (uint8_t*)scalars.data(), n, a.data(), msg, sizeof msg))) fail(k.c_str(), rc, msg); });
                if (gpu) {
                    gpu_ms = best_ms(runs, [&] { if ((rc = gpu_call((uint8_t*)bases.data(), (uint8_t*)scalars.data(), n, b.data(), msg, sizeof msg))) fail(k.c_str(), rc, msg); });
                    if (a != b) {
                        std::fprintf(stderr, "%s 2^%d: the GPU result differs from the CPU's\n", k.c_str(), lg);
                        return 1;
                    }
                }
            }
            if (gpu_ms >= 0) std::printf("%-8s %6d %12.2f %12.2f %8.2f\n", k.c_str(), lg, cpu_ms, gpu_ms, cpu_ms / gpu_ms);
            else std::printf("%-8s %6d %12.2f %12s %8s\n", k.c_str(), lg, cpu_ms, "-", "-");
            std::fflush(stdout);
        }
    }
    return 0;
}
