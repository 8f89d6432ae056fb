// A quick timing tool for MSM and NTT through the C ABI (not a test; JMH in benchmarks/ is the reference):
//   zkml_bench msm-g1|msm-g2|ntt <log2n>
//   zkml_bench gifft-g1|gifft-g2 <log2n>     the group inverse FFT of ptau prepare (ZKML_KERNELS picks the variant)
//   zkml_bench ntt-compare <log2n> [reps]   radix 2 against radix 4 in this process, alternating, best and median of reps
//   zkml_bench prove C.zkey W.wtns [runs]   a whole proof (ZKML_TRACE=1: its stages)
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "curve.hpp"
#include "ntt.hpp"
#include "pool.hpp"
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

/** The whole file, read into memory. */
static std::vector<unsigned char> slurp(const char* path) {
    std::FILE* f = std::fopen(path, "rb");
    if (!f) {
        std::perror(path);
        std::exit(2);
    }
    std::vector<unsigned char> b;
    unsigned char buf[1 << 16];
    std::size_t k;
    while ((k = std::fread(buf, 1, sizeof buf, f)) > 0) b.insert(b.end(), buf, buf + k);
    std::fclose(f);
    return b;
}

template <class T>
static T at(const std::vector<unsigned char>& b, std::size_t off) {
    T v;
    std::memcpy(&v, &b[off], sizeof v);
    return v;
}

/** Offsets of the sections of a snarkjs binary file (zkey, wtns) by id. */
static std::vector<std::size_t> sections(const std::vector<unsigned char>& b) {
    std::vector<std::size_t> off(16, 0);
    std::uint32_t n = at<std::uint32_t>(b, 8);
    std::size_t p = 12;
    for (std::uint32_t i = 0; i < n; i++) {
        std::uint32_t id = at<std::uint32_t>(b, p);
        std::uint64_t size = at<std::uint64_t>(b, p + 4);
        if (id < off.size()) off[id] = p + 12;
        p += 12 + size;
    }
    return off;
}

/** A whole proof from a .zkey and a .wtns, with ZKML_TRACE's stage times: zkml_bench prove C.zkey W.wtns [runs]. */
static int prove(const char* zkey_path, const char* wtns_path, int runs) {
    std::vector<unsigned char> z = slurp(zkey_path), w = slurp(wtns_path);
    std::vector<std::size_t> zs = sections(z), ws = sections(w);
    std::size_t h = zs[2];
    std::uint32_t n8q = at<std::uint32_t>(z, h);
    std::size_t p = h + 4 + n8q;
    std::uint32_t n8r = at<std::uint32_t>(z, p);
    p += 4 + n8r;
    std::uint32_t n_vars = at<std::uint32_t>(z, p), n_public = at<std::uint32_t>(z, p + 4), domain = at<std::uint32_t>(z, p + 8);
    p += 12;
    unsigned char fixed[448];
    std::memcpy(fixed, &z[p], 256);              // alpha1, beta1, beta2
    std::memcpy(fixed + 256, &z[p + 384], 192);  // delta1, delta2 (after gamma2)
    std::uint32_t n_coef = at<std::uint32_t>(z, zs[4]);
    zkml_prover* prover = nullptr;
    char msg[512];
    if (zkml_prover_open(n_vars, n_public, domain, fixed, n_coef, &z[zs[4] + 4], &z[zs[5]], &z[zs[6]], &z[zs[7]],
                         n_vars > n_public + 1 ? &z[zs[8]] : &z[zs[5]], &z[zs[9]], 0, &prover, msg, sizeof msg) != ZKML_OK) {
        std::fprintf(stderr, "open: %s\n", msg);
        return 1;
    }
    std::uint32_t wn8 = at<std::uint32_t>(w, ws[1]);
    const unsigned char* witness = &w[ws[2]];
    std::uint32_t n_witness = at<std::uint32_t>(w, ws[1] + 4 + wn8);
    unsigned char r[32] = {5}, s[32] = {7}, proof[256];
    for (int i = 0; i < runs; i++) {
        auto t0 = std::chrono::steady_clock::now();
        std::clock_t c0 = std::clock();
        if (zkml_prover_prove(prover, witness, n_witness, r, s, nullptr, nullptr, nullptr, proof, msg, sizeof msg) != ZKML_OK) {
            std::fprintf(stderr, "prove: %s\n", msg);
            return 1;
        }
        std::printf("prove (domain %u, %u wires): %.1f ms wall, %.1f ms CPU (%s)\n", domain, n_vars,
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count(),
                    1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC, zkml_version());
    }
    zkml_prover_close(prover);
    return 0;
}

/** Radix 2 against radix 4, natural order both ways, and the prover's coset step (radix 2 with a scaling pass
 * against domain_to_coset); alternating, so that both see the same machine load. */
