// glv.hpp's batch of independent scalar multiplications p[i] ← t[i]·p[i], sixteen at a time on AVX-512 IFMA (two
// vectors of eight lanes, interleaved): the twiddle products and sums of the group FFT's butterflies
// (group_fft.cpp), nearly all of `ptau prepare`'s time, and the contributions' kᵢ·Pᵢ (zkml_mul_each_g1/g2).
//
// Each lane keeps its own point and scalar; the lanes walk in lockstep, so the scalar's recoding must be regular:
//   - t = Σ ±|tᵢ|·μ^i (mod r): two parts below 2^128 in G1 (glv::split, φ), four below 2^66 in G2 (glv::split4,
//     ψ, ψ², ψ³); each part made odd (plus one, taken away at the end) and written in L signed odd digits of width
//     4 (every digit in ±{1, 3, …, 15}, none zero), L the largest any lane of the group needs;
//   - the table P, 3P, …, 15P, made affine together with those of the other groups of a batch (one inversion per
//     lane), and its images under the endomorphism's powers (no additions);
//   - per digit position: four doublings, then one mixed addition from each table, the entry and its sign chosen
//     per lane by masked blends (no gathers, no branches).
// The formulas are the plain Jacobian ones (a = 0) without special cases. Each special case (an addend at infinity,
// P + P, P + (−P)) makes Z ≡ 0 in that addition, and Z stays 0 through every later doubling and addition; so a
// lane whose result has Z ≡ 0 is done again by glv::mul_each, which handles every case exactly. For the points of
// a ceremony that practically never happens (a lane would need its partial sum to meet ± a table entry), but a
// degenerate file (τ = 1, powers all equal) or a point at infinity takes that path and still gets the exact result.
//
// Bounds (ifma.hpp: a product needs its operands' product below p·2^260 ≈ 84·p², reduce() an input below 16p):
// every point coordinate here is below 2.2p (the output of reduce()), or ≤ 4p for a negated y; the comments give
// the bound of each intermediate as a multiple of p.
#pragma once
#ifdef ZKML_IFMA
#include <algorithm>
#include <array>
#include <type_traits>
#include <vector>

#include "glv.hpp"
#include "ifma.hpp"

