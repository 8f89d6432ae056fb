// The endomorphism split of scalar multiplications on BN254 (GLV: φ(x, y) = (β·x, y) = λ·P in G1, ψ = (p mod r)·Q
// in G2) and the batch of independent scalar multiplications it serves: the twiddles of the group FFT
// (group_fft.cpp) and the contributions' kᵢ·Pᵢ. A scalar t becomes t₁ + t₂·μ (mod r) with |t₁|, |t₂| < 2^128, so one
// multiplication walks about 127 doublings instead of 254. glv_ifma.hpp does the same batch sixteen lanes at a time
// on AVX-512 IFMA, and splits G2's scalars in four parts (split4 below).
#pragma once
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "curve.hpp"

namespace zkml::ZKML_NS::glv {

/** A signed integer below 2^128 as two limbs and a sign. */
struct Signed {
    u64 lo, hi;
    bool negative;
};

/**
 * The short lattice basis (a₁, b₁), (a₂, b₂) of {(x, y): x + y·μ ≡ 0 (mod r)} for the eigenvalue μ, and
 * g₁ = ⌊2^256·b₂/r⌋, g₂ = ⌊−2^256·b₁/r⌋ (both non-negative here): c₁ = ⌊t·g₁/2^256⌋ ≈ b₂·t/r and
 * c₂ ≈ −b₁·t/r, t₁ = t − c₁a₁ − c₂a₂, t₂ = −c₁b₁ − c₂b₂. Any c₁, c₂ give t₁ + t₂·μ ≡ t; these keep both
 * below 2^127 (checked on every split). Derived by the extended Euclidean algorithm on (r, μ), as in the Java
 * backend's Glv.
 */
struct GlvBasis {
    Signed a1, b1, a2, b2;
    u64 g1[3], g2[3];
};

inline const GlvBasis G1_BASIS = {{0x89d3256894d213e3ULL, 0, false},
                           {0x8211bbeb7d4f1128ULL, 0x6f4d8248eeb859fcULL, true},
                           {0x0be4e1541221250bULL, 0x6f4d8248eeb859fdULL, false},
                           {0x89d3256894d213e3ULL, 0, false},
                           {0xd91d232ec7e0b3d7ULL, 0x2ULL, 0},
                           {0x7a7bd9d4391eb18dULL, 0x4ccef014a773d2cfULL, 0x2ULL}};
inline const GlvBasis G2_BASIS = {{0xf83e9682e87cfd46ULL, 0x6f4d8248eeb859fbULL, false},
                           {0x1ULL, 0, true},
                           {0x9d797039be763ba7ULL, 0x1ULL, false},
                           {0x95b806bca6f338efULL, 0x6f4d8248eeb859fdULL, false},
                           {0x2cb62031c8e01941ULL, 0x4ccef014a773d2d5ULL, 0x2ULL},
                           {0x5ULL, 0, 0}};

/**
 * The four-dimensional split of G2 (ψ, ψ², ψ³): a reduced basis of {(x₀, …, x₃): Σ xᵢ·μ^i ≡ 0 (mod r)} for
 * μ = p mod r (found by LLL from (r, 0, 0, 0), (−μ^i mod r, eᵢ); its entries are ±u, ±(u + 1), ±2u and ±(2u + 1)
 * for the BN parameter u = 4965661367192848881), and the roundings g_j = ⌊2^256·|N_j|/r⌋ of N = r·(B⁻¹)₀ with
 * their signs: c_j = ±⌊t·g_j/2^256⌋ ≈ t·N_j/r, and tᵢ = [i = 0]·t − Σ c_j·B_ji are below 2^66 (2^65 measured over
 * 200 000 random scalars; split4 checks every one against 2^128).
 */
inline const Signed G2_BASIS4[4][4] = {
    {{0x89d3256894d213e2ULL, 0, false}, {0x44e992b44a6909f2ULL, 0, false}, {0x44e992b44a6909f1ULL, 0, true}, {0x44e992b44a6909f1ULL, 0, false}},
    {{0x44e992b44a6909f1ULL, 0, true}, {0x44e992b44a6909f1ULL, 0, false}, {0x44e992b44a6909f1ULL, 0, true}, {0x89d3256894d213e3ULL, 0, true}},
    {{0x44e992b44a6909f2ULL, 0, false}, {0x44e992b44a6909f1ULL, 0, false}, {0x44e992b44a6909f1ULL, 0, false}, {0x89d3256894d213e2ULL, 0, true}},
    {{0x89d3256894d213e3ULL, 0, false}, {0x44e992b44a6909f1ULL, 0, true}, {0x44e992b44a6909f2ULL, 0, true}, {0x44e992b44a6909f1ULL, 0, true}},
};
inline const u64 G2_ROUND4[4][3] = {{0x46f4bda995d51bb1ULL, 0x08e5da66fc7184aeULL, 0x9e80318ab0d92b93ULL}, {0x2dff291532e42728ULL, 0x55b4ca7ba3e5577fULL, 0x9e80318ab0d92b95ULL}, {0x071c4c43fac4daffULL, 0x55b4ca7ba3e55782ULL, 0x9e80318ab0d92b95ULL}, {0xc170977dcef3cd3fULL, 0x55b4ca7ba3e5577dULL, 0x9e80318ab0d92b95ULL}};
inline const bool G2_ROUND4_NEGATIVE[4] = {false, true, false, false};

inline Fr to_fr(const Signed& s) {
    Fr v = Fr::from_plain(Fr{{s.lo, s.hi, 0, 0}});
    return s.negative ? v.neg() : v;
}

/** ⌊t·g/2^256⌋ for t below 2^256 and g below 2^192 (the result is below 2^192). */
inline Fr mul_shift(const u64 (&t)[4], const u64 (&g)[3]) {
    u64 prod[7] = {0, 0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        u64 carry = 0;
        for (int j = 0; j < 3; j++) {
            u128 x = u128(t[i]) * g[j] + prod[i + j] + carry;
            prod[i + j] = u64(x);
            carry = u64(x >> 64);
        }
        prod[i + 3] = carry;
    }
    return Fr::from_plain(Fr{{prod[4], prod[5], prod[6], 0}});
}

/** A field element of F_r read as an integer in (−2^128, 2^128). */
inline Signed small(const Fr& x) {
    Fr plain = x.to_plain();
    if (plain.v[2] == 0 && plain.v[3] == 0) return {plain.v[0], plain.v[1], false};
    Fr neg = x.neg().to_plain();
    if (neg.v[2] == 0 && neg.v[3] == 0) return {neg.v[0], neg.v[1], true};
    throw std::logic_error("group fft: an endomorphism split is not short");
}

/** t = t₁ + t₂·μ (mod r) for t in Montgomery form. */
inline void split(const Fr& t, const GlvBasis& b, Signed& t1, Signed& t2) {
    Fr plain = t.to_plain();
    const u64 tl[4] = {plain.v[0], plain.v[1], plain.v[2], plain.v[3]};
    Fr c1 = mul_shift(tl, b.g1), c2 = mul_shift(tl, b.g2);
    t1 = small(t - c1 * to_fr(b.a1) - c2 * to_fr(b.a2));
    t2 = small((c1 * to_fr(b.b1) + c2 * to_fr(b.b2)).neg());
}

/** t = Σ tᵢ·μ^i (mod r), i < 4, for G2's ψ (eigenvalue μ = p mod r), t in Montgomery form. */
inline void split4(const Fr& t, Signed (&out)[4]) {
    Fr plain = t.to_plain();
    const u64 tl[4] = {plain.v[0], plain.v[1], plain.v[2], plain.v[3]};
    Fr c[4];
    for (int j = 0; j < 4; j++) {
        c[j] = mul_shift(tl, G2_ROUND4[j]);
        if (G2_ROUND4_NEGATIVE[j]) c[j] = c[j].neg();
    }
    for (int i = 0; i < 4; i++) {
        Fr v = i == 0 ? t : Fr::zero();
        for (int j = 0; j < 4; j++) v = v - c[j] * to_fr(G2_BASIS4[j][i]);
        out[i] = small(v);
    }
}

/** The width-4 non-adjacent form of a value below 2^127, least significant digit first; the number of digits. */
inline int wnaf4(u64 lo, u64 hi, std::int8_t* digits) {
    u128 v = (u128(hi) << 64) | lo;
    int n = 0;
    while (v != 0) {
        int d = 0;
        if (v & 1) {
            d = int(v & 15);
            if (d >= 8) d -= 16;
            v = d > 0 ? v - u128(d) : v + u128(-d);
        }
        digits[n++] = std::int8_t(d);
        v >>= 1;
    }
    return n;
}

// ---- the endomorphisms, in Jacobian coordinates

/** β: the cube root of unity of F_p with φ(x, y) = (β·x, y) = λ·(x, y) on G1 (Montgomery form). */
inline const Fp BETA{{0x71930c11d782e155ULL, 0xa6bb947cffbe3323ULL, 0xaa303344d4741444ULL, 0x2c3b3f0d26594943ULL}};

inline Fp2 fp2_pow(const Fp2& x, const u64 (&e)[4]) {
    Fp2 r = Fp2::one();
    for (int i = 3; i >= 0; i--) {
        for (int bit = 63; bit >= 0; bit--) {
            r = r.sqr();
            if ((e[i] >> bit) & 1) r = r * x;
        }
    }
    return r;
}

/** ψ's constants ξ^((p−1)/3) and ξ^((p−1)/2), ξ = 9 + u. */
struct PsiConstants {
    Fp2 x, y;
    PsiConstants() {
        const u64* m = FpParams::M;
        u64 pm1[4] = {m[0] - 1, m[1], m[2], m[3]};
        u64 third[4], half[4];
        u128 rem = 0;
        for (int i = 3; i >= 0; i--) {
            u128 cur = (rem << 64) | pm1[i];
            third[i] = u64(cur / 3);
            rem = cur % 3;
        }
        for (int i = 0; i < 4; i++) half[i] = (pm1[i] >> 1) | (i < 3 ? pm1[i + 1] << 63 : 0);
        Fp2 xi{Fp::from_u64(9), Fp::from_u64(1)};
        x = fp2_pow(xi, third);
        y = fp2_pow(xi, half);
    }
};

inline const PsiConstants& psi_constants() {
    static const PsiConstants c;
    return c;
}

inline Fp2 conj(const Fp2& a) { return {a.c0, a.c1.neg()}; }

inline const GlvBasis& basis(const G1*) { return G1_BASIS; }
inline const GlvBasis& basis(const G2*) { return G2_BASIS; }

inline G1Affine endo(const G1Affine& p) { return {p.x * BETA, p.y}; }

inline G2Affine endo(const G2Affine& q) {
    const PsiConstants& c = psi_constants();
    return {conj(q.x) * c.x, conj(q.y) * c.y};
}

/**
 * p[i] ← t[i]·p[i] for i < n by the endomorphism split, both halves in width-4 NAF. The tables P, 3P, 5P, 7P of all
 * n points are made affine together (one inversion), so that the additions of the main loop are mixed ones (about
 * half the multiplications of a Jacobian addition); the tables of the endomorphism's images are the images of
 * those (affine too, no addition).
 */
template <class F>
void mul_each(Jacobian<F>* const* p, const Fr* t, std::size_t n) {
    using J = Jacobian<F>;
    using A = Affine<F>;
    constexpr int T = 4;
    std::vector<J> jac(T * n);
    std::vector<A> aff(T * n);
    std::vector<Signed> h1(n), h2(n);
    std::vector<F> prefix(T * n);
    // a point whose table meets the point at infinity (P of order 3, 5 or 7: not in the group) would make the shared
    // inversion fail for all; it takes plain double-and-add instead
    std::vector<char> skip(n, 0);
    F acc = F::one();
    for (std::size_t i = 0; i < n; i++) {
        if (p[i]->is_infinity()) {
            skip[i] = 1;
            continue;
        }
        split(t[i], basis(static_cast<const J*>(nullptr)), h1[i], h2[i]);
        J* row = &jac[T * i];
        row[0] = h1[i].negative ? p[i]->neg() : *p[i];
        J two = row[0].dbl();
        for (int k = 1; k < T; k++) row[k] = row[k - 1].add(two);
        bool finite = true;
        for (int k = 0; k < T; k++) finite = finite && !row[k].is_infinity();
        if (!finite) {
            const Fr plain = t[i].to_plain();
            const u64 k[4] = {plain.v[0], plain.v[1], plain.v[2], plain.v[3]};
            *p[i] = p[i]->mul(k);
            skip[i] = 1;
            continue;
        }
        for (int k = 0; k < T; k++) {
            prefix[T * i + k] = acc;
            acc = acc * row[k].Z;
        }
    }
    F inv = acc.inverse();
    for (std::size_t i = n; i-- > 0;) {
        if (skip[i]) continue;
        for (int k = T - 1; k >= 0; k--) {
            const J& q = jac[T * i + k];
            F zi = inv * prefix[T * i + k];
            inv = inv * q.Z;
            F zi2 = zi.sqr();
            aff[T * i + k] = A{q.X * zi2, q.Y * zi2 * zi};
        }
    }
    std::int8_t d1[130], d2[130];
    for (std::size_t i = 0; i < n; i++) {
        if (skip[i]) continue;
        const A* t1 = &aff[T * i];
        A t2[T];
        for (int k = 0; k < T; k++) {
            t2[k] = endo(t1[k]);
            if (h1[i].negative != h2[i].negative) t2[k] = t2[k].neg();
        }
        int n1 = wnaf4(h1[i].lo, h1[i].hi, d1), n2 = wnaf4(h2[i].lo, h2[i].hi, d2);
        J r = J::infinity();
        for (int b = std::max(n1, n2) - 1; b >= 0; b--) {
            r = r.dbl();
            int x = b < n1 ? d1[b] : 0, y = b < n2 ? d2[b] : 0;
            if (x > 0) r = r.add_mixed(t1[x >> 1]);
            if (x < 0) r = r.add_mixed(t1[(-x) >> 1].neg());
            if (y > 0) r = r.add_mixed(t2[y >> 1]);
            if (y < 0) r = r.add_mixed(t2[(-y) >> 1].neg());
        }
        *p[i] = r;
    }
}

}  // namespace zkml::ZKML_NS::glv
