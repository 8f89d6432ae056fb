// Host tests of the CUDA backend's arithmetic and per-thread kernel work (native/cuda/*.cuh), on every machine: the
// field against the CPU backend's field (src/field.hpp), and the emulated MSM (G1, G2) and NTT (plain, inverse,
// coset) against libzkml's C ABI, on random and edge inputs and (MSM) the skewed scalar sets of real witnesses
// (../bench/scalar_sets.hpp). The part "device" runs the same MSM and NTT cases on the GPU (libzkml_cuda) instead of
// the emulation (and every scalar set at 2^17, which the emulation runs only in part), and is skipped (77) where no
// device is usable.
// The part "prove" runs the whole CUDA prove (plain host code and per-thread work, host_emulation.hpp) against
// libzkml's zkml_prover_prove: the same proof bytes for the same key, witness, r and s.
// Usage: zkml_cuda_host_tests field|msm|ntt|prove|abi|device|device-msm (the device's MSM cases alone).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "../bench/key_files.hpp"
#include "../bench/scalar_sets.hpp"
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

    // the skewed scalar sets of real witnesses (most entries in a few buckets: a bucket of all n points is cut into
    // ⌈n/L⌉ pieces summed in ⌈log₂⌉ rounds), over bases repeated from 64 random points; n not a power of two, and
    // 2^17, where the window of 14 bits used before left a top window of 2 bits
    const std::vector<u32> distinct = random_points(64);
    auto repeat = [&](u64 count) {
        std::vector<u32> b(count * G::words);
        for (u64 i = 0; i < count; i++) std::memcpy(&b[i * G::words], &distinct[(i % 64) * G::words], 4 * G::words);
        return b;
    };
    for (u64 count : {1000ull, 4099ull}) {
        const std::vector<u32> bases = repeat(count);
        for (const char* set : zkml::bench::SCALAR_SETS) msm_case<F>(set, bases, zkml::bench::scalar_set(set, count, next_u64));
    }
    // (every set on the device; the emulation, single-threaded, takes about 3 s a G1 and 8 s a G2 case of 2^17)
    const std::vector<u32> big = repeat(1u << 17);
    for (const char* set : zkml::bench::SCALAR_SETS) {
        const bool emulated = std::strcmp(set, "random") == 0 || (G::words == 16 && std::strcmp(set, "neg-small") == 0);
        if (on_device || emulated) msm_case<F>(set, big, zkml::bench::scalar_set(set, 1u << 17, next_u64));
    }
}

/** The shape of the MSM for every size: windows that cover the scalars and their last carry, segments that tile a
 * window, pieces within their bound, and no top window of a single bit where a neighbouring width saves work. */
static void test_msm_plan() {
    for (u64 n = 1; n < (1ull << 31); n = n * 2 + (n & 1)) {
        const zc::MsmPlan p = zc::msm_plan(n);
        CHECK(p.c >= 3 && p.c <= 16 && p.windows * p.c >= 255 && (p.windows - 1) * p.c < 255, "n %llu: c %u, W %u",
              (unsigned long long)n, p.c, p.windows);
        CHECK(p.buckets == 1u << (p.c - 1) && p.segments * p.segment_len() == p.buckets && p.segment_len() <= zc::SEGMENT_LEN,
              "n %llu: segments %u", (unsigned long long)n, p.segments);
        CHECK(p.piece_len >= 16 && p.piece_len <= 64 && (p.piece_len & (p.piece_len - 1)) == 0, "n %llu: L %u",
              (unsigned long long)n, p.piece_len);
        CHECK(p.max_bucket_pieces() * p.piece_len >= n, "n %llu: a bucket of every point fits", (unsigned long long)n);
    }
    // the old choice c = ⌊log₂n⌋ − 3 left bits 252..253 alone in a 19th window at 2^17; the new one covers 7 bits there
    const zc::MsmPlan p17 = zc::msm_plan(1u << 17);
    CHECK(254 - (p17.windows - 1) * p17.c >= 4, "2^17: the top window holds %u bits", 254 - (p17.windows - 1) * p17.c);
}

