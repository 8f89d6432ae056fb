// ctest: this variant's field and curve arithmetic against naive big-integer arithmetic, and the library's MSM,
// NTT and error paths (with this variant's kernels) against naive sums. Usage: zkml_tests_<variant> <part>.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "curve.hpp"
#include "glv.hpp"
#ifdef ZKML_IFMA
#include "glv_ifma.hpp"
#endif
#include "msm.hpp"
#include "ntt.hpp"
#include "zkml.h"

using namespace zkml::ZKML_NS;
using zkml::ZKML_NS::u64;

#define ZKML_STR2(x) #x
#define ZKML_STR(x) ZKML_STR2(x)

static int failures = 0;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            if (++failures > 20) std::exit(1);                                       \
        }                                                                            \
    } while (0)

// ---- naive arithmetic: plain values as 4 limbs, products reduced bit by bit ----
struct Big {
    u64 v[8];
};

static bool geq(const u64* a, const u64* m, int n) {
    for (int i = n - 1; i >= 0; i--)
        if (a[i] != m[i]) return a[i] > m[i];
    return true;
}

/** a·b mod m by shift-and-subtract over 512 bits. */
static Fr naive_mul_mod(const u64* a, const u64* b, const u64* m, u64 out[4]) {
    Big p{};
    for (int i = 0; i < 4; i++) {
        unsigned __int128 carry = 0;
        for (int j = 0; j < 4; j++) {
            unsigned __int128 t = (unsigned __int128)a[i] * b[j] + p.v[i + j] + carry;
            p.v[i + j] = (u64)t;
            carry = t >> 64;
        }
        p.v[i + 4] = (u64)carry;
    }
    u64 r[5] = {0, 0, 0, 0, 0};
    for (int bit = 511; bit >= 0; bit--) {
        for (int i = 4; i > 0; i--) r[i] = (r[i] << 1) | (r[i - 1] >> 63);
        r[0] = (r[0] << 1) | ((p.v[bit / 64] >> (bit % 64)) & 1);
        u64 mm[5] = {m[0], m[1], m[2], m[3], 0};
        if (geq(r, mm, 5)) {
            unsigned __int128 borrow = 0;
            for (int i = 0; i < 5; i++) {
                unsigned __int128 d = (unsigned __int128)r[i] - mm[i] - (u64)borrow;
                r[i] = (u64)d;
                borrow = (d >> 64) & 1;
            }
        }
    }
    std::memcpy(out, r, 32);
    return Fr{};
}

static u64 rnd64(std::mt19937_64& g) { return g(); }

template <class F>
static F random_plain(std::mt19937_64& g) {
    for (;;) {
        F x{{rnd64(g), rnd64(g), rnd64(g), rnd64(g) & 0x3fffffffffffffffULL}};
        if (x.canonical()) return x;
    }
}

template <class F>
static std::vector<F> edge_values(std::mt19937_64& g) {
    F m = F::modulus();
    std::vector<F> v = {F{{0, 0, 0, 0}}, F{{1, 0, 0, 0}}, F{{2, 0, 0, 0}}, F{{m.v[0] - 1, m.v[1], m.v[2], m.v[3]}},
                        F{{0, 1, 0, 0}}, F{{0, 0, 0, u64(1) << 61}}};
    for (int i = 0; i < 200; i++) v.push_back(random_plain<F>(g));
    return v;
}

template <class F, class P>
static void field_test(std::mt19937_64& g) {
    std::vector<F> vals = edge_values<F>(g);
    for (std::size_t i = 0; i < vals.size(); i++) {
        const F& a = vals[i];
        const F& b = vals[(i * 7 + 3) % vals.size()];
        F am = F::from_plain(a), bm = F::from_plain(b);
        CHECK(am.canonical());
        CHECK(am.to_plain() == a);
        u64 expect[4];
        naive_mul_mod(a.v, b.v, P::M, expect);
        F prod = (am * bm).to_plain();
        CHECK(std::memcmp(prod.v, expect, 32) == 0);
        // a + b and a − b against the naive product with 1 after the naive sum
        F sum = (am + bm).to_plain(), diff = (am - bm).to_plain();
        CHECK((sum - b) == a);
        CHECK((diff + b) == a);
        CHECK(sum.canonical() && diff.canonical());
        CHECK((am + am.neg()).is_zero());
        if (!a.is_zero()) CHECK((am * am.inverse()) == F::one());
        CHECK(am.inverse() == am.inverse_fermat());
        CHECK(am.sqr() == am * am);
    }
}

static Fp2 random_fp2(std::mt19937_64& g) { return {Fp::from_plain(random_plain<Fp>(g)), Fp::from_plain(random_plain<Fp>(g))}; }

