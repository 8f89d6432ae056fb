// Eight elements of F_p at once on AVX-512 IFMA (vpmadd52luq/vpmadd52huq): the arithmetic of the batched affine
// additions of the G1 MSM (msm.hpp), where a batch holds many independent additions.
//
// Representation: an element x is held as x·2^260 mod p (Montgomery form for R' = 2^260, not the 2^256 of field.hpp)
// in five limbs of 52 bits, one vector per limb, lane k of each vector belonging to element k. The values are not
// fully reduced: each operation states the bound of its result as a multiple of p (p < 2^254), and every limb of an
// operand is below 2^52 (IFMA reads the low 52 bits of its multiplicands only). Conversions: from_r256 multiplies by
// 2^264 mod p (x·2^256 → x·2^260), to_r256 by 2^256 mod p (x·2^260 → x·2^256, below 2p).
//
// Compiled only into the avx512ifma kernels (ZKML_IFMA); api.cpp picks those where cpuid reports AVX-512 F and IFMA.
#pragma once
#ifdef ZKML_IFMA
#include <immintrin.h>

#include "field.hpp"

namespace zkml::ZKML_NS::ifma {

constexpr u64 MASK52 = (u64(1) << 52) - 1;

/** The 52-bit limbs of a 256-bit value (four 64-bit limbs). */
constexpr void split52(const u64* v, u64* l) {
    l[0] = v[0] & MASK52;
    l[1] = ((v[0] >> 52) | (v[1] << 12)) & MASK52;
    l[2] = ((v[1] >> 40) | (v[2] << 24)) & MASK52;
    l[3] = ((v[2] >> 28) | (v[3] << 36)) & MASK52;
    l[4] = v[3] >> 16;
}
/** The 64-bit limbs of a value below 2^256 held in five normalized 52-bit limbs. */
constexpr void join52(const u64* l, u64* v) {
    v[0] = l[0] | (l[1] << 52);
    v[1] = (l[1] >> 12) | (l[2] << 40);
    v[2] = (l[2] >> 24) | (l[3] << 28);
    v[3] = (l[3] >> 36) | (l[4] << 16);
}

struct L5 {
    u64 v[5];
};
constexpr L5 split52(const detail::L4& a) {
    L5 r{{0, 0, 0, 0, 0}};
    split52(a.v, r.v);
    return r;
}
/** k·p as five 64-bit words (k < 2^64). */
constexpr void times_p_words(u64 k, u64 (&w)[5]) {
    u128 c = 0;
    for (int i = 0; i < 4; i++) {
        c += (u128)FpParams::M[i] * k;
        w[i] = (u64)c;
        c >>= 64;
    }
    w[4] = (u64)c;
}
/** The limbs of k·p with limb 4 allowed above 52 bits (8p ≥ 2^256). */
constexpr L5 split52_times_p(u64 k) {
    u64 w[5] = {0, 0, 0, 0, 0};
    times_p_words(k, w);
    L5 r{{0, 0, 0, 0, 0}};
    split52(w, r.v);
    r.v[4] |= w[4] << 48;
    return r;
}
constexpr u64 neg_inverse52(u64 m0) {
    u64 x = 1;
    for (int i = 0; i < 6; i++) x *= 2 - m0 * x;
    return (~x + 1) & MASK52;
}

struct Consts {
    static constexpr L5 P = split52_times_p(1);
    static constexpr L5 P4 = split52_times_p(4);
    static constexpr L5 P8 = split52_times_p(8);
    static constexpr u64 INV = neg_inverse52(FpParams::M[0] & MASK52);  // −p⁻¹ mod 2^52
    static constexpr L5 TO_R260 = split52(detail::pow2_mod(FpParams::M, 264));
    static constexpr L5 TO_R256 = split52(detail::pow2_mod(FpParams::M, 256));
    static constexpr L5 ONE = split52(detail::pow2_mod(FpParams::M, 260));
    /** ⌊2^52 / (⌊p / 2^208⌋ + 1)⌋: the quotient estimate of reduce(). */
    static constexpr u64 RECIP = (u64(1) << 52) / ((FpParams::M[3] >> 16) + 1);
};

/** Eight elements: limb j of element k in lane k of l[j]. */
struct V {
    __m512i l[5];
};

ZKML_INLINE __m512i bc(u64 x) { return _mm512_set1_epi64((long long)x); }
ZKML_INLINE V constant(const L5& c) { return V{{bc(c.v[0]), bc(c.v[1]), bc(c.v[2]), bc(c.v[3]), bc(c.v[4])}}; }
// shifts by 52 as vector-extension shifts (vpsrlq/vpsraq; GCC 12's intrinsics warn of an undefined operand)
ZKML_INLINE __m512i shr52(__m512i x) { return (__m512i)((__v8du)x >> 52); }
ZKML_INLINE __m512i sar52(__m512i x) { return (__m512i)((__v8di)x >> 52); }

/** Carries limb j's bits above 52 into limb j + 1 (limbs non-negative). */
ZKML_INLINE void normalize(V& a) {
    const __m512i m = bc(MASK52);
    for (int j = 0; j < 4; j++) {
        a.l[j + 1] = _mm512_add_epi64(a.l[j + 1], shr52(a.l[j]));
        a.l[j] = _mm512_and_si512(a.l[j], m);
    }
}
/** The same for limbs that may be negative (two's complement), the value itself non-negative. */
ZKML_INLINE void normalize_signed(V& a) {
    const __m512i m = bc(MASK52);
    for (int j = 0; j < 4; j++) {
        a.l[j + 1] = _mm512_add_epi64(a.l[j + 1], sar52(a.l[j]));
        a.l[j] = _mm512_and_si512(a.l[j], m);
    }
}

/**
 * The Montgomery product a·b·2^−260 mod p, below 2p when a·b < p·2^260 (so for a, b both below 4p, or one below 2p
 * and the other below 8p). Operand scanning: five rounds of t += a·bᵢ, t += m·p with m = t₀·(−p⁻¹) mod 2^52, and a
 * shift by one limb; the accumulators stay below 2^58, and the result is normalized.
 */
ZKML_INLINE V mul(const V& a, const V& b) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i inv = bc(Consts::INV);
    const __m512i p0 = bc(Consts::P.v[0]), p1 = bc(Consts::P.v[1]), p2 = bc(Consts::P.v[2]), p3 = bc(Consts::P.v[3]),
                  p4 = bc(Consts::P.v[4]);
    __m512i t0 = zero, t1 = zero, t2 = zero, t3 = zero, t4 = zero, t5 = zero;
    for (int i = 0; i < 5; i++) {
        const __m512i bi = b.l[i];
        t0 = _mm512_madd52lo_epu64(t0, a.l[0], bi);
        t1 = _mm512_madd52hi_epu64(t1, a.l[0], bi);
        t1 = _mm512_madd52lo_epu64(t1, a.l[1], bi);
        t2 = _mm512_madd52hi_epu64(t2, a.l[1], bi);
        t2 = _mm512_madd52lo_epu64(t2, a.l[2], bi);
        t3 = _mm512_madd52hi_epu64(t3, a.l[2], bi);
        t3 = _mm512_madd52lo_epu64(t3, a.l[3], bi);
        t4 = _mm512_madd52hi_epu64(t4, a.l[3], bi);
        t4 = _mm512_madd52lo_epu64(t4, a.l[4], bi);
        t5 = _mm512_madd52hi_epu64(t5, a.l[4], bi);
        const __m512i m = _mm512_madd52lo_epu64(zero, t0, inv);
        t0 = _mm512_madd52lo_epu64(t0, m, p0);
        t1 = _mm512_madd52hi_epu64(t1, m, p0);
        t1 = _mm512_madd52lo_epu64(t1, m, p1);
        t2 = _mm512_madd52hi_epu64(t2, m, p1);
        t2 = _mm512_madd52lo_epu64(t2, m, p2);
        t3 = _mm512_madd52hi_epu64(t3, m, p2);
        t3 = _mm512_madd52lo_epu64(t3, m, p3);
        t4 = _mm512_madd52hi_epu64(t4, m, p3);
        t4 = _mm512_madd52lo_epu64(t4, m, p4);
        t5 = _mm512_madd52hi_epu64(t5, m, p4);
        // t₀ ≡ 0 mod 2^52 now: its high bits carry into t₁, and the accumulator shifts down one limb
        t1 = _mm512_add_epi64(t1, shr52(t0));
        t0 = t1;
        t1 = t2;
        t2 = t3;
        t3 = t4;
        t4 = t5;
        t5 = zero;
    }
    V r{{t0, t1, t2, t3, t4}};
    normalize(r);
    return r;
}

