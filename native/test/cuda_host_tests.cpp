// Host tests of the CUDA backend's arithmetic and per-thread kernel work (native/cuda/*.cuh), on every machine: the
// field against the CPU backend's field (src/field.hpp), and the emulated MSM (G1, G2) and NTT (plain, inverse,
// coset) against libzkml's C ABI, on random and edge inputs. The part "device" runs the same MSM and NTT cases on
// the GPU (libzkml_cuda) instead of the emulation, and is skipped (77) where no device is usable.
// Usage: zkml_cuda_host_tests field|msm|ntt|abi|device.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "../cuda/host_emulation.hpp"
#include "field.hpp"
#include "zkml.h"
#ifdef ZKML_WITH_CUDA_LIBRARY
#include "zkml_cuda.h"
#endif

namespace zc = zkml::cuda;
namespace cpu = zkml::generic;
using zc::u32;
using zc::u64;

static int failures = 0;
static bool on_device = false;  // the MSM and NTT cases on the GPU instead of the host emulation
#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            failures++;                                               \
            std::fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
            std::fprintf(stderr, __VA_ARGS__);                        \
            std::fprintf(stderr, "\n");                               \
        }                                                             \
    } while (0)

static u64 rng_state = 0x2545f4914f6cdd1dULL;
static u64 next_u64() {  // splitmix64
    u64 z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
/** A random 8-word value below 2^253 (so below p and r). */
static void random_below_2_253(u32* w) {
    for (int i = 0; i < 8; i += 2) {
        u64 v = next_u64();
        w[i] = (u32)v;
        w[i + 1] = (u32)(v >> 32);
    }
    w[7] &= 0x1fffffffu;
}
template <class P>
static zc::Field<P> random_field() {
    zc::Field<P> f;
    random_below_2_253(f.v);
    return f;
}
template <class P>
static zc::Field<P> modulus_minus(u32 k) {
    zc::Field<P> f;
    for (int i = 0; i < 8; i++) f.v[i] = P::m(i);
    f.v[0] -= k;
    return f;
}
template <class F, class C>
static bool same(const F& a, const C& b) {
    return std::memcmp(a.v, b.v, 32) == 0;
}
template <class C, class F>
static C to_cpu(const F& a) {
    C c;
    std::memcpy(c.v, a.v, 32);
    return c;
}

template <class P, class C>
static void field_against_cpu(const char* name) {
    std::vector<zc::Field<P>> values = {zc::Field<P>::zero(), zc::Field<P>::one(), modulus_minus<P>(1),
                                        modulus_minus<P>(2), zc::Field<P>::r2()};
    zc::Field<P> two64 = zc::Field<P>::zero();
    two64.v[2] = 1;
    values.push_back(two64);
    zc::Field<P> two253 = zc::Field<P>::zero();
    two253.v[7] = 1u << 29;
    values.push_back(two253);
    for (int i = 0; i < 200; i++) values.push_back(random_field<P>());
    for (size_t i = 0; i < values.size(); i++) {
        for (size_t j = 0; j < values.size(); j += 7) {
            const auto& a = values[i];
            const auto& b = values[j];
            C ca = to_cpu<C>(a), cb = to_cpu<C>(b);
            CHECK(same(a * b, ca * cb), "%s: product %zu·%zu differs from the CPU field", name, i, j);
            CHECK(same(a + b, ca + cb), "%s: sum %zu+%zu differs", name, i, j);
            CHECK(same(a - b, ca - cb), "%s: difference %zu−%zu differs", name, i, j);
        }
        const auto& a = values[i];
        CHECK(same(a.neg(), to_cpu<C>(a).neg()), "%s: negation %zu differs", name, i);
        CHECK((a * a.inverse() == (a.is_zero() ? zc::Field<P>::zero() : zc::Field<P>::one())), "%s: inverse %zu", name, i);
        CHECK(a.canonical() == to_cpu<C>(a).canonical(), "%s: canonical %zu", name, i);
        CHECK(same(zc::Field<P>::from_plain(a), C::from_plain(to_cpu<C>(a))), "%s: from_plain %zu", name, i);
        CHECK(same(a.to_plain(), to_cpu<C>(a).to_plain()), "%s: to_plain %zu", name, i);
    }
    CHECK(same(zc::Field<P>::one(), C::one()), "%s: one", name);
    CHECK(same(zc::Field<P>::r2(), C::r2()), "%s: r2", name);
}

static void test_field() {
    field_against_cpu<zc::FpParams, cpu::Fp>("Fp");
    field_against_cpu<zc::FrParams, cpu::Fr>("Fr");
    for (int i = 0; i < 100; i++) {
        zc::Fp2 a{random_field<zc::FpParams>(), random_field<zc::FpParams>()};
        zc::Fp2 b{random_field<zc::FpParams>(), random_field<zc::FpParams>()};
        cpu::Fp2 ca{to_cpu<cpu::Fp>(a.c0), to_cpu<cpu::Fp>(a.c1)}, cb{to_cpu<cpu::Fp>(b.c0), to_cpu<cpu::Fp>(b.c1)};
        cpu::Fp2 p = ca * cb, s = ca.sqr();
        zc::Fp2 q = a * b, t = a.sqr();
        CHECK(same(q.c0, p.c0) && same(q.c1, p.c1), "Fp2 product %d differs", i);
        CHECK(same(t.c0, s.c0) && same(t.c1, s.c1), "Fp2 square %d differs", i);
        CHECK(a * a.inverse() == zc::Fp2::one(), "Fp2 inverse %d", i);
    }
}

// ---- MSM: points are made by the CPU backend (k·G with a one-term MSM), the results compared with its MSM ----

template <class F> struct Group;
template <> struct Group<zc::Fp> {
    static constexpr int words = 16;
    static int msm(const u32* b, const u32* s, u64 n, u32* out) {
        char msg[256];
        return zkml_msm_g1((const uint8_t*)b, (const uint8_t*)s, n, (uint8_t*)out, msg, sizeof msg);
    }
    static std::vector<u32> generator() {
        std::vector<u32> g(16);
        zc::store_affine(zc::g1_generator(), g.data());
        return g;
    }
    static const char* name() { return "G1"; }
};
template <> struct Group<zc::Fp2> {
    static constexpr int words = 32;
    static int msm(const u32* b, const u32* s, u64 n, u32* out) {
        char msg[256];
        return zkml_msm_g2((const uint8_t*)b, (const uint8_t*)s, n, (uint8_t*)out, msg, sizeof msg);
    }
    static std::vector<u32> generator() {
        std::vector<u32> g(32);
        zc::store_affine(zc::g2_generator(), g.data());
        return g;
    }
    static const char* name() { return "G2"; }
};

template <class F>
static void msm_case(const char* what, const std::vector<u32>& bases, const std::vector<u32>& scalars) {
    using G = Group<F>;
    const u64 n = scalars.size() / 8;
    std::vector<u32> want(G::words);
    CHECK(G::msm(bases.data(), scalars.data(), n, want.data()) == ZKML_OK, "%s %s: CPU MSM failed", G::name(), what);
    std::vector<u32> got(G::words);
    if (on_device) {
#ifdef ZKML_WITH_CUDA_LIBRARY
        char msg[512];
        auto call = G::words == 16 ? zkml_cuda_msm_g1 : zkml_cuda_msm_g2;
        int rc = call((const uint8_t*)bases.data(), (const uint8_t*)scalars.data(), n, (uint8_t*)got.data(), msg, sizeof msg);
        CHECK(rc == ZKML_OK, "%s %s: GPU MSM failed (%d): %s", G::name(), what, rc, msg);
#endif
    } else {
        zc::store_affine(zc::emulation::msm<F>(bases.data(), scalars.data(), n), got.data());
    }
    CHECK(got == want, "%s %s (n = %llu): emulated MSM differs from the CPU backend", G::name(), what,
          (unsigned long long)n);
}

template <class F>
static void test_msm_group() {
    using G = Group<F>;
    const std::vector<u32> gen = G::generator();
    int64_t bad = 0;
    char msg[256];
    zkml_first_invalid_point((const uint8_t*)gen.data(), 1, G::words == 16 ? 1 : 2, &bad, msg, sizeof msg);
    CHECK(bad == -1, "%s: the generator is not on the curve", G::name());
    auto random_points = [&](u64 n) {
        std::vector<u32> pts(n * G::words);
        for (u64 i = 0; i < n; i++) {
            u32 k[8];
            random_below_2_253(k);
            G::msm(gen.data(), k, 1, pts.data() + i * G::words);
        }
        return pts;
    };
    auto random_scalars = [](u64 n) {
        std::vector<u32> s(n * 8);
        for (u64 i = 0; i < n; i++) random_below_2_253(s.data() + 8 * i);
        return s;
    };
    std::vector<u32> r_minus_1(8);
    for (int i = 0; i < 8; i++) r_minus_1[i] = zc::FrParams::m(i);
    r_minus_1[0] -= 1;

    for (u64 n : {1ull, 2ull, 3ull, 17ull, 100ull, 300ull, 1000ull}) {
        msm_case<F>("random", random_points(n), random_scalars(n));
    }
    const u64 n = 257;  // not a power of two
    std::vector<u32> pts = random_points(n);
    std::vector<u32> zeros(n * 8, 0);
    msm_case<F>("zero scalars", pts, zeros);
    std::vector<u32> rm1(n * 8);
    for (u64 i = 0; i < n; i++) std::memcpy(&rm1[8 * i], r_minus_1.data(), 32);
    msm_case<F>("scalars r − 1", pts, rm1);
    std::vector<u32> mixed = random_scalars(n);
    for (u64 i = 0; i < n; i += 3) std::memset(&mixed[8 * i], 0, 32);
    for (u64 i = 1; i < n; i += 5) std::memcpy(&mixed[8 * i], r_minus_1.data(), 32);
    for (u64 i = 2; i < n; i += 7) {  // small scalars and the top digit patterns
        std::memset(&mixed[8 * i], 0, 32);
        mixed[8 * i] = (u32)i;
    }
    msm_case<F>("mixed scalars", pts, mixed);
    std::vector<u32> repeated(n * G::words);
    for (u64 i = 0; i < n; i++) std::memcpy(&repeated[i * G::words], &pts[(i % 4) * G::words], 4 * G::words);
    msm_case<F>("repeated bases", repeated, random_scalars(n));
    std::vector<u32> same_scalar(n * 8);
    for (u64 i = 0; i < n; i++) std::memcpy(&same_scalar[8 * i], &mixed[8], 32);
    msm_case<F>("repeated bases and scalars", repeated, same_scalar);
    std::vector<u32> with_inf = pts;
    for (u64 i = 0; i < n; i += 4) std::memset(&with_inf[i * G::words], 0, 4 * G::words);
    msm_case<F>("points at infinity", with_inf, random_scalars(n));
    std::vector<u32> cancel = random_points(2);  // P and −P with equal scalars: the sum is infinity
    cancel.resize(2 * G::words);
    std::memcpy(&cancel[G::words], &cancel[0], 4 * G::words);
    {
        auto a = zc::load_affine<F>(&cancel[G::words]);
        zc::store_affine(a.neg(), &cancel[G::words]);
    }
    std::vector<u32> two_same = random_scalars(1);
    two_same.resize(16);
    std::memcpy(&two_same[8], &two_same[0], 32);
    msm_case<F>("P and −P", cancel, two_same);
}

static void test_msm() {
    test_msm_group<zc::Fp>();
    test_msm_group<zc::Fp2>();
}

// ---- NTT ----

static void ntt_case(u32 log2n, bool inverse, bool shifted) {
    const u32 n = 1u << log2n;
    std::vector<zc::Fr> x(n);
    for (u32 i = 0; i < n; i++) x[i] = zc::Fr::from_plain(random_field<zc::FrParams>());
    if (n > 2) {
        x[0] = zc::Fr::zero();
        x[1] = modulus_minus<zc::FrParams>(1);  // the largest canonical limbs
    }
    u32 g[8];
    random_below_2_253(g);
    std::vector<zc::Fr> want = x;
    char msg[256];
    CHECK(zkml_ntt((uint8_t*)want.data(), log2n, inverse, shifted ? (const uint8_t*)g : nullptr, msg, sizeof msg) ==
              ZKML_OK,
          "CPU NTT failed: %s", msg);
    zc::Fr shift = zc::Fr::from_plain(zc::Fr::load(g));
    if (on_device) {
#ifdef ZKML_WITH_CUDA_LIBRARY
        int rc = zkml_cuda_ntt((uint8_t*)x.data(), log2n, inverse, shifted ? (const uint8_t*)g : nullptr, msg, sizeof msg);
        CHECK(rc == ZKML_OK, "GPU NTT failed (%d): %s", rc, msg);
#endif
    } else {
        zc::emulation::ntt(x.data(), log2n, inverse, shifted ? &shift : nullptr);
    }
    bool equal = std::memcmp(x.data(), want.data(), 32ull * n) == 0;
    CHECK(equal, "NTT 2^%u inverse=%d shifted=%d: emulation differs from the CPU backend", log2n, inverse, shifted);
}

static void test_ntt() {
    for (u32 lg : {0u, 1u, 2u, 3u, 5u, 10u, 12u})
        for (bool inv : {false, true})
            for (bool sh : {false, true}) ntt_case(lg, inv, sh);
}

// ---- the C ABI of libzkml_cuda (built where nvcc is): argument checks, and the no-device answer ----

#ifdef ZKML_WITH_CUDA_LIBRARY

static void test_abi() {
    char msg[512] = {0};
    int32_t count = -1;
    int rc = zkml_cuda_device_count(&count, msg, sizeof msg);
    CHECK(rc == ZKML_OK || rc == ZKML_ENODEV, "device count: unexpected code %d (%s)", rc, msg);
    std::printf("CUDA devices: %d (%s)\n", count, rc == ZKML_OK ? "ok" : msg);
    if (count <= 0) {
        CHECK(rc == ZKML_ENODEV && count == 0 && msg[0] != 0, "no device must be ENODEV with a reason");
        uint8_t out[64];
        u32 base[16] = {0}, k[8] = {0};
        rc = zkml_cuda_msm_g1((const uint8_t*)base, (const uint8_t*)k, 1, out, msg, sizeof msg);
        CHECK(rc == ZKML_ENODEV, "MSM without a device: code %d", rc);
    }
    u32 k[8];
    for (int i = 0; i < 8; i++) k[i] = zc::FrParams::m(i);  // r itself: not below r
    u32 base[16] = {0};
    uint8_t out[64];
    rc = zkml_cuda_msm_g1((const uint8_t*)base, (const uint8_t*)k, 1, out, msg, sizeof msg);
    CHECK(rc == ZKML_EINVAL || rc == ZKML_ENODEV, "MSM of a scalar = r: code %d", rc);
    rc = zkml_cuda_ntt(nullptr, 3, 0, nullptr, msg, sizeof msg);
    CHECK(rc == ZKML_EINVAL, "NTT of NULL: code %d", rc);
}
#endif

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: zkml_cuda_host_tests field|msm|ntt|abi|device\n");
        return 2;
    }
    const std::string part = argv[1];
    if (part == "field") test_field();
    else if (part == "msm") test_msm();
    else if (part == "ntt") test_ntt();
    else if (part == "device") {
#ifdef ZKML_WITH_CUDA_LIBRARY
        char msg[512];
        int32_t count = 0;
        if (zkml_cuda_device_count(&count, msg, sizeof msg) != ZKML_OK || count <= 0) {
            std::printf("device: skipped, %s\n", msg);
            return 77;
        }
        on_device = true;
        test_msm();
        test_ntt();
        for (u32 lg : {16u, 20u})  // larger transforms than the emulation runs
            for (bool inv : {false, true}) ntt_case(lg, inv, true);
#else
        std::printf("device: skipped, libzkml_cuda is not built (no nvcc)\n");
        return 77;
#endif
    }
    else if (part == "abi") {
#ifdef ZKML_WITH_CUDA_LIBRARY
        test_abi();
#else
        std::printf("abi: skipped, libzkml_cuda is not built (no nvcc)\n");
        return 77;
#endif
    }
    else {
        std::fprintf(stderr, "unknown part %s\n", part.c_str());
        return 2;
    }
    if (failures) {
        std::fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    std::printf("%s: ok\n", part.c_str());
    return 0;
}