static void test_field() {
    std::mt19937_64 g(1);
    field_test<Fp, zkml::ZKML_NS::FpParams>(g);
    field_test<Fr, zkml::ZKML_NS::FrParams>(g);
    // F_p²: u² = −1, Karatsuba against the schoolbook product, inverse
    Fp2 u{Fp::zero(), Fp::one()};
    CHECK(u.sqr() == Fp2::one().neg());
    for (int i = 0; i < 100; i++) {
        Fp2 a = random_fp2(g), b = random_fp2(g);
        Fp2 school{a.c0 * b.c0 - a.c1 * b.c1, a.c0 * b.c1 + a.c1 * b.c0};
        CHECK(a * b == school);
        CHECK(a.sqr() == a * a);
        CHECK(a * a.inverse() == Fp2::one());
    }
}

// ---- curve ----
template <class F>
static void store_affine_test(const Affine<F>& a, unsigned char* p) {
    a.x.store(p);
    a.y.store(p + sizeof(F));
}

static Fp fp_dec(const char* s) {
    Fp x{{0, 0, 0, 0}};
    for (; *s; s++) {
        unsigned __int128 carry = u64(*s - '0');
        for (int i = 0; i < 4; i++) {
            unsigned __int128 t = (unsigned __int128)x.v[i] * 10 + carry;
            x.v[i] = (u64)t;
            carry = t >> 64;
        }
    }
    return Fp::from_plain(x);
}