ZKML_INLINE V sqr(const V& a) { return mul(a, a); }

/** a + b (bounds add up), normalized. */
ZKML_INLINE V add(const V& a, const V& b) {
    V r;
    for (int j = 0; j < 5; j++) r.l[j] = _mm512_add_epi64(a.l[j], b.l[j]);
    normalize(r);
    return r;
}

/** a − b + k·p for b below k·p (k = 4 or 8: the limbs of Consts::P4/P8), normalized; below a's bound + k·p. */
ZKML_INLINE V sub_plus(const V& a, const V& b, const L5& kp) {
    V r;
    for (int j = 0; j < 5; j++) r.l[j] = _mm512_sub_epi64(_mm512_add_epi64(a.l[j], bc(kp.v[j])), b.l[j]);
    normalize_signed(r);
    return r;
}

/**
 * A value below 16p brought below 3p: minus q·p for q = ⌊limb₄·RECIP / 2^52⌋, which underestimates ⌊a/p⌋ by less
 * than 1.2 (so the result is non-negative and below 2.2p).
 */
ZKML_INLINE V reduce(const V& a) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i q = _mm512_madd52hi_epu64(zero, a.l[4], bc(Consts::RECIP));
    V r = a;
    for (int j = 0; j < 5; j++) {
        const __m512i pj = bc(Consts::P.v[j]);
        r.l[j] = _mm512_sub_epi64(r.l[j], _mm512_madd52lo_epu64(zero, q, pj));
        if (j < 4) r.l[j + 1] = _mm512_sub_epi64(r.l[j + 1], _mm512_madd52hi_epu64(zero, q, pj));
    }
    normalize_signed(r);
    return r;
}

