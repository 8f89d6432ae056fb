// glv.hpp's batch of independent scalar multiplications p[i] ← t[i]·p[i], eight at a time on AVX-512 IFMA: the
// twiddle multiplications of the group FFT (group_fft.cpp), which are nearly all of `ptau prepare`'s time.
//
// Each lane keeps its own point and scalar; the lanes walk in lockstep, so the scalar's recoding must be regular:
//   - t = t₁ + t₂·μ (mod r) by glv::split, |t₁|, |t₂| < 2^128; each |tᵢ| made odd (plus one, corrected at the end) and
//     written in L signed odd digits of width 4 (every digit in ±{1, 3, …, 15}, none zero), L the largest any lane
//     of the eight needs (33 at most; 32 for the twiddles);
//   - the table P, 3P, …, 15P in Jacobian coordinates, and its image under the endomorphism (no additions);
//   - per digit position: four doublings, then one addition from each table, the entry and its sign chosen per lane
//     by masked blends (no gathers, no branches).
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

template <class VF>
ZKML_INLINE VJac<VF> vneg_where(typename VF::Mask k, const VJac<VF>& p) {
    return {p.X, VF::select(k, p.Y, VF::neg4p(p.Y)), p.Z};
}

template <class VF>
ZKML_INLINE VJac<VF> vselect(typename VF::Mask k, const VJac<VF>& a, const VJac<VF>& b) {
    return {VF::select(k, a.X, b.X), VF::select(k, a.Y, b.Y), VF::select(k, a.Z, b.Z)};
}

/** φ(X, Y, Z) = (β·X, Y, Z) in G1. */
template <int G>
inline VJac<Lanes<ifma::VecFp, G>> vendo(const VJac<Lanes<ifma::VecFp, G>>& p) {
    static const ifma::V beta = ifma::VecFp::broadcast(BETA);
    return {Lanes<ifma::VecFp, G>::mul_by(p.X, beta), p.Y, p.Z};
}

/** ψ(X, Y, Z) = (X̄·c_x, Ȳ·c_y, Z̄) in G2 (x = X/Z², so x̄·c_x = X̄·c_x / Z̄²). */
template <int G>
inline VJac<Lanes<ifma::VecFp2, G>> vendo(const VJac<Lanes<ifma::VecFp2, G>>& p) {
    using VF = ifma::VecFp2;
    using W = Lanes<VF, G>;
    static const VF::T cx = VF::broadcast(psi_constants().x), cy = VF::broadcast(psi_constants().y);
    const auto conj = [](const typename W::T& a) {
        typename W::T r;
        for (int g = 0; g < G; g++) r.h[g] = VF::T{a.h[g].c0, ifma::reduce(ifma::VecFp::neg4p(a.h[g].c1))};
        return r;
    };
    return {W::mul_by(conj(p.X), cx), W::mul_by(conj(p.Y), cy), conj(p.Z)};
}