static G1Affine g1_generator() { return {Fp::from_u64(1), Fp::from_u64(2)}; }
static G2Affine g2_generator() {
    return {{fp_dec("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
             fp_dec("11559732032986387107991004021392285783925812861821192530917403151452391805634")},
            {fp_dec("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
             fp_dec("4082367875863433681332203403145435568316851327593401208105741076214120093531")}};
}

template <class F>
static bool same(const Jacobian<F>& a, const Jacobian<F>& b) {
    Affine<F> x = a.to_affine(), y = b.to_affine();
    return x.x == y.x && x.y == y.y;
}

template <class F>
static void curve_test(const Affine<F>& gen, std::mt19937_64& g) {
    CHECK(on_curve(gen));
    Jacobian<F> G = Jacobian<F>::from_affine(gen);
    const u64 r_minus_1[4] = {zkml::ZKML_NS::FrParams::M[0] - 1, zkml::ZKML_NS::FrParams::M[1], zkml::ZKML_NS::FrParams::M[2],
                              zkml::ZKML_NS::FrParams::M[3]};
    // (r − 1)·G = −G: the generator has order r
    CHECK(same(G.mul(r_minus_1), G.neg()));
    CHECK(G.mul(r_minus_1).add(G).is_infinity());
    for (int i = 0; i < 20; i++) {
        u64 a = rnd64(g) >> 1, b = rnd64(g) >> 1;
        u64 ka[4] = {a, 0, 0, 0}, kb[4] = {b, 0, 0, 0}, kab[4] = {a + b, 0, 0, 0};
        Jacobian<F> A = G.mul(ka), B = G.mul(kb);
        CHECK(on_curve(A.to_affine()));
        CHECK(same(A.add(B), G.mul(kab)));
        CHECK(same(A.add_mixed(B.to_affine()), G.mul(kab)));
        CHECK(same(A.add(A), A.dbl()));
        CHECK(same(A.add_mixed(A.to_affine()), A.dbl()));
        CHECK(A.add_mixed(A.neg().to_affine()).is_infinity());
        CHECK(A.add(A.neg()).is_infinity());
        CHECK(same(Jacobian<F>::infinity().add_mixed(A.to_affine()), A));
        CHECK(same(A.add(Jacobian<F>::infinity()), A));
    }
}

/** zkml_first_invalid_point: valid points and infinity pass; the first off-curve or non-canonical point is found. */
template <class F>
static void point_check_test(const Affine<F>& gen, int group) {
    const std::size_t pb = 2 * sizeof(F), n = 9000;
    std::vector<unsigned char> pts(pb * n, 0);
    Jacobian<F> G = Jacobian<F>::from_affine(gen), acc = G;
    for (std::size_t i = 0; i < n; i++) {
        if (i % 7 != 3) store_affine_test(acc.to_affine(), &pts[pb * i]);  // every 7th from 3 on: infinity
        if (i % 500 == 0) acc = acc.add(G).dbl(); else acc = acc.add(G);
    }
    int64_t first = 0;
    char msg[128];
    CHECK(zkml_first_invalid_point(pts.data(), n, group, &first, msg, sizeof msg) == ZKML_OK && first == -1);
    std::vector<unsigned char> off = pts;
    off[pb * 8500 + 5] ^= 1;  // x changed: off the curve
    off[pb * 6001 + sizeof(F) + 2] ^= 4;  // y changed
    CHECK(zkml_first_invalid_point(off.data(), n, group, &first, msg, sizeof msg) == ZKML_OK && first == 6001);
    if constexpr (std::is_same<F, Fp>::value) {
    std::vector<unsigned char> big = pts;
    F m = F::modulus();
    F y = F::load(&big[pb * 4444 + sizeof(F)]);
    // y + p: the same residue, not canonical
    F yp;
    unsigned char c = 0;
    for (int k = 0; k < 4; k++) c = _addcarry_u64(c, y.v[k], m.v[k], &yp.v[k]);
    if (!yp.canonical() && (yp.v[3] >> 62) == 0) {
        yp.store(&big[pb * 4444 + sizeof(F)]);
        CHECK(zkml_first_invalid_point(big.data(), n, group, &first, msg, sizeof msg) == ZKML_OK && first == 4444);
    }
    }
    CHECK(zkml_first_invalid_point(pts.data(), n, 3, &first, msg, sizeof msg) == ZKML_EINVAL);
}

static void test_curve() {
    std::mt19937_64 g(2);
    curve_test(g1_generator(), g);
    curve_test(g2_generator(), g);
    point_check_test(g1_generator(), 1);
    point_check_test(g2_generator(), 2);
}

// ---- MSM through the C ABI against Σ kᵢ·Pᵢ ----
static Fr random_scalar(std::mt19937_64& g) {
    switch (g() % 6) {
        case 0: return Fr{{0, 0, 0, 0}};
        case 1: return Fr{{1, 0, 0, 0}};
        case 2: return Fr{{zkml::ZKML_NS::FrParams::M[0] - 1, zkml::ZKML_NS::FrParams::M[1], zkml::ZKML_NS::FrParams::M[2],
                           zkml::ZKML_NS::FrParams::M[3]}};
        default: return random_plain<Fr>(g);
    }
}

template <class F>
static void msm_case(const Affine<F>& gen, std::size_t n, std::mt19937_64& g,
                     int (*fn)(const uint8_t*, const uint8_t*, uint64_t, uint8_t*, char*, size_t)) {
    const std::size_t pb = 2 * sizeof(F);
    std::vector<Affine<F>> ps;
    std::vector<unsigned char> bases(pb * n + 1), scalars(32 * n + 1);
    Jacobian<F> G = Jacobian<F>::from_affine(gen), expect = Jacobian<F>::infinity();
    for (std::size_t i = 0; i < n; i++) {
        Affine<F> p;
        int kind = int(g() % 8);
        if (kind == 0) p = Affine<F>::infinity();
        else if (kind == 1 && i > 0) p = ps[g() % i];
        else if (kind == 2 && i > 0) p = ps[g() % i].neg();
        else {
            u64 k[4] = {g() >> 8, 0, 0, 0};
            p = G.mul(k).to_affine();
        }
        ps.push_back(p);
        Fr k = random_scalar(g);
        p.x.store(&bases[pb * i]);
        p.y.store(&bases[pb * i + sizeof(F)]);
        k.store(&scalars[32 * i]);
        expect = expect.add(Jacobian<F>::from_affine(p).mul(k.v));
    }
    // unaligned buffers on purpose: mapped key sections need not be aligned
    std::vector<unsigned char> ub(bases.size() + 1), us(scalars.size() + 1);
    std::memcpy(ub.data() + 1, bases.data(), pb * n);
    std::memcpy(us.data() + 1, scalars.data(), 32 * n);
    unsigned char out[128];
    char msg[256];
    int rc = fn(ub.data() + 1, us.data() + 1, n, out, msg, sizeof msg);
    CHECK(rc == ZKML_OK);
    Affine<F> got{F::load(out), F::load(out + sizeof(F))};
    Affine<F> want = expect.to_affine();
    CHECK(got.x == want.x && got.y == want.y);
}

static void test_msm() {
    std::mt19937_64 g(3);
    for (std::size_t n : {0, 1, 2, 3, 7, 31, 100, 257, 1000, 3000}) msm_case(g1_generator(), n, g, zkml_msm_g1);
    for (std::size_t n : {0, 1, 5, 40, 300}) msm_case(g2_generator(), n, g, zkml_msm_g2);
    // all bases equal: every bucket meets the same point again (doublings in the batches)
    std::vector<unsigned char> bases(64 * 2000), scalars(32 * 2000);
    G1Affine p = g1_generator();
    Jacobian<Fp> expect = Jacobian<Fp>::infinity(), G = Jacobian<Fp>::from_affine(p);
    for (int i = 0; i < 2000; i++) {
        p.x.store(&bases[64 * i]);
        p.y.store(&bases[64 * i + 32]);
        Fr k{{u64(i % 5), 0, 0, 0}};
        k.store(&scalars[32 * i]);
        u64 kk[4] = {u64(i % 5), 0, 0, 0};
        expect = expect.add(G.mul(kk));
    }
    unsigned char out[64];
    CHECK(zkml_msm_g1(bases.data(), scalars.data(), 2000, out, nullptr, 0) == ZKML_OK);
    G1Affine want = expect.to_affine();
    CHECK(Fp::load(out) == want.x && Fp::load(out + 32) == want.y);
    // skewed digits: 6000 distinct points, scalars 1, 2 or 3 (bits of the witness of a typical circuit), so that nearly
    // every point of window 0 meets its bucket busy: the deferred list fills, the rest goes to the side sums
    const std::size_t m = 6000;
    std::vector<unsigned char> sb(64 * m), ss(32 * m);
    Jacobian<Fp> acc = G, skew = Jacobian<Fp>::infinity();
    for (std::size_t i = 0; i < m; i++) {
        acc = acc.add(G).dbl();
        G1Affine q = acc.to_affine();
        q.x.store(&sb[64 * i]);
        q.y.store(&sb[64 * i + 32]);
        u64 k = 1 + (i % 7 == 0 ? 2 : i % 3 == 0 ? 1 : 0);
        Fr{{k, 0, 0, 0}}.store(&ss[32 * i]);
        for (u64 j = 0; j < k; j++) skew = skew.add_mixed(q);
    }
    CHECK(zkml_msm_g1(sb.data(), ss.data(), m, out, nullptr, 0) == ZKML_OK);
    want = skew.to_affine();
    CHECK(Fp::load(out) == want.x && Fp::load(out + 32) == want.y);
}

#ifdef ZKML_IFMA
// ---- the AVX-512 IFMA arithmetic (ifma.hpp) and buckets (msm_ifma.hpp) against field.hpp and plain sums ----
namespace ifma_test {
using namespace zkml::ZKML_NS::ifma;

/** The five 52-bit limbs of x + k·p (x canonical, k ≤ 15: up to 2^258). */
static L5 lift(const Fp& x, u64 k) {
    u64 w[5];
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c += (u128)FpParams::M[i] * k + x.v[i];
        w[i] = (u64)c;
        c >>= 64;
    }
    w[4] = (u64)c;
    return L5{{w[0] & MASK52, ((w[0] >> 52) | (w[1] << 12)) & MASK52, ((w[1] >> 40) | (w[2] << 24)) & MASK52,
               ((w[2] >> 28) | (w[3] << 36)) & MASK52, (w[3] >> 16) | (w[4] << 48)}};
}
/** Eight lifted values as a vector. */
static V pack(const L5* e) {
    alignas(64) u64 t[40];
    for (int k = 0; k < 8; k++)
        for (int j = 0; j < 5; j++) t[8 * j + k] = e[k].v[j];
    return load(t, 8);
}
/** Lane k of a vector: its value mod p (canonical); `below` is cleared unless limbs 0–3 are normalized and the
 * value is below bound·p. */
static Fp lane(const V& a, int k, u64 bound, bool& below) {
    alignas(64) u64 t[40];
    store(a, t, 8);
    u64 l[5];
    for (int j = 0; j < 5; j++) l[j] = t[8 * j + k];
    for (int j = 0; j < 4; j++) below = below && l[j] <= MASK52;
    below = below && l[4] < (u64(1) << 60);
    const u64 w[5] = {l[0] | (l[1] << 52), (l[1] >> 12) | (l[2] << 40), (l[2] >> 24) | (l[3] << 28),
                      (l[3] >> 36) | (l[4] << 16), l[4] >> 48};
    auto ge = [&](u64 kk) {
        u64 m[5];
        times_p_words(kk, m);
        for (int i = 4; i >= 0; i--)
            if (w[i] != m[i]) return w[i] > m[i];
        return true;
    };
    below = below && !ge(bound);
    u64 q = 0;
    while (q < 64 && ge(q + 1)) q++;
    u64 m[5], r[5];
    times_p_words(q, m);
    unsigned char br = 0;
    for (int i = 0; i < 5; i++) br = _subborrow_u64(br, w[i], m[i], &r[i]);
    return Fp{{r[0], r[1], r[2], r[3]}};
}

static void test_field_ops() {
    std::mt19937_64 g(11);
    std::vector<Fp> vals = edge_values<Fp>(g);
    const Fp sixteen = Fp::from_u64(16);
    int n = 0;
    for (std::size_t i = 0; i + 8 <= vals.size(); i += 8) {
        for (u64 ka : {0, 1, 3}) {
            for (u64 kb : {0, 1, 2}) {
                Fp a[8], b[8];
                L5 la[8], lb[8];
                for (int k = 0; k < 8; k++) {
                    a[k] = vals[i + k];
                    b[k] = vals[(i * 7 + k * 13 + ka) % vals.size()];
                    la[k] = lift(a[k], ka);
                    lb[k] = lift(b[k], kb);
                }
                const V va = pack(la), vb = pack(lb);
                const V prod = mul(va, vb), diff = sub_plus(va, vb, Consts::P4), sum = add(va, vb);
                const V big = add(add(va, va), add(va, vb));  // 3a + b, below 15p
                const V red = reduce(big);
                for (int k = 0; k < 8; k++) {
                    bool ok = true;
                    // mul: a·b·2^−260, below 2p; times 16 it is field.hpp's a·b·2^−256
                    CHECK(lane(prod, k, 2, ok) * sixteen == a[k] * b[k] && ok);
                    ok = true;
                    CHECK(lane(diff, k, 8, ok) == a[k] - b[k] && ok);
                    ok = true;
                    CHECK(lane(sum, k, 8, ok) == a[k] + b[k] && ok);
                    ok = true;
                    CHECK(lane(red, k, 3, ok) == a[k] + a[k] + a[k] + b[k] && ok);
                    n++;
                }
            }
        }
    }
    // the conversions: x·2^256 → x·2^260 → x·2^256
    L5 e[8];
    Fp x[8];
    for (int k = 0; k < 8; k++) {
        x[k] = vals[k * 11 % vals.size()];
        e[k] = lift(x[k], 0);
    }
    const V there = mul(pack(e), constant(Consts::TO_R260)), back = mul(there, constant(Consts::TO_R256));
    for (int k = 0; k < 8; k++) {
        bool ok = true;
        CHECK(lane(back, k, 2, ok) == x[k] && ok);
    }
    std::printf("ifma field: %d lanes checked\n", n);
}

/** The IFMA buckets and the scalar ones against plain Jacobian sums, on sequences with every special case. */
template <class VF>
static void test_buckets(const Affine<typename VF::F>& gen) {
    using F = typename VF::F;
    std::mt19937_64 g(12);
    std::vector<Affine<F>> pool;
    Jacobian<F> acc = Jacobian<F>::from_affine(gen);
    for (int i = 0; i < 64; i++) {
        pool.push_back(acc.to_affine());
        acc = acc.add_mixed(gen).dbl();
    }
    int cases = 0;
    for (std::size_t nb : {1, 5, 40, 300}) {
        for (std::size_t cap : {8, 16, 64, 200}) {
            msm_detail::IfmaBuckets<VF> fast(nb, cap);
            msm_detail::AffineBuckets<F> slow(nb, cap);
            std::vector<Jacobian<F>> want(nb, Jacobian<F>::infinity());
            auto add = [&](std::uint32_t b, const Affine<F>& p) {
                fast.add(b, p);
                slow.add(b, p);
                want[b] = want[b].add_mixed(p);
            };
            // bucket 0: P, −P (empty again), P, P (a doubling), −2P (empty again); then skewed random adds with
            // negations, and now and then a bucket's own sum negated
            add(0, pool[1]);
            add(0, pool[1].neg());
            add(0, pool[1]);
            add(0, pool[1]);
            add(0, Jacobian<F>::from_affine(pool[1]).dbl().neg().to_affine());
            for (int i = 0; i < 2000; i++) {
                std::uint32_t b = std::uint32_t(g() % 4 == 0 ? g() % std::min<std::size_t>(nb, 3) : g() % nb);
                Affine<F> p = pool[g() % pool.size()];
                if (g() % 3 == 0) p = p.neg();
                add(b, p);
                if (g() % 50 == 0) {
                    Affine<F> s = want[b].to_affine();
                    if (!s.is_infinity()) add(b, s.neg());
                }
            }
            fast.finish();
            slow.finish();
            for (std::size_t b = 0; b < nb; b++) {
                CHECK(same(fast.add_bucket_to(Jacobian<F>::infinity(), b), want[b]));
                CHECK(same(slow.add_bucket_to(Jacobian<F>::infinity(), b), want[b]));
                cases++;
            }
        }
    }
    std::printf("ifma buckets (%d limbs a coordinate): %d buckets checked\n", VF::LIMBS, cases);
}

/**
 * glv_ifma.hpp's lockstep scalar multiplications and butterflies against double-and-add, on batches that mix random
 * points and scalars with the special ones: scalars 0, ±1, 2, the eigenvalue μ of the endomorphism and μ ± 1, 2μ
 * (a half of the split zero, or even); points at infinity, repeated, negated; butterflies whose sum or difference
 * is the point at infinity. These take the exact path (Z ≡ 0 in the lane).
 */
template <class F>
static void test_glv(const Affine<F>& gen) {
    using J = Jacobian<F>;
    std::mt19937_64 g(11);
    const glv::GlvBasis& b = glv::basis(static_cast<const J*>(nullptr));
    const Fr mu = (glv::to_fr(b.a1) * glv::to_fr(b.b1).inverse()).neg();
    const Fr one = Fr::one(), two = one + one;
    const Fr special[] = {Fr::zero(), one, one.neg(), two, mu, mu.neg(), mu + one, mu - one, mu + mu};
    auto times = [](const J& p, const Fr& t) {
        const Fr plain = t.to_plain();
        const u64 k[4] = {plain.v[0], plain.v[1], plain.v[2], plain.v[3]};
        return p.mul(k);
    };
    const J base = J::from_affine(gen);
    int checked = 0, special_cases = 0;
    for (int round = 0; round < 6; round++) {
        const std::size_t n = 17 + 23 * std::size_t(round);  // groups of 16 and a padded rest
        std::vector<J> pts(n), orig(n);
        std::vector<Fr> ts(n);
        for (std::size_t i = 0; i < n; i++) {
            switch (g() % 8) {
                case 0: pts[i] = base; break;
                case 1: pts[i] = base.neg(); break;
                case 2: pts[i] = i > 0 ? pts[i - 1] : base; break;
                case 3: pts[i] = J::infinity(); break;
                default: pts[i] = times(base, Fr::from_plain(random_plain<Fr>(g)));
            }
            ts[i] = g() % 3 == 0 ? special[g() % 9] : Fr::from_plain(random_plain<Fr>(g));
        }
        orig = pts;
        std::vector<J*> ptr(n);
        for (std::size_t i = 0; i < n; i++) ptr[i] = &pts[i];
        glv::mul_each_ifma(ptr.data(), ts.data(), n);
        for (std::size_t i = 0; i < n; i++) {
            const J want = times(orig[i], ts[i]);
            CHECK(same(pts[i], want));
            CHECK(pts[i].is_infinity() == want.is_infinity());
            checked++;
            special_cases += want.is_infinity() ? 1 : 0;
        }
        // butterflies: a₀ random, t·a₁, −t·a₁, at infinity; a₁ sometimes at infinity
        std::vector<J> a0(n), a1(n);
        for (std::size_t i = 0; i < n; i++) {
            a1[i] = g() % 7 == 0 ? J::infinity() : times(base, Fr::from_plain(random_plain<Fr>(g)));
            switch (g() % 5) {
                case 0: a0[i] = times(a1[i], ts[i]); break;
                case 1: a0[i] = times(a1[i], ts[i]).neg(); break;
                case 2: a0[i] = J::infinity(); break;
                default: a0[i] = times(base, Fr::from_plain(random_plain<Fr>(g)));
            }
        }
        const std::vector<J> b0 = a0, b1 = a1;
        std::vector<J*> p0(n), p1(n);
        for (std::size_t i = 0; i < n; i++) p0[i] = &a0[i], p1[i] = &a1[i];
        glv::butterfly_each_ifma(p0.data(), p1.data(), ts.data(), n);
        for (std::size_t i = 0; i < n; i++) {
            const J v = times(b1[i], ts[i]);
            const J sum = b0[i].add(v), diff = b0[i].add(v.neg());
            CHECK(same(a0[i], sum) && a0[i].is_infinity() == sum.is_infinity());
            CHECK(same(a1[i], diff) && a1[i].is_infinity() == diff.is_infinity());
            checked++;
            special_cases += (sum.is_infinity() || diff.is_infinity()) ? 1 : 0;
        }
    }
    // a point of order 3 (x = 0; on the curve y² = x³ + 4 of the same formulas, not in the group): its table meets
    // Z ≡ 0, its lane's shared inversion fails, and that lane of every group in the batch is done again; glv::mul_each
    // then takes double-and-add for it, and the other points still come out right
    {
        const std::size_t n = 100;
        std::vector<J> pts(n);
        std::vector<Fr> ts(n);
        for (std::size_t i = 0; i < n; i++) {
            pts[i] = i == 37 ? J::from_affine(Affine<F>{F::zero(), F::one() + F::one()}) : times(base, Fr::from_plain(random_plain<Fr>(g)));
            ts[i] = Fr::from_plain(random_plain<Fr>(g));
        }
        const std::vector<J> orig = pts;
        std::vector<J*> ptr(n);
        for (std::size_t i = 0; i < n; i++) ptr[i] = &pts[i];
        glv::mul_each_ifma(ptr.data(), ts.data(), n);
        for (std::size_t i = 0; i < n; i++) {
            const J want = times(orig[i], ts[i]);
            CHECK(same(pts[i], want) && pts[i].is_infinity() == want.is_infinity());
        }
    }
    CHECK(special_cases > 20);
    std::printf("ifma glv (%d limbs a coordinate): %d products and butterflies checked, %d at infinity\n",
                glv::VecOf<F>::LIMBS, checked, special_cases);
}
}  // namespace ifma_test
#endif

// ---- NTT through the C ABI against the naive DFT ----
static void test_ntt() {
    std::mt19937_64 g(4);
    for (int log2n = 0; log2n <= 7; log2n++) {
        const std::size_t n = std::size_t(1) << log2n;
        std::vector<Fr> x(n);
        for (auto& e : x) e = Fr::from_plain(random_scalar(g));
        Fr w = omega(log2n);
        CHECK(w.pow(u64(n)) == Fr::one());
        if (n > 1) CHECK(w.pow(u64(n / 2)) != Fr::one());
        std::vector<Fr> want(n, Fr::zero());
        for (std::size_t j = 0; j < n; j++)
            for (std::size_t i = 0; i < n; i++) want[j] = want[j] + x[i] * w.pow(u64((i * j) % n));
        std::vector<Fr> a = x;
        char msg[256];
        CHECK(zkml_ntt(reinterpret_cast<uint8_t*>(a.data()), log2n, 0, nullptr, msg, sizeof msg) == ZKML_OK);
        CHECK(a == want);
        CHECK(zkml_ntt(reinterpret_cast<uint8_t*>(a.data()), log2n, 1, nullptr, msg, sizeof msg) == ZKML_OK);
        CHECK(a == x);
        // coset: evaluations at shift·ωʲ
        Fr shift_plain = random_plain<Fr>(g);
        Fr shift = Fr::from_plain(shift_plain);
        std::vector<Fr> coset(n, Fr::zero());
        for (std::size_t j = 0; j < n; j++) {
            Fr pt = shift * w.pow(u64(j));
            for (std::size_t i = 0; i < n; i++) coset[j] = coset[j] + x[i] * pt.pow(u64(i));
        }
        CHECK(zkml_ntt(reinterpret_cast<uint8_t*>(a.data()), log2n, 0, reinterpret_cast<uint8_t*>(shift_plain.v), msg, sizeof msg) == ZKML_OK);
        CHECK(a == coset);
        CHECK(zkml_ntt(reinterpret_cast<uint8_t*>(a.data()), log2n, 1, reinterpret_cast<uint8_t*>(shift_plain.v), msg, sizeof msg) == ZKML_OK);
        CHECK(a == x);
    }
    // a larger size, multi-threaded stages: the inverse undoes the forward
    const int log2n = 14;
    std::vector<Fr> x(std::size_t(1) << log2n);
    for (auto& e : x) e = Fr::from_plain(random_plain<Fr>(g));
    std::vector<Fr> a = x;
    CHECK(zkml_ntt(reinterpret_cast<uint8_t*>(a.data()), log2n, 0, nullptr, nullptr, 0) == ZKML_OK);
    Fr w = omega(log2n), e5 = Fr::zero();  // element 5 against its naive sum
    for (std::size_t i = 0; i < x.size(); i++) e5 = e5 + x[i] * w.pow(u64((5 * i) % x.size()));
    CHECK(a[5] == e5);
    CHECK(zkml_ntt(reinterpret_cast<uint8_t*>(a.data()), log2n, 1, nullptr, nullptr, 0) == ZKML_OK);
    CHECK(a == x);
}

// ---- the radix-4 transforms (in time, natural order, the prover's coset step) against the naive DFT for small
// sizes and against the radix-2 reference for large ones, on pools of several sizes (more chunks: more passes split
// across tasks) ----
static std::vector<Fr> bit_reversed(const std::vector<Fr>& x) {
    std::vector<Fr> y(x.size());
    int bits = 0;
    while ((std::size_t(1) << bits) < x.size()) bits++;
    for (std::size_t i = 0; i < x.size(); i++) y[bits == 0 ? 0 : std::size_t(ntt_detail::reverse64(i) >> (64 - bits))] = x[i];
    return y;
}

static std::vector<Fr> naive_dft(const std::vector<Fr>& x, const Fr& w) {
    const std::size_t n = x.size();
    std::vector<Fr> out(n, Fr::zero());
    for (std::size_t j = 0; j < n; j++)
        for (std::size_t i = 0; i < n; i++) out[j] = out[j] + x[i] * w.pow(u64((i * j) % n));
    return out;
}

static void test_ntt_radix4() {
    std::mt19937_64 g(5);
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        zkml::Pool pool(threads);
        zkml::Control ctl;
        ctl.pool = &pool;
        for (int log2n = 0; log2n <= 7; log2n++) {
            const std::size_t n = std::size_t(1) << log2n;
            std::vector<Fr> x(n);
            for (auto& e : x) e = Fr::from_plain(random_scalar(g));
            const Fr w = omega(log2n);
            const std::vector<Fr> fwd = naive_dft(x, w), inv = naive_dft(x, w.inverse());
            std::vector<Fr> a = bit_reversed(x);
            ntt_dit(a.data(), log2n, false, ctl);
            CHECK(a == fwd);
            a = bit_reversed(x);
            ntt_dit(a.data(), log2n, true, ctl);
            CHECK(a == inv);
            a = x;
            ntt(a.data(), log2n, false, ctl);
            CHECK(a == fwd);
            a = x;
            ntt_radix2(a.data(), log2n, true, ctl);
            CHECK(a == inv);
            // the coset step: the polynomial with values x on ⟨ω⟩, evaluated at g·ωʲ
            const Fr shift = prover_coset_shift(log2n), n_inv = Fr::from_u64(n).inverse();
            std::vector<Fr> coef = inv, want(n, Fr::zero());
            for (auto& e : coef) e = e * n_inv;
            for (std::size_t j = 0; j < n; j++) {
                Fr pt = shift * w.pow(u64(j));
                for (std::size_t i = 0; i < n; i++) want[j] = want[j] + coef[i] * pt.pow(u64(i));
            }
            a = x;
            domain_to_coset(a.data(), log2n, ctl);
            CHECK(a == want);
        }
        // large sizes, odd and even, against radix 2 (every pass split into chunks and tasks)
        for (int log2n : {12, 13, 15, 16}) {
            const std::size_t n = std::size_t(1) << log2n;
            std::vector<Fr> x(n);
            for (auto& e : x) e = Fr::from_plain(random_plain<Fr>(g));
            x[0] = Fr::zero();
            x[n - 1] = Fr::zero() - Fr::one();  // edge values: 0 and −1
            for (bool inverse : {false, true}) {
                std::vector<Fr> want = x, a = x;
                ntt_radix2(want.data(), log2n, inverse, ctl);
                ntt(a.data(), log2n, inverse, ctl);
                CHECK(a == want);
                a = bit_reversed(x);
                ntt_dit(a.data(), log2n, inverse, ctl);
                CHECK(a == want);
            }
            std::vector<Fr> want = x, a = x;
            ntt_radix2(want.data(), log2n, true, ctl);
            scale_by_powers(want.data(), n, Fr::from_u64(n).inverse(), prover_coset_shift(log2n), ctl);
            ntt_radix2(want.data(), log2n, false, ctl);
            domain_to_coset(a.data(), log2n, ctl);
            CHECK(a == want);
        }
    }
}