/** Lanewise select: b where the mask bit is set, else a. */
ZKML_INLINE V select(__mmask8 k, const V& a, const V& b) {
    V r;
    for (int j = 0; j < 5; j++) r.l[j] = _mm512_mask_blend_epi64(k, a.l[j], b.l[j]);
    return r;
}

/** Loads eight elements stored limb-major (limb j of element k at base[j·stride + k]). */
ZKML_INLINE V load(const u64* base, std::size_t stride) {
    V r;
    for (int j = 0; j < 5; j++) r.l[j] = _mm512_loadu_si512(base + j * stride);
    return r;
}
ZKML_INLINE void store(const V& a, u64* base, std::size_t stride) {
    for (int j = 0; j < 5; j++) _mm512_storeu_si512(base + j * stride, a.l[j]);
}

/** Eight elements of F_p as msm_ifma.hpp uses them: the vector type, the scalar type, and the conversions. */
struct VecFp {
    using F = Field<FpParams>;
    using T = V;
    static constexpr int LIMBS = 5;  // per element
    static ZKML_INLINE T one() { return constant(Consts::ONE); }
    static ZKML_INLINE T load(const u64* base, std::size_t stride) { return ifma::load(base, stride); }
    static ZKML_INLINE void store(const T& a, u64* base, std::size_t stride) { ifma::store(a, base, stride); }
    static ZKML_INLINE T mul(const T& a, const T& b) { return ifma::mul(a, b); }
    static ZKML_INLINE T sqr(const T& a) { return ifma::mul(a, a); }
    static ZKML_INLINE T add(const T& a, const T& b) { return ifma::add(a, b); }
    static ZKML_INLINE T sub4p(const T& a, const T& b) { return sub_plus(a, b, Consts::P4); }
    static ZKML_INLINE T sub8p(const T& a, const T& b) { return sub_plus(a, b, Consts::P8); }
    /** 4p − a for a ≤ 4p. */
    static ZKML_INLINE T neg4p(const T& a) { return sub_plus(constant(L5{{0, 0, 0, 0, 0}}), a, Consts::P4); }
    static ZKML_INLINE T reduce(const T& a) { return ifma::reduce(a); }
    static ZKML_INLINE T select(__mmask8 k, const T& a, const T& b) { return ifma::select(k, a, b); }
    /** x·2^256 → x·2^260 (from below p: below 2p), and back (from below 2.2p: below 2p). */
    static ZKML_INLINE T to260(const T& a) { return ifma::mul(a, constant(Consts::TO_R260)); }
    static ZKML_INLINE T to256(const T& a) { return ifma::mul(a, constant(Consts::TO_R256)); }
    static void split(const F& x, u64* l) { split52(x.v, l); }
    /** a^(p−2) = a⁻¹ (0 for 0) by fixed 4-bit windows, for a below 2p; below 2p. */
    static T inverse(const T& a) {
        T pw[16];
        pw[0] = one();
        pw[1] = a;
        for (int i = 2; i < 16; i++) pw[i] = ifma::mul(pw[i - 1], a);
        const u64 e[4] = {FpParams::M[0] - 2, FpParams::M[1], FpParams::M[2], FpParams::M[3]};
        T r = one();
        for (int w = 63; w >= 0; w--) {
            for (int s = 0; s < 4; s++) r = ifma::mul(r, r);
            r = ifma::mul(r, pw[(e[w / 16] >> (4 * (w % 16))) & 15]);
        }
        return r;
    }
    /** x (field.hpp's form) in all eight lanes, below 2p. */
    static T broadcast(const F& x) { return to260(constant(split52(detail::L4{{x.v[0], x.v[1], x.v[2], x.v[3]}}))); }
    /** The element of limbs below 2p, canonical. */
    static F join(const u64* l) {
        u64 v[4];
        join52(l, v);
        F x{{v[0], v[1], v[2], v[3]}};
        return x.canonical() ? x : x - F::modulus();
    }
};

