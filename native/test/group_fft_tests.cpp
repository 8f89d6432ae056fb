// ctest: zkml_group_ifft_g1/g2 (with the kernels the library picks, or the generic ones under ZKML_KERNELS=generic)
// against a naive O(m²) DFT over the group — (1/m)·Σⱼ ω^(−ij)·Pⱼ by double-and-add — on random points of the
// subgroups, with points past the input's end and in the middle at infinity, and on the degenerate powers of τ = ±1;
// and the error paths.
// Also zkml_mul_each_g1/g2 against double-and-add (mul). Usage: zkml_group_fft_tests <g1|g2|mul|errors>.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "curve.hpp"
#include "msm.hpp"
#include "ntt.hpp"
#include "zkml.h"

using namespace zkml::ZKML_NS;

static int failures = 0;
#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            if (++failures > 20) std::exit(1);                                            \
        }                                                                                 \
    } while (0)

static std::mt19937_64 rng(20261126);

/** A random scalar below r (plain limbs). */
static Fr random_scalar() {
    for (;;) {
        Fr x{{rng(), rng(), rng(), rng() & 0x3fffffffffffffffULL}};
        if (x.canonical()) return x;
    }
}

static G1Affine g1_generator() { return {Fp::from_u64(1), Fp::from_u64(2)}; }

static G2Affine g2_generator() {
    // the generator of EIP-197 (Montgomery form)
    Fp2 x{Fp{{0x8e83b5d102bc2026ULL, 0xdceb1935497b0172ULL, 0xfbb8264797811adfULL, 0x19573841af96503bULL}},
          Fp{{0xafb4737da84c6140ULL, 0x6043dd5a5802d8c4ULL, 0x09e950fc52a02f86ULL, 0x14fef0833aea7b6bULL}}};
    Fp2 y{Fp{{0x619dfa9d886be9f6ULL, 0xfe7fd297f59e9b78ULL, 0xff9e1a62231b7dfeULL, 0x28fd7eebae9e4206ULL}},
          Fp{{0x64095b56c71856eeULL, 0xdc57f922327d3cbbULL, 0x55f935be33351076ULL, 0x0da4a0e693fd6482ULL}}};
    return {x, y};
}

template <class F>
static Jacobian<F> times(const Jacobian<F>& p, const Fr& mont) {
    Fr plain = mont.to_plain();
    const u64 k[4] = {plain.v[0], plain.v[1], plain.v[2], plain.v[3]};
    return p.mul(k);
}

template <class F>
static bool same(const Jacobian<F>& a, const Jacobian<F>& b) {
    Affine<F> x = a.to_affine(), y = b.to_affine();
    return x.x == y.x && x.y == y.y;
}