// ---- bad input: error codes and messages, no crash ----
static void test_errors() {
    char msg[256];
    std::vector<unsigned char> bases(64, 0), scalars(32, 0xff);
    unsigned char out[128];
    CHECK(zkml_msm_g1(bases.data(), scalars.data(), 1, out, msg, sizeof msg) == ZKML_EINVAL);
    CHECK(std::string(msg) == "scalar 0 is not below r");
    CHECK(zkml_msm_g1(nullptr, nullptr, 1, out, msg, sizeof msg) == ZKML_EINVAL);
    std::vector<unsigned char> v(32 * 4, 0xff);
    CHECK(zkml_ntt(v.data(), 2, 0, nullptr, msg, sizeof msg) == ZKML_EINVAL);
    CHECK(std::string(msg) == "element 0 is not below r");
    CHECK(zkml_ntt(v.data(), 29, 0, nullptr, msg, 8) == ZKML_EINVAL);
    CHECK(std::strlen(msg) == 7);  // truncated to the buffer
    zkml_prover* p = reinterpret_cast<zkml_prover*>(1);
    unsigned char fixed[448] = {0};
    CHECK(zkml_prover_open(1, 1, 4, fixed, 0, nullptr, bases.data(), bases.data(), bases.data(), bases.data(), bases.data(), 1, &p,
                           msg, sizeof msg) == ZKML_EINVAL);
    CHECK(p == nullptr);
    CHECK(zkml_prover_open(2, 1, 3, fixed, 0, nullptr, bases.data(), bases.data(), bases.data(), bases.data(), bases.data(), 1, &p,
                           msg, sizeof msg) == ZKML_EINVAL);
    // a coefficient record outside the domain
    std::vector<unsigned char> rec(44, 0);
    rec[4] = 9;
    CHECK(zkml_prover_open(2, 0, 4, fixed, 1, rec.data(), bases.data(), bases.data(), bases.data(), bases.data(), bases.data(), 1, &p,
                           msg, sizeof msg) == ZKML_EINVAL);
    CHECK(std::string(msg).find("coefficient record 0") == 0);
    CHECK(zkml_prover_prove(nullptr, nullptr, 0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, msg, sizeof msg) == ZKML_EINVAL);
    zkml_prover_close(nullptr);
}

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s field|curve|msm|ntt|errors\n", argv[0]);
        return 2;
    }
    const std::string variant = ZKML_STR(ZKML_NS);
    __builtin_cpu_init();
    if (variant != "generic" && (!__builtin_cpu_supports("bmi2") || !__builtin_cpu_supports("adx"))) {
        std::printf("skipped: the CPU lacks BMI2/ADX\n");
        return 77;
    }
    if (variant == "avx512ifma" && (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512ifma"))) {
        std::printf("skipped: the CPU lacks AVX-512 IFMA\n");
        return 77;
    }
    setenv("ZKML_KERNELS", variant.c_str(), 1);  // the library's entry points with this variant's kernels
    std::string part = argv[1];
    if (part == "field") {
        test_field();
#ifdef ZKML_IFMA
        ifma_test::test_field_ops();
#endif
    }
    else if (part == "curve") {
        test_curve();
#ifdef ZKML_IFMA
        ifma_test::test_glv(g1_generator());
        ifma_test::test_glv(g2_generator());
#endif
    }
    else if (part == "msm") {
        test_msm();
#ifdef ZKML_IFMA
        ifma_test::test_buckets<ifma::VecFp>(g1_generator());
        ifma_test::test_buckets<ifma::VecFp2>(g2_generator());
#endif
    }
    else if (part == "ntt") {
        test_ntt();
        test_ntt_radix4();
    }
    else if (part == "errors") test_errors();
    else {
        std::fprintf(stderr, "unknown part %s\n", part.c_str());
        return 2;
    }
    if (variant != zkml_kernels()) {
        std::fprintf(stderr, "the library uses kernels %s, not %s\n", zkml_kernels(), variant.c_str());
        failures++;
    }
    std::printf("%s (%s): %s\n", part.c_str(), zkml_version(), failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
