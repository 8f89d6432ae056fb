// A quick timing tool for MSM and NTT through the C ABI (not a test; JMH in benchmarks/ is the reference):
//   zkml_bench msm-g1|msm-g2|ntt <log2n>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "curve.hpp"
#include "zkml.h"

using namespace zkml::ZKML_NS;

/** n affine multiples of the generator (running sum, one batch inversion). */
template <class F>
static std::vector<unsigned char> points(const Affine<F>& gen, std::size_t n) {
    std::vector<Jacobian<F>> js(n);
    Jacobian<F> acc = Jacobian<F>::from_affine(gen);
    for (std::size_t i = 0; i < n; i++) {
        js[i] = acc;
        acc = acc.add_mixed(gen).dbl();
    }
    std::vector<F> pre(n);
    F prod = F::one();
    for (std::size_t i = 0; i < n; i++) {
        pre[i] = prod;
        prod = prod * js[i].Z;
    }
    F inv = prod.inverse();
    std::vector<unsigned char> out(2 * sizeof(F) * n);
    for (std::size_t i = n; i-- > 0;) {
        F zi = inv * pre[i];
        inv = inv * js[i].Z;
        F zi2 = zi.sqr();
        (js[i].X * zi2).store(&out[2 * sizeof(F) * i]);
        (js[i].Y * zi2 * zi).store(&out[2 * sizeof(F) * i + sizeof(F)]);
    }
    return out;
}

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s msm-g1|msm-g2|ntt <log2n>\n", argv[0]);
        return 2;
    }
    std::string what = argv[1];
    int log2n = std::atoi(argv[2]);
    std::size_t n = std::size_t(1) << log2n;
    std::mt19937_64 g(7);
    std::vector<unsigned char> scalars(32 * n);
    for (std::size_t i = 0; i < n; i++) {
        Fr k{{g(), g(), g(), g() & 0x0fffffffffffffffULL}};
        k.store(&scalars[32 * i]);
    }
    std::vector<unsigned char> bases;
    if (what == "msm-g1") bases = points(G1Affine{Fp::from_u64(1), Fp::from_u64(2)}, n);
    if (what == "msm-g2") {
        // any point of the twist serves for timing: a multiple of (x, y) found from x = 1 + u onwards is not needed,
        // the generator's coordinates are enough
        std::fprintf(stderr, "msm-g2 uses G1 timing only in this tool\n");
        return 2;
    }
    unsigned char out[128];
    char msg[256];
    for (int rep = 0; rep < 3; rep++) {
        auto t0 = std::chrono::steady_clock::now();
        std::clock_t c0 = std::clock();
        int rc;
        if (what == "ntt") {
            rc = zkml_ntt(scalars.data(), log2n, rep % 2, nullptr, msg, sizeof msg);
        } else {
            rc = zkml_msm_g1(bases.data(), scalars.data(), n, out, msg, sizeof msg);
        }
        auto t1 = std::chrono::steady_clock::now();
        std::clock_t c1 = std::clock();
        if (rc != ZKML_OK) {
            std::fprintf(stderr, "error %d: %s\n", rc, msg);
            return 1;
        }
        // CPU time of all threads too: on a shared machine it says more than the wall time
        std::printf("%s 2^%d: %.1f ms wall, %.1f ms CPU (%s)\n", what.c_str(), log2n,
                    std::chrono::duration<double, std::milli>(t1 - t0).count(), 1000.0 * double(c1 - c0) / CLOCKS_PER_SEC, zkml_version());
    }
    return 0;
}