/** Lane k takes table entry ix[k] (0..7), negated where the mask bit is set. */
template <class VF>
ZKML_INLINE VJac<VF> pick(const VJac<VF>* tab, const u64* ix, typename VF::Mask neg) {
    VJac<VF> r = tab[0];
    for (int e = 1; e < 8; e++) {
        const auto m = VF::equal(ix, u64(e));
        r.X = VF::select(m, r.X, tab[e].X);
        r.Y = VF::select(m, r.Y, tab[e].Y);
        r.Z = VF::select(m, r.Z, tab[e].Z);
    }
    r.Y = VF::select(neg, r.Y, VF::neg4p(r.Y));
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

/** t[k]·P in each lane (no lane at infinity); Z ≡ 0 in a lane that met a special case. */
template <class F>
VJac<VecOf<F>> vmul(const VJac<VecOf<F>>& P, const Fr* t) {
    using VF = VecOf<F>;
    using Mask = typename VF::Mask;
    constexpr int MAXL = 34;
    u128 k1[LANES], k2[LANES];
    Mask neg1 = 0, neg2 = 0, even1 = 0, even2 = 0;
    int L = 1;
    for (int k = 0; k < LANES; k++) {
        Signed h1, h2;
        split(t[k], basis(static_cast<const Jacobian<F>*>(nullptr)), h1, h2);
        const Mask bit = Mask(1) << k;
        k1[k] = (u128(h1.hi) << 64) | h1.lo;
        k2[k] = (u128(h2.hi) << 64) | h2.lo;
        if (h1.negative) neg1 |= bit;
        if (h2.negative) neg2 |= bit;
        if (!(k1[k] & 1)) k1[k] += 1, even1 |= bit;
        if (!(k2[k] & 1)) k2[k] += 1, even2 |= bit;
        L = std::max({L, regular_length(k1[k]), regular_length(k2[k])});
    }
    if (L > MAXL) throw std::logic_error("group fft: an endomorphism split is not short");
    alignas(64) u64 ix1[MAXL][LANES], ix2[MAXL][LANES];
    Mask ng1[MAXL] = {}, ng2[MAXL] = {};
    for (int k = 0; k < LANES; k++) {
        regular_digits(k1[k], L, ix1, ng1, k);
        regular_digits(k2[k], L, ix2, ng2, k);
    }
    // the sign of each half goes into its digits' signs: the tables are those of P and φ(P) themselves
    for (int i = 0; i < L; i++) ng1[i] ^= neg1, ng2[i] ^= neg2;

    VJac<VF> t1[8], t2[8];
    t1[0] = P;
    const VJac<VF> two = vdbl(P);
    for (int e = 1; e < 8; e++) t1[e] = vadd(t1[e - 1], two);
    for (int e = 0; e < 8; e++) t2[e] = vendo(t1[e]);

    VJac<VF> acc = vadd(pick(t1, ix1[L - 1], ng1[L - 1]), pick(t2, ix2[L - 1], ng2[L - 1]));
    for (int i = L - 2; i >= 0; i--) {
        for (int d = 0; d < 4; d++) acc = vdbl(acc);
        acc = vadd(acc, pick(t1, ix1[i], ng1[i]));
        acc = vadd(acc, pick(t2, ix2[i], ng2[i]));
    }
    // an even half was walked as half + 1: take its point (with the half's sign) away again
    if (even1) acc = vselect(even1, acc, vadd(acc, vneg_where<VF>(Mask(~neg1), t1[0])));
    if (even2) acc = vselect(even2, acc, vadd(acc, vneg_where<VF>(Mask(~neg2), t2[0])));
    return acc;
}

/**
 * Groups of LANES from the items i < n for which take(i) holds, the last group padded with its last item:
 * run(items, count) for each group (items[k] for k < LANES, the first count real).
 */
template <class Take, class Run>
void in_groups(std::size_t n, Take take, Run run) {
    std::size_t items[LANES], count = 0;
    for (std::size_t i = 0; i < n; i++) {
        if (!take(i)) continue;
        items[count++] = i;
        if (count == LANES) run(items, count), count = 0;
    }
    if (count > 0) {
        for (std::size_t k = count; k < std::size_t(LANES); k++) items[k] = items[count - 1];
        run(items, count);
    }
}

/** glv::mul_each on AVX-512 IFMA; lanes that met a special case done again by glv::mul_each. */
template <class F>
void mul_each_ifma(Jacobian<F>* const* p, const Fr* t, std::size_t n) {
    using J = Jacobian<F>;
    std::vector<J*> again;
    std::vector<Fr> again_t;
    in_groups(n, [&](std::size_t i) { return !p[i]->is_infinity(); }, [&](const std::size_t* items, std::size_t count) {
        const J* lanes[LANES];
        Fr ts[LANES];
        for (int k = 0; k < LANES; k++) lanes[k] = p[items[k]], ts[k] = t[items[k]];
        J res[LANES];
        vstore<F>(vmul<F>(vload<F>(lanes), ts), res);
        for (std::size_t k = 0; k < count; k++) {
            if (res[k].is_infinity()) {
                again.push_back(p[items[k]]);
                again_t.push_back(ts[k]);
            } else {
                *p[items[k]] = res[k];
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
    in_groups(n, [&](std::size_t i) { return !a1[i]->is_infinity(); }, [&](const std::size_t* items, std::size_t count) {
        const J *l0[LANES], *l1[LANES];
        Fr ts[LANES];
        for (int k = 0; k < LANES; k++) l0[k] = a0[items[k]], l1[k] = a1[items[k]], ts[k] = t[items[k]];
        const VJac<VF> v = vmul<F>(vload<F>(l1), ts), a = vload<F>(l0);
        J sum[LANES], diff[LANES];
        vstore<F>(vadd(a, v), sum);
        vstore<F>(vadd(a, vneg_where<VF>(~typename VF::Mask(0), v)), diff);
        for (std::size_t k = 0; k < count; k++) {
            if (sum[k].is_infinity() || diff[k].is_infinity()) {
                again.push_back(items[k]);
            } else {
                *a0[items[k]] = sum[k];
                *a1[items[k]] = diff[k];
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