template <class F>
static int run(const Affine<F>& gen, int max_log2m, int (*fn)(const uint8_t*, uint64_t, uint32_t, uint8_t*, zkml_progress_fn,
                                                         void*, const volatile int32_t*, char*, size_t)) {
    constexpr std::size_t BYTES = 2 * sizeof(F);
    CHECK(on_curve(gen));
    Jacobian<F> g = Jacobian<F>::from_affine(gen);
    for (int log2m = 0; log2m <= max_log2m; log2m++) {
        const std::size_t m = std::size_t(1) << log2m;
        // fewer points than m (the rest count as infinity) and one at infinity inside, for m ≥ 4
        // and the degenerate files of τ = 1 (every power the generator) and τ = −1 (±generator), whose
        // butterflies meet P + P, P + (−P) and the point at infinity everywhere
        for (int kind = 0; kind < 4; kind++) {
            const std::size_t n = kind == 1 && m > 1 ? m - 1 : m;
            std::vector<Jacobian<F>> pts(n);
            std::vector<unsigned char> in(n * BYTES), out(m * BYTES, 0xa5);
            for (std::size_t j = 0; j < n; j++) {
                if (kind == 2) pts[j] = g;
                else if (kind == 3) pts[j] = j % 2 ? g.neg() : g;
                else pts[j] = (m >= 4 && j == 2) ? Jacobian<F>::infinity() : times(g, random_scalar());
                Affine<F> a = pts[j].to_affine();
                store_affine(a, in.data() + BYTES * j);
            }
            char msg[256];
            CHECK(fn(in.data(), n, uint32_t(log2m), out.data(), nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_OK);
            Fr w = omega(log2m).inverse(), inv_m = Fr::from_u64(m).inverse();
            for (std::size_t i = 0; i < m; i++) {
                Jacobian<F> sum = Jacobian<F>::infinity();
                Fr wi = w.pow(u64(i)), wij = Fr::one();
                for (std::size_t j = 0; j < m; j++) {
                    if (j < n) sum = sum.add(times(pts[j], wij));
                    wij = wij * wi;
                }
                Jacobian<F> expected = times(sum, inv_m);
                Affine<F> got = load_affine<F>(out.data() + BYTES * i);
                CHECK(same(expected, Jacobian<F>::from_affine(got)));
                CHECK(got.is_infinity() == expected.is_infinity());
            }
        }
        std::printf("2^%d ok\n", log2m);
    }
    return failures == 0 ? 0 : 1;
}

/** zkml_mul_each_g1/g2 against double-and-add, with scalars 0, 1, r − 1 and points at infinity among random ones. */
template <class F>
static int mul_each(const Affine<F>& gen, int (*fn)(const uint8_t*, const uint8_t*, uint64_t, uint8_t*, zkml_progress_fn, void*,
                                                     const volatile int32_t*, char*, size_t)) {
    constexpr std::size_t BYTES = 2 * sizeof(F);
    const Jacobian<F> g = Jacobian<F>::from_affine(gen);
    const Fr r_minus_1{{FrParams::M[0] - 1, FrParams::M[1], FrParams::M[2], FrParams::M[3]}};
    for (std::size_t n : {0, 1, 15, 16, 17, 300}) {
        std::vector<Jacobian<F>> pts(n);
        std::vector<Fr> ks(n);  // plain
        std::vector<unsigned char> in(n * BYTES), sc(32 * n), out(n * BYTES, 0xa5);
        for (std::size_t i = 0; i < n; i++) {
            pts[i] = i % 13 == 5 ? Jacobian<F>::infinity() : i % 11 == 3 ? g : times(g, random_scalar());
            ks[i] = i % 7 == 1 ? Fr{{0, 0, 0, 0}} : i % 7 == 2 ? Fr{{1, 0, 0, 0}} : i % 7 == 3 ? r_minus_1 : random_scalar();
            store_affine(pts[i].to_affine(), in.data() + BYTES * i);
            ks[i].store(sc.data() + 32 * i);
        }
        char msg[256];
        CHECK(fn(in.data(), sc.data(), n, out.data(), nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_OK);
        for (std::size_t i = 0; i < n; i++) {
            const Jacobian<F> want = times(pts[i], Fr::from_plain(ks[i]));
            const Affine<F> got = load_affine<F>(out.data() + BYTES * i);
            CHECK(same(want, Jacobian<F>::from_affine(got)));
            CHECK(got.is_infinity() == want.is_infinity());
        }
        if (n > 3) {
            // a scalar equal to r: refused, naming its index
            Fr r{{FrParams::M[0], FrParams::M[1], FrParams::M[2], FrParams::M[3]}};
            r.store(sc.data() + 32 * 3);
            CHECK(fn(in.data(), sc.data(), n, out.data(), nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_EINVAL);
            CHECK(std::strstr(msg, "scalar 3 ") != nullptr);
        }
        std::printf("%zu products ok\n", n);
    }
    return failures == 0 ? 0 : 1;
}

static int errors() {
    char msg[256];
    unsigned char point[64] = {0}, out[128];
    CHECK(zkml_group_ifft_g1(point, 1, 29, out, nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_EINVAL);
    CHECK(std::strstr(msg, "2^29") != nullptr);
    CHECK(zkml_group_ifft_g1(point, 1, 0, nullptr, nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_EINVAL);
    CHECK(zkml_group_ifft_g2(nullptr, 1, 0, out, nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_EINVAL);
    // no points at all: the transform of zeros is all infinity
    std::memset(out, 0xa5, sizeof out);
    CHECK(zkml_group_ifft_g2(nullptr, 0, 0, out, nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_OK);
    for (unsigned char b : out) CHECK(b == 0);
    // cancelled by the flag and by the progress callback
    std::vector<unsigned char> big(64 * 1024, 0), res(64 * 1024);
    const volatile int32_t cancel = 1;
    CHECK(zkml_group_ifft_g1(big.data(), 1024, 10, res.data(), nullptr, nullptr, &cancel, msg, sizeof msg) == ZKML_ECANCELLED);
    auto stop = [](const char*, double, void*) -> int { return 1; };
    CHECK(zkml_group_ifft_g1(big.data(), 1024, 10, res.data(), stop, nullptr, nullptr, msg, sizeof msg) == ZKML_ECANCELLED);
    return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
    std::string part = argc > 1 ? argv[1] : "";
    if (part == "g1") return run<Fp>(g1_generator(), 6, zkml_group_ifft_g1);
    if (part == "g2") return run<Fp2>(g2_generator(), 4, zkml_group_ifft_g2);
    if (part == "errors") return errors();
    if (part == "mul") return mul_each<Fp>(g1_generator(), zkml_mul_each_g1) | mul_each<Fp2>(g2_generator(), zkml_mul_each_g2);
    std::fprintf(stderr, "usage: zkml_group_fft_tests g1|g2|mul|errors\n");
    return 2;
}