/**
 * Eight elements of F_p² = F_p[u]/(u² + 1), each coordinate as VecFp. Products by Karatsuba, their coordinates
 * brought back below 2.2p by reduce(): operands below 2.2p and 6.2p (or both below 6.2p for the sums) keep the
 * coordinate sums' product below 4.4p·12.4p < p·2^260.
 */
struct VecFp2 {
    using F = Fp2;
    struct T {
        V c0, c1;
    };
    static constexpr int LIMBS = 10;  // c0's five limbs, then c1's
    static ZKML_INLINE T one() { return {constant(Consts::ONE), constant(L5{{0, 0, 0, 0, 0}})}; }
    static ZKML_INLINE T load(const u64* base, std::size_t stride) {
        return {ifma::load(base, stride), ifma::load(base + 5 * stride, stride)};
    }
    static ZKML_INLINE void store(const T& a, u64* base, std::size_t stride) {
        ifma::store(a.c0, base, stride);
        ifma::store(a.c1, base + 5 * stride, stride);
    }
    static ZKML_INLINE T mul(const T& a, const T& b) {
        const V v0 = ifma::mul(a.c0, b.c0), v1 = ifma::mul(a.c1, b.c1);
        const V v2 = ifma::mul(ifma::add(a.c0, a.c1), ifma::add(b.c0, b.c1));
        return {ifma::reduce(sub_plus(v0, v1, Consts::P4)),
                ifma::reduce(sub_plus(sub_plus(v2, v0, Consts::P4), v1, Consts::P4))};
    }
    /** (a0 + a1u)² = (a0 + a1)(a0 − a1) + 2a0a1·u. */
    static ZKML_INLINE T sqr(const T& a) {
        const V m = ifma::mul(a.c0, a.c1);
        return {ifma::mul(ifma::add(a.c0, a.c1), sub_plus(a.c0, a.c1, Consts::P4)), ifma::add(m, m)};
    }
    static ZKML_INLINE T add(const T& a, const T& b) { return {ifma::add(a.c0, b.c0), ifma::add(a.c1, b.c1)}; }
    static ZKML_INLINE T sub4p(const T& a, const T& b) {
        return {sub_plus(a.c0, b.c0, Consts::P4), sub_plus(a.c1, b.c1, Consts::P4)};
    }
    static ZKML_INLINE T sub8p(const T& a, const T& b) {
        return {sub_plus(a.c0, b.c0, Consts::P8), sub_plus(a.c1, b.c1, Consts::P8)};
    }
    static ZKML_INLINE T neg4p(const T& a) { return {VecFp::neg4p(a.c0), VecFp::neg4p(a.c1)}; }
    static ZKML_INLINE T reduce(const T& a) { return {ifma::reduce(a.c0), ifma::reduce(a.c1)}; }
    static ZKML_INLINE T select(__mmask8 k, const T& a, const T& b) {
        return {ifma::select(k, a.c0, b.c0), ifma::select(k, a.c1, b.c1)};
    }
    static ZKML_INLINE T to260(const T& a) { return {VecFp::to260(a.c0), VecFp::to260(a.c1)}; }
    static ZKML_INLINE T to256(const T& a) { return {VecFp::to256(a.c0), VecFp::to256(a.c1)}; }
    static void split(const F& x, u64* l) {
        split52(x.c0.v, l);
        split52(x.c1.v, l + 5);
    }
    static F join(const u64* l) { return {VecFp::join(l), VecFp::join(l + 5)}; }
    static T broadcast(const F& x) { return {VecFp::broadcast(x.c0), VecFp::broadcast(x.c1)}; }
    /** ā/(a0² + a1²) (0 for 0), for coordinates below 2.2p. */
    static T inverse(const T& a) {
        const V n = VecFp::inverse(ifma::reduce(ifma::add(ifma::mul(a.c0, a.c0), ifma::mul(a.c1, a.c1))));
        return {ifma::mul(a.c0, n), ifma::mul(VecFp::neg4p(a.c1), n)};
    }
};

}  // namespace zkml::ZKML_NS::ifma
#endif