static void test_msm() {
    test_msm_plan();
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

// ---- the whole proof: the plain host code and per-thread work of the CUDA prove against libzkml's prove ----

/** A random proving key of the given sizes in the zkey layout (points are random multiples of the generators, the
 * records random): the proof need not verify, only equal the CPU backend's byte for byte. */
struct TestKey {
    u32 n_vars, n_public, domain;
    std::vector<uint8_t> fixed, coef;
    std::vector<u32> a, b1, b2, c, h;
};

template <class F>
static std::vector<u32> random_multiples(u64 n) {
    using G = Group<F>;
    const std::vector<u32> gen = G::generator();
    std::vector<u32> pts(n * G::words);
    for (u64 i = 0; i < n; i++) {
        u32 k[8];
        random_below_2_253(k);
        if (i % 11 == 5) std::memset(k, 0, 32);  // some points at infinity, as keys have them
        G::msm(gen.data(), k, 1, pts.data() + i * G::words);
    }
    return pts;
}

static TestKey random_key(u32 n_vars, u32 n_public, u32 domain, u64 n_coef) {
    TestKey k{n_vars, n_public, domain, std::vector<uint8_t>(448), std::vector<uint8_t>(44 * n_coef), {}, {}, {}, {}, {}};
    const u32 offsets1[] = {0, 64, 256};
    for (u32 off : offsets1) std::memcpy(&k.fixed[off], random_multiples<zc::Fp>(1).data(), 64);
    for (u32 off : {128u, 320u}) std::memcpy(&k.fixed[off], random_multiples<zc::Fp2>(1).data(), 128);
    for (u64 i = 0; i < n_coef; i++) {
        uint8_t* rec = &k.coef[44 * i];
        u32 m = (u32)(next_u64() & 1), con = (u32)(next_u64() % domain), sig = (u32)(next_u64() % n_vars), v[8];
        random_below_2_253(v);
        std::memcpy(rec, &m, 4);
        std::memcpy(rec + 4, &con, 4);
        std::memcpy(rec + 8, &sig, 4);
        std::memcpy(rec + 12, v, 32);
    }
    k.a = random_multiples<zc::Fp>(n_vars);
    k.b1 = random_multiples<zc::Fp>(n_vars);
    k.b2 = random_multiples<zc::Fp2>(n_vars);
    k.c = random_multiples<zc::Fp>(n_vars - n_public - 1);
    k.h = random_multiples<zc::Fp>(domain);
    return k;
}

static std::vector<uint8_t> random_witness(u32 n) {
    std::vector<uint8_t> w(32ull * n);
    for (u32 i = 0; i < n; i++) {
        u32 v[8];
        random_below_2_253(v);
        if (i % 7 == 3) std::memset(v, 0, 32);
        std::memcpy(&w[32ull * i], v, 32);
    }
    if (n > 0) {
        std::memset(&w[0], 0, 32);
        w[0] = 1;  // wire 0: the constant 1
    }
    return w;
}

static int cpu_open(const TestKey& k, zkml_prover** p, char* msg, size_t len) {
    const uint8_t* c = k.c.empty() ? nullptr : (const uint8_t*)k.c.data();
    return zkml_prover_open(k.n_vars, k.n_public, k.domain, k.fixed.data(), k.coef.size() / 44, k.coef.data(),
                            (const uint8_t*)k.a.data(), (const uint8_t*)k.b1.data(), (const uint8_t*)k.b2.data(), c,
                            (const uint8_t*)k.h.data(), 1, p, msg, len);
}

static zc::emulation::ResidentKey emulated_open(const TestKey& k) {
    return zc::emulation::open(k.n_vars, k.n_public, k.domain, k.fixed.data(), k.coef.size() / 44, k.coef.data(),
                               k.a.data(), k.b1.data(), k.b2.data(), k.c.data(), k.h.data());
}

/** The proof of the CUDA prove (emulated, or on the device) for (w, r, s) equals libzkml's, byte for byte. */
static void prove_case(const char* what, const TestKey& k, const std::vector<uint8_t>& w, const u32* r, const u32* s) {
    char msg[512];
    zkml_prover* cpu = nullptr;
    int rc = cpu_open(k, &cpu, msg, sizeof msg);
    CHECK(rc == ZKML_OK, "%s: CPU open failed: %s", what, msg);
    if (rc != ZKML_OK) return;
    uint8_t want[256], got[256];
    rc = zkml_prover_prove(cpu, w.data(), k.n_vars, (const uint8_t*)r, (const uint8_t*)s, nullptr, nullptr, nullptr, want,
                           msg, sizeof msg);
    zkml_prover_close(cpu);
    CHECK(rc == ZKML_OK, "%s: CPU prove failed: %s", what, msg);
    if (on_device) {
#ifdef ZKML_WITH_CUDA_LIBRARY
        zkml_cuda_prover* gpu = nullptr;
        rc = zkml_cuda_prover_open(0, k.n_vars, k.n_public, k.domain, k.fixed.data(), k.coef.size() / 44, k.coef.data(),
                                   (const uint8_t*)k.a.data(), (const uint8_t*)k.b1.data(), (const uint8_t*)k.b2.data(),
                                   k.c.empty() ? nullptr : (const uint8_t*)k.c.data(), (const uint8_t*)k.h.data(), &gpu,
                                   msg, sizeof msg);
        CHECK(rc == ZKML_OK, "%s: GPU open failed (%d): %s", what, rc, msg);
        if (rc != ZKML_OK) return;
        rc = zkml_cuda_prover_prove(gpu, w.data(), k.n_vars, (const uint8_t*)r, (const uint8_t*)s, nullptr, nullptr,
                                    nullptr, got, msg, sizeof msg);
        zkml_cuda_prover_close(gpu);
        CHECK(rc == ZKML_OK, "%s: GPU prove failed (%d): %s", what, rc, msg);
#endif
    } else {
        zc::emulation::prove(emulated_open(k), w.data(), (const uint8_t*)r, (const uint8_t*)s, got);
    }
    CHECK(std::memcmp(got, want, 256) == 0, "%s (%u wires, %u public, domain %u): the proof differs from libzkml's", what,
          k.n_vars, k.n_public, k.domain);
}

/** The progress fractions of a device prove, in the order zkml_cuda.cu reports them, never fall back (an H200 run saw
 * the NTT's last third end one ulp past the next stage's start) and end at 1. */
static void test_progress_fractions() {
    int layouts = 0;
    for (u32 n_vars = 1; n_vars < 3000; n_vars += 1 + n_vars / 3) {
        for (u32 n_public : {0u, 1u, 5u}) {
            if (n_public >= n_vars) continue;
            u32 domain = 1;
            while (domain < n_vars) domain <<= 1;
            const zc::ProveStages st(zc::prove_layout(n_vars, n_public, domain, n_vars));
            std::vector<double> seen = {st.before(0), st.before(1)};
            for (int v = 0; v < 3; v++) seen.push_back(st.within(1, (v + 1) / 3.0));
            for (int k = 2; k < zc::ProveStages::COUNT; k++) seen.push_back(st.before(k));
            seen.push_back(1.0);
            for (std::size_t i = 1; i < seen.size(); i++)
                CHECK(seen[i] >= seen[i - 1], "progress falls back at report %zu (%u wires, %u public): %.17g after %.17g",
                      i, n_vars, n_public, seen[i], seen[i - 1]);
            CHECK(st.before(zc::ProveStages::COUNT) == 1.0 && st.within(1, 1.0) == st.before(2), "stage ends");
            layouts++;
        }
    }
    std::printf("progress fractions: %d layouts\n", layouts);
}

static void test_prove() {
    test_progress_fractions();
    u32 r[8], s[8], zero[8] = {0}, r_minus_1[8];
    random_below_2_253(r);
    random_below_2_253(s);
    for (int i = 0; i < 8; i++) r_minus_1[i] = zc::FrParams::m(i);
    r_minus_1[0] -= 1;
    struct Shape {
        u32 n_vars, n_public, domain;
        u64 n_coef;
    };
    for (Shape sh : {Shape{1, 0, 1, 1}, Shape{2, 1, 2, 0}, Shape{3, 2, 4, 9}, Shape{20, 3, 32, 70}, Shape{70, 5, 128, 300},
                     Shape{300, 1, 256, 1200}}) {
        TestKey k = random_key(sh.n_vars, sh.n_public, sh.domain, sh.n_coef);
        std::vector<uint8_t> w = random_witness(sh.n_vars);
        prove_case("random", k, w, r, s);
        if (sh.n_vars == 70) {
            prove_case("r = s = 0", k, w, zero, zero);
            prove_case("r = s = r − 1", k, w, r_minus_1, r_minus_1);
            std::vector<uint8_t> zeros(w.size(), 0);
            prove_case("zero witness", k, zeros, r, s);
            std::vector<uint8_t> top(w.size());
            for (u32 i = 0; i < sh.n_vars; i++) std::memcpy(&top[32ull * i], r_minus_1, 32);
            prove_case("witness r − 1", k, top, r, s);
        }
    }
}

/** snarkjs's keys and witnesses (zk-core's fixtures, read as the benchmark reads them): the emulated CUDA prove gives
 * libzkml's proof for a real key's layout of coefficient rows (public-input rows included). */
static void test_prove_fixtures(const std::string& dir) {
    for (const char* circuit : {"square_chain", "five_public"}) {
        std::unique_ptr<zkml::bench::ZkeyFile> zf;
        std::unique_ptr<zkml::bench::WtnsFile> wf;
        try {
            zf = std::make_unique<zkml::bench::ZkeyFile>(dir + "/" + circuit + ".zkey");
            wf = std::make_unique<zkml::bench::WtnsFile>(dir + "/" + circuit + ".wtns");
        } catch (const std::exception& e) {
            CHECK(false, "fixture %s: %s", circuit, e.what());
            continue;
        }
        const zkml::bench::ZkeyFile& z = *zf;
        const zkml::bench::WtnsFile& w = *wf;
        CHECK(w.n == z.n_vars, "%s: witness size", circuit);
        auto words = [](const uint8_t* p, u64 bytes) {
            std::vector<u32> v(bytes / 4);
            std::memcpy(v.data(), p, bytes);
            return v;
        };
        TestKey k{z.n_vars, z.n_public, z.domain, std::vector<uint8_t>(z.fixed, z.fixed + 448),
                  std::vector<uint8_t>(z.coef, z.coef + 44 * z.n_coef), words(z.a, 64ull * z.n_vars),
                  words(z.b1, 64ull * z.n_vars), words(z.b2, 128ull * z.n_vars),
                  words(z.c, 64ull * (z.n_vars - z.n_public - 1)), words(z.h, 64ull * z.domain)};
        u32 r[8] = {123456789}, s[8] = {987654321};
        prove_case(circuit, k, std::vector<uint8_t>(w.values, w.values + 32ull * w.n), r, s);
        std::printf("fixture %s (%u wires, domain %u): proved\n", circuit, z.n_vars, z.domain);
    }
}

/** Sizes and memory plan: the buffers of a context, their carving, and the out-of-memory verdict. */
static void test_plan() {
    const zc::ProveLayout L = zc::prove_layout(1000, 10, 1024, 5000);
    CHECK(L.n_private == 989 && L.log2n == 10, "layout sizes");
    CHECK(L.points_a >= 64000 && L.points_b2 >= 128000 && L.points_c >= 989 * 64 && L.points_h >= 1024 * 64,
          "point sections");
    CHECK(L.rows >= 4 * 2049 + 36 * 5000 && L.tables >= 32 * (512 * 2 + 1024), "rows and tables");
    CHECK(L.vectors >= 3 * 32 * 1024 && L.witness >= 32000, "working vectors");
    CHECK(L.msm >= zc::msm_buffers<zc::Fp2>(1000, nullptr, nullptr) &&
              L.msm >= zc::msm_buffers<zc::Fp>(1024, nullptr, nullptr),
          "the MSM working memory covers every MSM of the proof");
    CHECK(L.total() == L.resident() + L.scratch(), "total");
    // the carving: aligned, disjoint, within the bytes it reports
    std::vector<char> arena(zc::msm_buffers<zc::Fp2>(5000, nullptr, nullptr));
    zc::MsmBuffers b;
    const u64 used = zc::msm_buffers<zc::Fp2>(5000, arena.data(), &b);
    CHECK(used == arena.size(), "carving size");
    const char* ptrs[] = {(char*)b.bucket_of, (char*)b.entry_of, (char*)b.sorted, (char*)b.counts, (char*)b.starts,
                          (char*)b.cursors, (char*)b.chunk_sums, (char*)b.pieces, (char*)b.segments, (char*)b.result};
    for (int i = 0; i < 10; i++) {
        CHECK((u64)(ptrs[i] - arena.data()) % zc::DEVICE_ALIGN == 0, "buffer %d aligned", i);
        CHECK(ptrs[i] >= arena.data() && ptrs[i] < arena.data() + used, "buffer %d inside", i);
        if (i > 0) CHECK(ptrs[i] > ptrs[i - 1], "buffer %d after %d", i, i - 1);
    }
    CHECK(zc::memory_verdict(L, L.total() + zc::DEVICE_RESERVE, 1ull << 34, "gpu").empty(), "fits exactly");
    const std::string no = zc::memory_verdict(L, L.total(), 1ull << 34, "GPU 0");
    CHECK(no.find("does not fit on GPU 0") != std::string::npos && no.find("MiB") != std::string::npos,
          "the out-of-memory verdict names the sizes: %s", no.c_str());
    // a 2^24 key: the plan of the largest proofs stays representable and names gigabytes plainly
    const zc::ProveLayout big = zc::prove_layout(1u << 24, 1, 1u << 24, 1ull << 26);
    std::printf("plan 2^24 wires and constraints: %s resident, %s per proof\n", zc::mib(big.resident()).c_str(),
                zc::mib(big.scratch()).c_str());
    // at least the points (6 GiB), the three vectors (1.5 GiB) and the bucket sort's three entry arrays (16 windows of
    // 2^24 entries, 3 GiB); at most twice that
    const u64 floor = (6ull << 30) + (3ull << 29) + (3ull << 30);
    CHECK(big.total() >= floor && big.total() < 2 * floor, "2^24 plan: %llu bytes", (unsigned long long)big.total());
    bool threw = false;
    try {
        zc::prove_layout(5, 5, 8, 0);
    } catch (const std::invalid_argument&) {
        threw = true;
    }
    CHECK(threw, "n_vars = n_public is refused");
}

/** The key and witness checks of the CUDA prove give libzkml's codes and messages. */
static void test_prove_errors() {
    TestKey k = random_key(10, 2, 16, 30);
    char msg[512];
    auto expect_same = [&](const char* what, const TestKey& bad) {
        zkml_prover* p = nullptr;
        int rc = cpu_open(bad, &p, msg, sizeof msg);
        zkml_prover_close(p);
        CHECK(rc == ZKML_EINVAL, "%s: libzkml accepts it (%d)", what, rc);
        std::string theirs = msg, ours;
        try {
            emulated_open(bad);
        } catch (const std::invalid_argument& e) {
            ours = e.what();
        }
        CHECK(ours == theirs, "%s: message \"%s\", libzkml says \"%s\"", what, ours.c_str(), theirs.c_str());
    };
    TestKey bad = k;
    u32 big = 16;
    std::memcpy(&bad.coef[44 * 7 + 4], &big, 4);
    expect_same("constraint outside the domain", bad);
    bad = k;
    big = 10;
    std::memcpy(&bad.coef[44 * 3 + 8], &big, 4);
    expect_same("signal outside the wires", bad);
    bad = k;
    big = 2;
    std::memcpy(&bad.coef[44 * 4], &big, 4);
    expect_same("matrix 2", bad);
    bad = k;
    {
        u32 rv[8];
        for (int i = 0; i < 8; i++) rv[i] = zc::FrParams::m(i);
        std::memcpy(&bad.coef[44 * 5 + 12], rv, 32);
    }
    expect_same("value r", bad);
    bad = k;
    bad.fixed[256 + 5] ^= 1;
    expect_same("delta1 off the curve", bad);
    bad = k;
    bad.fixed[320 + 7] ^= 1;
    expect_same("delta2 off the twist", bad);
    // a witness value not below r
    std::vector<uint8_t> w = random_witness(10);
    u32 rv[8];
    for (int i = 0; i < 8; i++) rv[i] = zc::FrParams::m(i);
    std::memcpy(&w[32 * 6], rv, 32);
    u32 r[8] = {1}, s[8] = {2};
    uint8_t proof[256];
    std::string ours;
    try {
        zc::emulation::prove(emulated_open(k), w.data(), (const uint8_t*)r, (const uint8_t*)s, proof);
    } catch (const std::invalid_argument& e) {
        ours = e.what();
    }
    zkml_prover* p = nullptr;
    cpu_open(k, &p, msg, sizeof msg);
    int rc = zkml_prover_prove(p, w.data(), 10, (const uint8_t*)r, (const uint8_t*)s, nullptr, nullptr, nullptr, proof,
                               msg, sizeof msg);
    zkml_prover_close(p);
    CHECK(rc == ZKML_EINVAL && ours == msg, "witness value r: \"%s\" vs libzkml's \"%s\"", ours.c_str(), msg);
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
    // W·n entries must be indexable in 32 bits: 2^28 points (16 windows) are refused before a scalar is read
    rc = zkml_cuda_msm_g1((const uint8_t*)base, (const uint8_t*)k, 1ull << 28, out, msg, sizeof msg);
    CHECK(rc == ZKML_EINVAL && std::strstr(msg, "too large") != nullptr, "MSM of 2^28 points: code %d (%s)", rc, msg);
    rc = zkml_cuda_ntt(nullptr, 3, 0, nullptr, msg, sizeof msg);
    CHECK(rc == ZKML_EINVAL, "NTT of NULL: code %d", rc);

    // the proving context: its memory plan needs no device; bad keys are refused before the device is asked
    uint64_t resident = 0, working = 0;
    rc = zkml_cuda_prover_memory(1000, 10, 1024, 5000, &resident, &working, msg, sizeof msg);
    const zc::ProveLayout L = zc::prove_layout(1000, 10, 1024, 5000);
    CHECK(rc == ZKML_OK && resident == L.resident() && working == L.scratch(), "prover memory: %d %s", rc, msg);
    rc = zkml_cuda_prover_memory(10, 10, 1024, 5, &resident, &working, msg, sizeof msg);
    CHECK(rc == ZKML_EINVAL && std::strstr(msg, "must exceed n_public") != nullptr, "prover memory of n_vars = n_public: %d %s",
          rc, msg);
    rc = zkml_cuda_prover_memory(10, 1, 1000, 5, &resident, &working, msg, sizeof msg);
    CHECK(rc == ZKML_EINVAL && std::strstr(msg, "power of two") != nullptr, "domain 1000: %d %s", rc, msg);
    TestKey key = random_key(8, 1, 8, 20);
    u32 bad_constraint = 8;
    TestKey bad = key;
    std::memcpy(&bad.coef[44 * 2 + 4], &bad_constraint, 4);
    zkml_cuda_prover* p = nullptr;
    auto open = [&](const TestKey& key) {
        return zkml_cuda_prover_open(0, key.n_vars, key.n_public, key.domain, key.fixed.data(), key.coef.size() / 44,
                                     key.coef.data(), (const uint8_t*)key.a.data(), (const uint8_t*)key.b1.data(),
                                     (const uint8_t*)key.b2.data(), (const uint8_t*)key.c.data(),
                                     (const uint8_t*)key.h.data(), &p, msg, sizeof msg);
    };
    rc = open(bad);
    CHECK(rc == ZKML_EINVAL && std::strstr(msg, "coefficient record 2") != nullptr && p == nullptr,
          "open with a bad record: %d %s", rc, msg);
    rc = open(key);
    if (count <= 0) {
        CHECK(rc == ZKML_ENODEV && p == nullptr && msg[0] != 0, "open without a device: %d %s", rc, msg);
        uint64_t f = 0, t = 0;
        rc = zkml_cuda_device_memory(0, &f, &t, msg, sizeof msg);
        CHECK(rc == ZKML_ENODEV, "device memory without a device: %d", rc);
    } else {
        CHECK(rc == ZKML_OK && p != nullptr, "open: %d %s", rc, msg);
    }
    uint8_t proof[256];
    u32 r[8] = {3}, s8[8] = {4};
    std::vector<uint8_t> w = random_witness(7);
    rc = zkml_cuda_prover_prove(p, w.data(), 7, (const uint8_t*)r, (const uint8_t*)s8, nullptr, nullptr, nullptr, proof,
                                msg, sizeof msg);
    CHECK(rc == ZKML_EINVAL, "prove of 7 values for 8 wires (or a NULL context): %d %s", rc, msg);
    zkml_cuda_prover_close(p);
    zkml_cuda_prover_close(nullptr);
}

/** On the device: contexts hold their memory until closed, refuse what does not fit, and cancel. */
static void test_device_contexts() {
    char msg[512];
    uint64_t free0 = 0, total = 0, f = 0, t = 0;
    CHECK(zkml_cuda_device_memory(0, &free0, &total, msg, sizeof msg) == ZKML_OK, "device memory: %s", msg);
    TestKey k = random_key(3000, 2, 4096, 20000);
    zkml_cuda_prover* p[2] = {nullptr, nullptr};
    for (auto& q : p) {
        int rc = zkml_cuda_prover_open(0, k.n_vars, k.n_public, k.domain, k.fixed.data(), k.coef.size() / 44,
                                       k.coef.data(), (const uint8_t*)k.a.data(), (const uint8_t*)k.b1.data(),
                                       (const uint8_t*)k.b2.data(), (const uint8_t*)k.c.data(),
                                       (const uint8_t*)k.h.data(), &q, msg, sizeof msg);
        CHECK(rc == ZKML_OK, "two contexts on one device: %d %s", rc, msg);
    }
    const zc::ProveLayout L = zc::prove_layout(k.n_vars, k.n_public, k.domain, k.coef.size() / 44);
    zkml_cuda_device_memory(0, &f, &t, msg, sizeof msg);
    CHECK(free0 - f >= 2 * L.total(), "two open contexts hold at least their plan (%llu of %llu bytes)",
          (unsigned long long)(free0 - f), (unsigned long long)(2 * L.total()));
    // both prove the same bytes as the CPU
    std::vector<uint8_t> w = random_witness(k.n_vars);
    u32 r[8], s[8];
    random_below_2_253(r);
    random_below_2_253(s);
    uint8_t a[256], b[256];
    for (int i = 0; i < 2; i++) {
        int rc = zkml_cuda_prover_prove(p[i], w.data(), k.n_vars, (const uint8_t*)r, (const uint8_t*)s, nullptr, nullptr,
                                        nullptr, i ? b : a, msg, sizeof msg);
        CHECK(rc == ZKML_OK, "prove on context %d: %s", i, msg);
    }
    CHECK(std::memcmp(a, b, 256) == 0, "two contexts of one key give one proof");
    int32_t stop = 1;
    int rc = zkml_cuda_prover_prove(p[0], w.data(), k.n_vars, (const uint8_t*)r, (const uint8_t*)s, nullptr, nullptr, &stop,
                                    a, msg, sizeof msg);
    CHECK(rc == ZKML_ECANCELLED, "a set cancel flag: %d %s", rc, msg);
    zkml_cuda_prover_close(p[0]);
    zkml_cuda_prover_close(p[1]);
    zkml_cuda_device_memory(0, &f, &t, msg, sizeof msg);
    CHECK(f + (64ull << 20) >= free0, "closing frees the device memory (%llu before, %llu after)",
          (unsigned long long)free0, (unsigned long long)f);
    // a key larger than the device (2^28 − 1 wires, 2^27 constraints: about 156 GiB): ZKML_ENOMEM with the sizes,
    // decided before any upload, so the small test key's sections stand in for the huge ones (never read)
    const u32 wires = (1u << 28) - 1, domain = 1u << 27;
    uint64_t resident = 0, working = 0;
    rc = zkml_cuda_prover_memory(wires, 1, domain, 0, &resident, &working, msg, sizeof msg);
    CHECK(rc == ZKML_OK && resident + working > total, "the huge key's plan: %d %s", rc, msg);
    if (resident + working > total) {
        zkml_cuda_prover* q = nullptr;
        std::vector<uint8_t> coef(0);
        rc = zkml_cuda_prover_open(0, wires, 1, domain, k.fixed.data(), 0, coef.data(), (const uint8_t*)k.a.data(),
                                   (const uint8_t*)k.b1.data(), (const uint8_t*)k.b2.data(), (const uint8_t*)k.c.data(),
                                   (const uint8_t*)k.h.data(), &q, msg, sizeof msg);
        CHECK(rc == ZKML_ENOMEM && q == nullptr && std::strstr(msg, "does not fit") != nullptr,
              "a key larger than the device: %d %s", rc, msg);
    }
}
#endif

int main(int argc, char** argv) {
    // prove and device take zk-core's snarkjs fixtures folder as a second argument (ctest passes it)
    const std::string fixtures = argc > 2 ? argv[2] : "";
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: zkml_cuda_host_tests field|msm|ntt|prove|abi|device|device-msm [snarkjs fixtures folder]\n");
        return 2;
    }
    const std::string part = argv[1];
    if (part == "field") test_field();
    else if (part == "msm") test_msm();
    else if (part == "ntt") test_ntt();
    else if (part == "prove") {
        test_plan();
        test_prove();
        test_prove_errors();
        if (!fixtures.empty()) test_prove_fixtures(fixtures);
    }
    else if (part == "device" || part == "device-msm") {
#ifdef ZKML_WITH_CUDA_LIBRARY
        char msg[512];
        int32_t count = 0;
        if (zkml_cuda_device_count(&count, msg, sizeof msg) != ZKML_OK || count <= 0) {
            std::printf("%s: skipped, %s\n", part.c_str(), msg);
            return 77;
        }
        on_device = true;
        test_msm();
        if (part == "device") {  // device-msm: the MSM cases alone (quicker under compute-sanitizer)
            test_ntt();
            for (u32 lg : {16u, 20u})  // larger transforms than the emulation runs
                for (bool inv : {false, true}) ntt_case(lg, inv, true);
            test_prove();
            if (!fixtures.empty()) test_prove_fixtures(fixtures);
            test_device_contexts();
        }
#else
        std::printf("%s: skipped, libzkml_cuda is not built (no nvcc)\n", part.c_str());
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