namespace zkml::ZKML_NS::glv {

/**
 * G vectors of VF (ifma::VecFp or VecFp2) side by side: 8·G lanes, every operation done on each vector in turn. Two
 * independent chains of products give the out-of-order core work while one waits on the other's latency (a
 * doubling's critical path is about six dependent products).
 */
template <class VF, int G>
struct Lanes {
    using F = typename VF::F;
    using Mask = std::uint32_t;  // bit k: lane k
    struct T {
        typename VF::T h[G];
    };
    static constexpr int COUNT = 8 * G, LIMBS = VF::LIMBS;
#define ZKML_LANEWISE(expr) \
    T r;                     \
    for (int g = 0; g < G; g++) r.h[g] = expr; \
    return r
    static ZKML_INLINE T mul(const T& a, const T& b) { ZKML_LANEWISE(VF::mul(a.h[g], b.h[g])); }
    static ZKML_INLINE T sqr(const T& a) { ZKML_LANEWISE(VF::sqr(a.h[g])); }
    static ZKML_INLINE T add(const T& a, const T& b) { ZKML_LANEWISE(VF::add(a.h[g], b.h[g])); }
    static ZKML_INLINE T sub4p(const T& a, const T& b) { ZKML_LANEWISE(VF::sub4p(a.h[g], b.h[g])); }
    static ZKML_INLINE T sub8p(const T& a, const T& b) { ZKML_LANEWISE(VF::sub8p(a.h[g], b.h[g])); }
    static ZKML_INLINE T neg4p(const T& a) { ZKML_LANEWISE(VF::neg4p(a.h[g])); }
    static ZKML_INLINE T reduce(const T& a) { ZKML_LANEWISE(VF::reduce(a.h[g])); }
    static ZKML_INLINE T to260(const T& a) { ZKML_LANEWISE(VF::to260(a.h[g])); }
    static ZKML_INLINE T to256(const T& a) { ZKML_LANEWISE(VF::to256(a.h[g])); }
    static ZKML_INLINE T select(Mask k, const T& a, const T& b) {
        ZKML_LANEWISE(VF::select(__mmask8(k >> (8 * g)), a.h[g], b.h[g]));
    }
    static ZKML_INLINE T mul_by(const T& a, const typename VF::T& c) { ZKML_LANEWISE(VF::mul(a.h[g], c)); }
    /** Limb j of lane k at base[j·COUNT + k]. */
    static ZKML_INLINE T load(const u64* base) { ZKML_LANEWISE(VF::load(base + 8 * g, COUNT)); }
    static T inverse(const T& a) { ZKML_LANEWISE(VF::inverse(a.h[g])); }
    static ZKML_INLINE T one() { ZKML_LANEWISE(VF::one()); }
#undef ZKML_LANEWISE
    static void split(const F& x, u64* l) { VF::split(x, l); }
    static F join(const u64* l) { return VF::join(l); }
    static ZKML_INLINE void store(const T& a, u64* base) {
        for (int g = 0; g < G; g++) VF::store(a.h[g], base + 8 * g, COUNT);
    }
    /** The lanes whose index (one u64 per lane) equals e. */
    static ZKML_INLINE Mask equal(const u64* ix, u64 e) {
        Mask m = 0;
        for (int g = 0; g < G; g++)
            m |= Mask(_mm512_cmpeq_epi64_mask(_mm512_load_si512(ix + 8 * g), _mm512_set1_epi64((long long)e))) << (8 * g);
        return m;
    }
};

template <class VF>
struct VJac {
    typename VF::T X, Y, Z;
};

/** 2P (a = 0): S = 4XY², M = 3X², X₃ = M² − 2S, Y₃ = M(S − X₃) − 8Y⁴, Z₃ = 2YZ. */
template <class VF>
inline VJac<VF> vdbl(const VJac<VF>& p) {
    const auto XX = VF::sqr(p.X), YY = VF::sqr(p.Y), YYYY = VF::sqr(YY);  // < 4p
    const auto XYY = VF::mul(p.X, YY);                                       // < 2.2p
    const auto xyy2 = VF::add(XYY, XYY);
    const auto S = VF::reduce(VF::add(xyy2, xyy2));            // 4XY² < 8.8p → < 2.2p
    const auto M = VF::reduce(VF::add(VF::add(XX, XX), XX));  // < 12p → < 2.2p
    VJac<VF> r;
    r.X = VF::reduce(VF::sub8p(VF::sqr(M), VF::add(S, S)));  // < 4p + 8p
    const auto y2 = VF::add(YYYY, YYYY);
    const auto C4 = VF::reduce(VF::add(y2, y2));  // 4Y⁴ < 16p → < 2.2p
    r.Y = VF::reduce(VF::sub8p(VF::mul(M, VF::sub4p(S, r.X)), VF::add(C4, C4)));  // < 2.2p + 8p
    const auto YZ = VF::mul(p.Y, p.Z);
    r.Z = VF::reduce(VF::add(YZ, YZ));
    return r;
}

/** P + Q (add-2007-bl without its special cases: Z₃ ≡ 0 when H ≡ 0 or either addend has Z ≡ 0). */
template <class VF>
inline VJac<VF> vadd(const VJac<VF>& p, const VJac<VF>& q) {
    const auto Z1Z1 = VF::sqr(p.Z), Z2Z2 = VF::sqr(q.Z);                        // < 4p
    const auto U1 = VF::mul(p.X, Z2Z2), U2 = VF::mul(q.X, Z1Z1);                // < 2.2p
    const auto S1 = VF::mul(VF::mul(p.Y, q.Z), Z2Z2), S2 = VF::mul(VF::mul(q.Y, p.Z), Z1Z1);
    const auto H = VF::reduce(VF::sub4p(U2, U1));  // < 6.2p → < 2.2p
    const auto sd = VF::sub4p(S2, S1);
    const auto rr = VF::reduce(VF::add(sd, sd));  // < 12.4p
    const auto HH = VF::sqr(H);
    const auto hh2 = VF::add(HH, HH);
    const auto I = VF::reduce(VF::add(hh2, hh2));  // 4H² < 16p
    const auto J = VF::mul(H, I), V = VF::mul(U1, I);
    VJac<VF> r;
    r.X = VF::reduce(VF::sub8p(VF::sub4p(VF::sqr(rr), J), VF::add(V, V)));  // < 8p + 8p
    const auto SJ = VF::mul(S1, J);
    r.Y = VF::reduce(VF::sub8p(VF::mul(rr, VF::sub4p(V, r.X)), VF::add(SJ, SJ)));
    const auto ZZH = VF::mul(VF::mul(p.Z, q.Z), H);
    r.Z = VF::reduce(VF::add(ZZH, ZZH));
    return r;
}

/** An affine point (x, y) in each lane. */
template <class VF>
struct VAff {
    typename VF::T x, y;
};

/**
 * P + Q for affine Q (madd-2007-bl without its special cases: Z₃ ≡ 0 when H ≡ 0 or P has Z ≡ 0); y_Q may be ≤ 4p
 * (negated), every other coordinate below 2.2p.
 */
template <class VF>
inline VJac<VF> vmadd(const VJac<VF>& p, const VAff<VF>& q) {
    const auto Z1Z1 = VF::sqr(p.Z);                               // < 4p
    const auto U2 = VF::mul(q.x, Z1Z1);                           // < 2.2p
    const auto S2 = VF::mul(q.y, VF::mul(p.Z, Z1Z1));             // < 2.2p
    const auto H = VF::reduce(VF::sub4p(U2, p.X));                // < 6.2p → < 2.2p
    const auto sd = VF::sub4p(S2, p.Y);
    const auto rr = VF::reduce(VF::add(sd, sd));                  // < 12.4p
    const auto HH = VF::sqr(H);
    const auto hh2 = VF::add(HH, HH);
    const auto I = VF::reduce(VF::add(hh2, hh2));                 // 4H² < 16p
    const auto J = VF::mul(H, I), V = VF::mul(p.X, I);
    VJac<VF> r;
    r.X = VF::reduce(VF::sub8p(VF::sub4p(VF::sqr(rr), J), VF::add(V, V)));
    const auto YJ = VF::mul(p.Y, J);
    r.Y = VF::reduce(VF::sub8p(VF::mul(rr, VF::sub4p(V, r.X)), VF::add(YJ, YJ)));
    const auto ZH = VF::mul(p.Z, H);
    r.Z = VF::reduce(VF::add(ZH, ZH));
    return r;
}

template <class VF>
ZKML_INLINE VAff<VF> vneg_where(typename VF::Mask k, const VAff<VF>& p) {
    return {p.x, VF::select(k, p.y, VF::neg4p(p.y))};
}

template <class VF>
ZKML_INLINE VJac<VF> vneg_where(typename VF::Mask k, const VJac<VF>& p) {
    return {p.X, VF::select(k, p.Y, VF::neg4p(p.Y)), p.Z};
}

template <class VF>
ZKML_INLINE VJac<VF> vselect(typename VF::Mask k, const VJac<VF>& a, const VJac<VF>& b) {
    return {VF::select(k, a.X, b.X), VF::select(k, a.Y, b.Y), VF::select(k, a.Z, b.Z)};
}

/** φ(x, y) = (β·x, y) in G1, ψ(x, y) = (x̄·c_x, ȳ·c_y) in G2, on affine points. */
template <int G>
inline VAff<Lanes<ifma::VecFp, G>> vendo(const VAff<Lanes<ifma::VecFp, G>>& p) {
    static const ifma::V beta = ifma::VecFp::broadcast(BETA);
    return {Lanes<ifma::VecFp, G>::mul_by(p.x, beta), p.y};
}

template <int G>
inline VAff<Lanes<ifma::VecFp2, G>> vendo(const VAff<Lanes<ifma::VecFp2, G>>& p) {
    using VF = ifma::VecFp2;
    using W = Lanes<VF, G>;
    static const VF::T cx = VF::broadcast(psi_constants().x), cy = VF::broadcast(psi_constants().y);
    const auto conj = [](const typename W::T& a) {
        typename W::T r;
        for (int g = 0; g < G; g++) r.h[g] = VF::T{a.h[g].c0, ifma::reduce(ifma::VecFp::neg4p(a.h[g].c1))};
        return r;
    };
    return {W::mul_by(conj(p.x), cx), W::mul_by(conj(p.y), cy)};
}

/** Lane k takes affine table entry ix[k] (0..7), negated where the mask bit is set. */
template <class VF>
ZKML_INLINE VAff<VF> pick(const VAff<VF>* tab, const u64* ix, typename VF::Mask neg) {
    VAff<VF> r = tab[0];
    for (int e = 1; e < 8; e++) {
        const auto m = VF::equal(ix, u64(e));
        r.x = VF::select(m, r.x, tab[e].x);
        r.y = VF::select(m, r.y, tab[e].y);
    }
    r.y = VF::select(neg, r.y, VF::neg4p(r.y));
    return r;
}

/** Lanes processed together: two vectors. */
constexpr int GROUPS = 2;
template <class F>
using VecOf = Lanes<std::conditional_t<std::is_same_v<F, Fp>, ifma::VecFp, ifma::VecFp2>, GROUPS>;
constexpr int LANES = 8 * GROUPS;

/** The number of width-4 regular digits an odd k needs (the top one below 16). */
inline int regular_length(u128 k) {
    int n = 1;
    for (; k >= 16; n++) k = 2 * (k >> 5) + 1;
    return n;
}

/** Odd k as L digits dᵢ ∈ ±{1, 3, …, 15} with k = Σ dᵢ·16^i: the entry |dᵢ|/2 per lane, and the negative ones. */
inline void regular_digits(u128 k, int L, u64 (*ix)[LANES], std::uint32_t* neg, int lane) {
    for (int i = 0; i < L - 1; i++) {
        const int d = int(k & 31) - 16;  // odd; k − d = 16·(2·⌊k/32⌋ + 1)
        ix[i][lane] = u64(d < 0 ? -d : d) >> 1;
        if (d < 0) neg[i] |= std::uint32_t(1) << lane;
        k = 2 * (k >> 5) + 1;
    }
    ix[L - 1][lane] = u64(k) >> 1;  // odd, below 16 by the choice of L
}

/** LANES points into the vector form. */
template <class F>
VJac<VecOf<F>> vload(const Jacobian<F>* const* p) {
    using VF = VecOf<F>;
    alignas(64) u64 buf[3][VF::LIMBS * LANES];
    for (int k = 0; k < LANES; k++) {
        const F* c[3] = {&p[k]->X, &p[k]->Y, &p[k]->Z};
        for (int ci = 0; ci < 3; ci++) {
            u64 l[VF::LIMBS];
            VF::split(*c[ci], l);
            for (int j = 0; j < VF::LIMBS; j++) buf[ci][LANES * j + k] = l[j];
        }
    }
    return {VF::to260(VF::load(buf[0])), VF::to260(VF::load(buf[1])), VF::to260(VF::load(buf[2]))};
}

/** The vector form back into LANES points (coordinates canonical). */
template <class F>
void vstore(const VJac<VecOf<F>>& v, Jacobian<F>* res) {
    using VF = VecOf<F>;
    alignas(64) u64 buf[3][VF::LIMBS * LANES];
    VF::store(VF::to256(v.X), buf[0]);
    VF::store(VF::to256(v.Y), buf[1]);
    VF::store(VF::to256(v.Z), buf[2]);
    for (int k = 0; k < LANES; k++) {
        F* c[3] = {&res[k].X, &res[k].Y, &res[k].Z};
        for (int ci = 0; ci < 3; ci++) {
            u64 l[VF::LIMBS];
            for (int j = 0; j < VF::LIMBS; j++) l[j] = buf[ci][LANES * j + k];
            *c[ci] = VF::join(l);
        }
    }
}

constexpr int MAXL = 34;  // digits: |tᵢ| < 2^132

/** The number of parts a scalar is split into: two in G1 (φ), four in G2 (ψ, ψ², ψ³). */
template <class F>
constexpr int DIMS = std::is_same_v<F, Fp> ? 2 : 4;

/** The regular digits of one group's scalars (every part), their signs, and the parts made odd. */
template <int D>
struct Digits {
    int L = 1;
    alignas(64) u64 ix[D][MAXL][LANES];
    std::uint32_t ng[D][MAXL];
    std::uint32_t neg[D] = {}, even[D] = {};
};

/** The parts |tᵢ| with their signs: t = Σ ±|tᵢ|·μ^i (mod r). */
inline void parts(const Fr& t, const G1*, Signed (&h)[2]) { split(t, G1_BASIS, h[0], h[1]); }
inline void parts(const Fr& t, const G2*, Signed (&h)[4]) { split4(t, h); }

template <class F>
void recode(const Fr* t, Digits<DIMS<F>>& d) {
    constexpr int D = DIMS<F>;
    u128 k[D][LANES];
    for (int lane = 0; lane < LANES; lane++) {
        Signed h[D];
        parts(t[lane], static_cast<const Jacobian<F>*>(nullptr), h);
        const std::uint32_t bit = std::uint32_t(1) << lane;
        for (int i = 0; i < D; i++) {
            k[i][lane] = (u128(h[i].hi) << 64) | h[i].lo;
            if (h[i].negative) d.neg[i] |= bit;
            if (!(k[i][lane] & 1)) k[i][lane] += 1, d.even[i] |= bit;
            d.L = std::max(d.L, regular_length(k[i][lane]));
        }
    }
    if (d.L > MAXL) throw std::logic_error("group fft: an endomorphism split is not short");
    for (int i = 0; i < D; i++) {
        std::fill(d.ng[i], d.ng[i] + d.L, 0u);
        for (int lane = 0; lane < LANES; lane++) regular_digits(k[i][lane], d.L, d.ix[i], d.ng[i], lane);
        // the sign of each part goes into its digits' signs: the tables are those of P, ψ(P), … themselves
        for (int j = 0; j < d.L; j++) d.ng[i][j] ^= d.neg[i];
    }
}

/**
 * out[g] lane k = t[LANES·g + k]·(P[g] lane k) for the groups g < n (no lane at infinity); Z ≡ 0 in a lane that
 * met a special case. The tables P, 3P, …, 15P of all groups are made affine together (one inversion per lane), so
 * that the additions of the ladder are mixed ones (11 products instead of 16); the tables of the endomorphism's
 * powers are their images.
 */
template <class F>
void vmul_batch(const VJac<VecOf<F>>* P, const Fr* t, std::size_t n, VJac<VecOf<F>>* out) {
    using VF = VecOf<F>;
    using Mask = typename VF::Mask;
    constexpr int D = DIMS<F>;
    std::vector<Digits<D>> dig(n);
    std::vector<VJac<VF>> jac(8 * n);
    for (std::size_t g = 0; g < n; g++) {
        recode<F>(t + LANES * g, dig[g]);
        VJac<VF>* row = &jac[8 * g];
        row[0] = P[g];
        const VJac<VF> two = vdbl(P[g]);
        for (int e = 1; e < 8; e++) row[e] = vadd(row[e - 1], two);
    }
    std::vector<typename VF::T> prefix(8 * n);
    auto prod = VF::one();
    for (std::size_t i = 0; i < 8 * n; i++) {
        prefix[i] = prod;
        prod = VF::mul(prod, jac[i].Z);
    }
    // a zero Z in some lane makes its product zero and its inverse zero (a^(p−2)): every table entry of that lane
    // becomes (0, 0), and the ladder's first addition, (0, 0, 1) + (0, 0), has H ≡ 0, so Z ≡ 0 in that lane of
    // every group of the batch — all of them done again exactly
    auto inv = VF::inverse(prod);
    std::vector<VAff<VF>> aff(8 * n);
    for (std::size_t i = 8 * n; i-- > 0;) {
        const auto zi = VF::mul(inv, prefix[i]);
        inv = VF::mul(inv, jac[i].Z);
        const auto zi2 = VF::sqr(zi);
        aff[i] = {VF::mul(jac[i].X, zi2), VF::mul(jac[i].Y, VF::mul(zi2, zi))};
    }
    for (std::size_t g = 0; g < n; g++) {
        const Digits<D>& d = dig[g];
        VAff<VF> tab[D][8];
        for (int e = 0; e < 8; e++) {
            tab[0][e] = aff[8 * g + e];
            for (int i = 1; i < D; i++) tab[i][e] = vendo(tab[i - 1][e]);
        }
        const int top = d.L - 1;
        const VAff<VF> first = pick(tab[0], d.ix[0][top], d.ng[0][top]);
        VJac<VF> acc{first.x, first.y, VF::one()};
        for (int i = 1; i < D; i++) acc = vmadd(acc, pick(tab[i], d.ix[i][top], d.ng[i][top]));
        for (int j = top - 1; j >= 0; j--) {
            for (int k = 0; k < 4; k++) acc = vdbl(acc);
            for (int i = 0; i < D; i++) acc = vmadd(acc, pick(tab[i], d.ix[i][j], d.ng[i][j]));
        }
        // an even part was walked as part + 1: take its point (with the part's sign) away again
        for (int i = 0; i < D; i++) {
            if (d.even[i]) acc = vselect(d.even[i], acc, vmadd(acc, vneg_where<VF>(Mask(~d.neg[i]), tab[i][0])));
        }
        out[g] = acc;
    }
}

/** Groups per batch of vmul_batch: one inversion per lane for this many tables of eight. */
constexpr std::size_t BATCH = 8;

/**
 * The items i < n for which take(i) holds, in groups of LANES (the last one padded with its last item), handed to
 * run(groups, counts) a batch of up to BATCH groups at a time.
 */
template <class Take, class Run>
void in_groups(std::size_t n, Take take, Run run) {
    using Group = std::array<std::size_t, LANES>;
    std::vector<Group> groups;
    std::vector<std::size_t> counts;
    Group cur{};
    std::size_t count = 0;
    auto flush = [&] {
        for (std::size_t k = count; k < std::size_t(LANES); k++) cur[k] = cur[count - 1];
        groups.push_back(cur);
        counts.push_back(count);
        count = 0;
        if (groups.size() == BATCH) run(groups, counts), groups.clear(), counts.clear();
    };
    for (std::size_t i = 0; i < n; i++) {
        if (!take(i)) continue;
        cur[count++] = i;
        if (count == LANES) flush();
    }
    if (count > 0) flush();
    if (!groups.empty()) run(groups, counts);
}

/** t[i]·p[i] for a batch of groups of item indices (as in_groups hands them), in the vector form. */
template <class F, class Groups>
std::vector<VJac<VecOf<F>>> batch_products(Jacobian<F>* const* p, const Fr* t, const Groups& groups) {
    const std::size_t ng = groups.size();
    std::vector<VJac<VecOf<F>>> pts(ng), res(ng);
    std::vector<Fr> ts(LANES * ng);
    for (std::size_t g = 0; g < ng; g++) {
        const Jacobian<F>* lanes[LANES];
        for (int k = 0; k < LANES; k++) lanes[k] = p[groups[g][k]], ts[LANES * g + k] = t[groups[g][k]];
        pts[g] = vload<F>(lanes);
    }
    vmul_batch<F>(pts.data(), ts.data(), ng, res.data());
    return res;
}

/** glv::mul_each on AVX-512 IFMA; lanes that met a special case done again by glv::mul_each. */
template <class F>
void mul_each_ifma(Jacobian<F>* const* p, const Fr* t, std::size_t n) {
    using J = Jacobian<F>;
    using VF = VecOf<F>;
    std::vector<J*> again;
    std::vector<Fr> again_t;
    in_groups(n, [&](std::size_t i) { return !p[i]->is_infinity(); }, [&](const auto& groups, const auto& counts) {
        const std::vector<VJac<VF>> res = batch_products(p, t, groups);
        for (std::size_t g = 0; g < groups.size(); g++) {
            J out[LANES];
            vstore<F>(res[g], out);
            for (std::size_t k = 0; k < counts[g]; k++) {
                if (out[k].is_infinity()) {
                    again.push_back(p[groups[g][k]]);
                    again_t.push_back(t[groups[g][k]]);
                } else {
                    *p[groups[g][k]] = out[k];
                }
            }
        }
    });
    if (!again.empty()) mul_each(again.data(), again_t.data(), again.size());
}

/**
 * The butterflies (a₀, a₁) ← (a₀ + t·a₁, a₀ − t·a₁) of the group FFT, the product and both sums in the vector form;
 * a lane with Z ≡ 0 in either sum (a special case anywhere, or a true point at infinity) done again exactly.
 */
template <class F>
void butterfly_each_ifma(Jacobian<F>* const* a0, Jacobian<F>* const* a1, const Fr* t, std::size_t n) {
    using J = Jacobian<F>;
    using VF = VecOf<F>;
    std::vector<std::size_t> again;
    in_groups(n, [&](std::size_t i) { return !a1[i]->is_infinity(); }, [&](const auto& groups, const auto& counts) {
        const std::vector<VJac<VF>> prod = batch_products(a1, t, groups);
        for (std::size_t g = 0; g < groups.size(); g++) {
            const J* lanes[LANES];
            for (int k = 0; k < LANES; k++) lanes[k] = a0[groups[g][k]];
            const VJac<VF> a = vload<F>(lanes), v = prod[g];
            J sum[LANES], diff[LANES];
            vstore<F>(vadd(a, v), sum);
            vstore<F>(vadd(a, vneg_where<VF>(~typename VF::Mask(0), v)), diff);
            for (std::size_t k = 0; k < counts[g]; k++) {
                const std::size_t i = groups[g][k];
                if (sum[k].is_infinity() || diff[k].is_infinity()) {
                    again.push_back(i);
                } else {
                    *a0[i] = sum[k];
                    *a1[i] = diff[k];
                }
            }
        }
    });
    for (std::size_t i = 0; i < n; i++) {
        if (a1[i]->is_infinity()) *a1[i] = *a0[i];  // t·O = O
    }
    std::vector<J*> targets;
    std::vector<Fr> scalars;
    for (std::size_t i : again) targets.push_back(a1[i]), scalars.push_back(t[i]);
    mul_each(targets.data(), scalars.data(), targets.size());
    for (std::size_t i : again) {
        const J v = *a1[i];
        *a1[i] = a0[i]->add(v.neg());
        *a0[i] = a0[i]->add(v);
    }
}

}  // namespace zkml::ZKML_NS::glv
#endif