static int ntt_compare(int log2n, int reps) {
    const std::size_t n = std::size_t(1) << log2n;
    std::mt19937_64 g(9);
    std::vector<Fr> x(n);
    for (auto& e : x) e = Fr::from_plain(Fr{{g(), g(), g(), g() & 0x0fffffffffffffffULL}});
    zkml::Control ctl;
    ctl.pool = &zkml::Pool::shared();
    const char* names[4] = {"radix-2 ntt", "radix-4 ntt", "radix-2 coset step", "radix-4 coset step"};
    std::vector<double> ms[4], cpu[4];
    std::vector<Fr> a(n);
    const Fr n_inv = Fr::from_u64(n).inverse(), shift = prover_coset_shift(log2n);
    for (int rep = -1; rep < reps; rep++) {  // rep −1: warm-up (twiddle tables)
        for (int v = 0; v < 4; v++) {
            a = x;
            auto t0 = std::chrono::steady_clock::now();
            std::clock_t c0 = std::clock();
            switch (v) {
                case 0: ntt_radix2(a.data(), log2n, false, ctl); break;
                case 1: ntt(a.data(), log2n, false, ctl); break;
                case 2:
                    ntt_radix2(a.data(), log2n, true, ctl);
                    scale_by_powers(a.data(), n, n_inv, shift, ctl);
                    ntt_radix2(a.data(), log2n, false, ctl);
                    break;
                default: domain_to_coset(a.data(), log2n, ctl);
            }
            double t = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            if (rep >= 0) ms[v].push_back(t);
            if (rep >= 0) cpu[v].push_back(1000.0 * double(std::clock() - c0) / CLOCKS_PER_SEC);
        }
    }
    for (int v = 0; v < 4; v++) {
        std::sort(ms[v].begin(), ms[v].end());
        std::sort(cpu[v].begin(), cpu[v].end());
        std::printf("2^%d %-19s wall best %8.2f ms  median %8.2f ms; CPU (all threads) median %8.2f ms\n", log2n, names[v],
                    ms[v][0], ms[v][ms[v].size() / 2], cpu[v][cpu[v].size() / 2]);
    }
    auto med = [](const std::vector<double>& v) { return v[v.size() / 2]; };
    std::printf("2^%d ratio radix-2/radix-4 (medians): ntt %.2f wall, %.2f CPU; coset step %.2f wall, %.2f CPU (%u threads, %s)\n",
                log2n, med(ms[0]) / med(ms[1]), med(cpu[0]) / med(cpu[1]), med(ms[2]) / med(ms[3]), med(cpu[2]) / med(cpu[3]),
                ctl.pool->size(), zkml_version());
    return 0;
}

int main(int argc, char** argv) {
    if (argc >= 4 && std::string(argv[1]) == "prove") return prove(argv[2], argv[3], argc > 4 ? std::atoi(argv[4]) : 3);
    if (argc >= 3 && std::string(argv[1]) == "ntt-compare") return ntt_compare(std::atoi(argv[2]), argc > 3 ? std::atoi(argv[3]) : 5);
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s msm-g1|ntt <log2n> | prove C.zkey W.wtns [runs]\n", argv[0]);
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
    if (what == "msm-g1" || what == "gifft-g1") bases = points(G1Affine{Fp::from_u64(1), Fp::from_u64(2)}, n);
    if (what == "gifft-g2") {
        // the generator of EIP-197 (Montgomery form)
        const Fp2 x{Fp{{0x8e83b5d102bc2026ULL, 0xdceb1935497b0172ULL, 0xfbb8264797811adfULL, 0x19573841af96503bULL}},
                    Fp{{0xafb4737da84c6140ULL, 0x6043dd5a5802d8c4ULL, 0x09e950fc52a02f86ULL, 0x14fef0833aea7b6bULL}}};
        const Fp2 y{Fp{{0x619dfa9d886be9f6ULL, 0xfe7fd297f59e9b78ULL, 0xff9e1a62231b7dfeULL, 0x28fd7eebae9e4206ULL}},
                    Fp{{0x64095b56c71856eeULL, 0xdc57f922327d3cbbULL, 0x55f935be33351076ULL, 0x0da4a0e693fd6482ULL}}};
        bases = points(G2Affine{x, y}, n);
    }
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
        } else if (what == "gifft-g1" || what == "gifft-g2") {
            std::vector<unsigned char> res(bases.size());
            rc = (what == "gifft-g1" ? zkml_group_ifft_g1 : zkml_group_ifft_g2)(bases.data(), n, uint32_t(log2n), res.data(),
                                                                               nullptr, nullptr, nullptr, msg, sizeof msg);
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
