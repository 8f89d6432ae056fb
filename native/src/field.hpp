// BN254 prime fields in Montgomery form: four 64-bit limbs, little-endian, a·2^256 mod m.
// One template, two parameter sets (Fp: the base field, Fr: the scalar field); Fp2 = Fp[u]/(u² + 1).
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>
#include <x86intrin.h>

#ifndef ZKML_NS
#define ZKML_NS generic
#endif

// Everything arithmetic lives in a namespace per kernel variant (ZKML_NS), compiled once per instruction set:
// the variants must not share inline functions, which the linker would merge.
#define ZKML_INLINE inline __attribute__((always_inline))

namespace zkml::ZKML_NS {

using u64 = unsigned long long;  // the type of the x86 carry intrinsics
using u128 = unsigned __int128;

namespace detail {
// −m⁻¹ mod 2^64 by Newton's iteration (each step doubles the correct low bits)
constexpr u64 neg_inverse(u64 m0) {
    u64 x = 1;
    for (int i = 0; i < 6; i++) x *= 2 - m0 * x;
    return ~x + 1;
}
struct L4 { u64 v[4]; };
constexpr bool geq(const L4& a, const u64* m) {
    for (int i = 3; i >= 0; i--) {
        if (a.v[i] != m[i]) return a.v[i] > m[i];
    }
    return true;
}
// 2^k mod m for k ≥ 0 by doubling (compile time only)
constexpr L4 pow2_mod(const u64* m, int k) {
    L4 a{{1, 0, 0, 0}};
    for (int s = 0; s < k; s++) {
        u64 top = a.v[3] >> 63;
        for (int i = 3; i > 0; i--) a.v[i] = (a.v[i] << 1) | (a.v[i - 1] >> 63);
        a.v[0] <<= 1;
        if (top || geq(a, m)) {
            u64 borrow = 0;
            for (int i = 0; i < 4; i++) {
                u64 mi = m[i];
                u64 d = a.v[i] - mi - borrow;
                borrow = (a.v[i] < mi) || (a.v[i] - mi < borrow) ? 1 : 0;
                a.v[i] = d;
            }
        }
    }
    return a;
}
}  // namespace detail

struct FpParams {
    static constexpr u64 M[4] = {0x3c208c16d87cfd47ULL, 0x97816a916871ca8dULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
};
struct FrParams {
    static constexpr u64 M[4] = {0x43e1f593f0000001ULL, 0x2833e84879b97091ULL, 0xb85045b68181585dULL, 0x30644e72e131a029ULL};
};

/** An element of the prime field with modulus P::M (< 2^254, so the no-carry Montgomery product applies). */
template <class P>
struct Field {
    u64 v[4];

    static constexpr u64 INV = detail::neg_inverse(P::M[0]);
    static constexpr detail::L4 R1 = detail::pow2_mod(P::M, 256);  // 1 in Montgomery form
    static constexpr detail::L4 R2 = detail::pow2_mod(P::M, 512);  // for the conversion to Montgomery form

    static constexpr Field zero() { return Field{{0, 0, 0, 0}}; }
    static constexpr Field one() { return Field{{R1.v[0], R1.v[1], R1.v[2], R1.v[3]}}; }
    static constexpr Field r2() { return Field{{R2.v[0], R2.v[1], R2.v[2], R2.v[3]}}; }
    static constexpr Field modulus() { return Field{{P::M[0], P::M[1], P::M[2], P::M[3]}}; }

    ZKML_INLINE bool is_zero() const { return (v[0] | v[1] | v[2] | v[3]) == 0; }
    bool operator==(const Field& o) const { return ((v[0] ^ o.v[0]) | (v[1] ^ o.v[1]) | (v[2] ^ o.v[2]) | (v[3] ^ o.v[3])) == 0; }
    bool operator!=(const Field& o) const { return !(*this == o); }

    /** Whether the four limbs are below the modulus. */
    bool canonical() const {
        for (int i = 3; i >= 0; i--) {
            if (v[i] != P::M[i]) return v[i] < P::M[i];
        }
        return false;
    }

    static Field load(const void* p) {
        Field r;
        std::memcpy(r.v, p, 32);
        return r;
    }
    void store(void* p) const { std::memcpy(p, v, 32); }

    /** t − m when t ≥ m (t < 2m). */
    static ZKML_INLINE void sub_modulus_if_needed(u64 (&t)[4]) {
        u64 d0, d1, d2, d3;
        unsigned char b = _subborrow_u64(0, t[0], P::M[0], &d0);
        b = _subborrow_u64(b, t[1], P::M[1], &d1);
        b = _subborrow_u64(b, t[2], P::M[2], &d2);
        b = _subborrow_u64(b, t[3], P::M[3], &d3);
        if (!b) {
            t[0] = d0; t[1] = d1; t[2] = d2; t[3] = d3;
        }
    }

    friend ZKML_INLINE Field operator+(const Field& a, const Field& b) {
        u64 t[4];
        unsigned char c = _addcarry_u64(0, a.v[0], b.v[0], &t[0]);
        c = _addcarry_u64(c, a.v[1], b.v[1], &t[1]);
        c = _addcarry_u64(c, a.v[2], b.v[2], &t[2]);
        _addcarry_u64(c, a.v[3], b.v[3], &t[3]);  // < 2^255: no carry out
        sub_modulus_if_needed(t);
        return Field{{t[0], t[1], t[2], t[3]}};
    }

    friend ZKML_INLINE Field operator-(const Field& a, const Field& b) {
        u64 t[4];
        unsigned char br = _subborrow_u64(0, a.v[0], b.v[0], &t[0]);
        br = _subborrow_u64(br, a.v[1], b.v[1], &t[1]);
        br = _subborrow_u64(br, a.v[2], b.v[2], &t[2]);
        br = _subborrow_u64(br, a.v[3], b.v[3], &t[3]);
        const u64 mask = 0 - u64(br);
        unsigned char c = _addcarry_u64(0, t[0], P::M[0] & mask, &t[0]);
        c = _addcarry_u64(c, t[1], P::M[1] & mask, &t[1]);
        c = _addcarry_u64(c, t[2], P::M[2] & mask, &t[2]);
        _addcarry_u64(c, t[3], P::M[3] & mask, &t[3]);
        return Field{{t[0], t[1], t[2], t[3]}};
    }

    ZKML_INLINE Field neg() const { return is_zero() ? *this : zero() - *this; }
    ZKML_INLINE Field dbl() const { return *this + *this; }

    /** The Montgomery product a·b·2^−256 (CIOS without the extra carry word: the modulus' top bit is clear). */
    friend ZKML_INLINE Field operator*(const Field& a, const Field& b) {
#if defined(__BMI2__) && defined(__ADX__)
        return mul_adx(a, b);
#else
        return mul_portable(a, b);
#endif
    }

    static ZKML_INLINE Field mul_portable(const Field& a, const Field& b) {
        u64 t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        for (int i = 0; i < 4; i++) {
            const u64 bi = b.v[i];
            u128 p = (u128)a.v[0] * bi + t0;
            u64 A = (u64)(p >> 64);
            t0 = (u64)p;
            const u64 m = t0 * INV;
            u128 q = (u128)m * P::M[0] + t0;
            u64 C = (u64)(q >> 64);
            p = (u128)a.v[1] * bi + t1 + A;
            A = (u64)(p >> 64);
            q = (u128)m * P::M[1] + (u64)p + C;
            C = (u64)(q >> 64);
            t0 = (u64)q;
            p = (u128)a.v[2] * bi + t2 + A;
            A = (u64)(p >> 64);
            q = (u128)m * P::M[2] + (u64)p + C;
            C = (u64)(q >> 64);
            t1 = (u64)q;
            p = (u128)a.v[3] * bi + t3 + A;
            A = (u64)(p >> 64);
            q = (u128)m * P::M[3] + (u64)p + C;
            C = (u64)(q >> 64);
            t2 = (u64)q;
            t3 = C + A;
        }
        u64 t[4] = {t0, t1, t2, t3};
        sub_modulus_if_needed(t);
        return Field{{t[0], t[1], t[2], t[3]}};
    }

#if defined(__BMI2__) && defined(__ADX__)
    /**
     * The same product with mulx and two carry chains (adcx on CF, adox on OF), four rounds of: t += a·bᵢ, then
     * t += m·M with m = t₀·(−M⁻¹) and a shift by one limb; the accumulator's five registers rotate by one per round.
     */
    static ZKML_INLINE Field mul_adx(const Field& a, const Field& b) {
        u64 r0, r1, r2, r3, r4, lo, hi;
        __asm__(
            "xorl %k[lo], %k[lo]\n\t"
            "movq 0(%[b]), %%rdx\n\t"
            "mulxq 0(%[a]), %[r0], %[r1]\n\t"
            "mulxq 8(%[a]), %[lo], %[r2]\n\t"
            "adcxq %[lo], %[r1]\n\t"
            "mulxq 16(%[a]), %[lo], %[r3]\n\t"
            "adcxq %[lo], %[r2]\n\t"
            "mulxq 24(%[a]), %[lo], %[r4]\n\t"
            "adcxq %[lo], %[r3]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r4]\n\t"
            "movq %[r0], %%rdx\n\t"
            "imulq %[inv], %%rdx\n\t"
            "xorl %k[lo], %k[lo]\n\t"
            "mulxq 0(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[r0], %[lo]\n\t"
            "adoxq %[hi], %[r1]\n\t"
            "mulxq 8(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r1]\n\t"
            "adoxq %[hi], %[r2]\n\t"
            "mulxq 16(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r2]\n\t"
            "adoxq %[hi], %[r3]\n\t"
            "mulxq 24(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r3]\n\t"
            "adoxq %[hi], %[r4]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r4]\n\t"
            "adoxq %[lo], %[r4]\n\t"
            "movq 8(%[b]), %%rdx\n\t"
            "xorl %k[lo], %k[lo]\n\t"
            "mulxq 0(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r1]\n\t"
            "adcxq %[hi], %[r2]\n\t"
            "mulxq 8(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r2]\n\t"
            "adcxq %[hi], %[r3]\n\t"
            "mulxq 16(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r3]\n\t"
            "adcxq %[hi], %[r4]\n\t"
            "mulxq 24(%[a]), %[lo], %[r0]\n\t"
            "adoxq %[lo], %[r4]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r0]\n\t"
            "adoxq %[lo], %[r0]\n\t"
            "movq %[r1], %%rdx\n\t"
            "imulq %[inv], %%rdx\n\t"
            "xorl %k[lo], %k[lo]\n\t"
            "mulxq 0(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[r1], %[lo]\n\t"
            "adoxq %[hi], %[r2]\n\t"
            "mulxq 8(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r2]\n\t"
            "adoxq %[hi], %[r3]\n\t"
            "mulxq 16(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r3]\n\t"
            "adoxq %[hi], %[r4]\n\t"
            "mulxq 24(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r4]\n\t"
            "adoxq %[hi], %[r0]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r0]\n\t"
            "adoxq %[lo], %[r0]\n\t"
            "movq 16(%[b]), %%rdx\n\t"
            "xorl %k[lo], %k[lo]\n\t"
            "mulxq 0(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r2]\n\t"
            "adcxq %[hi], %[r3]\n\t"
            "mulxq 8(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r3]\n\t"
            "adcxq %[hi], %[r4]\n\t"
            "mulxq 16(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r4]\n\t"
            "adcxq %[hi], %[r0]\n\t"
            "mulxq 24(%[a]), %[lo], %[r1]\n\t"
            "adoxq %[lo], %[r0]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r1]\n\t"
            "adoxq %[lo], %[r1]\n\t"
            "movq %[r2], %%rdx\n\t"
            "imulq %[inv], %%rdx\n\t"
            "xorl %k[lo], %k[lo]\n\t"
            "mulxq 0(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[r2], %[lo]\n\t"
            "adoxq %[hi], %[r3]\n\t"
            "mulxq 8(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r3]\n\t"
            "adoxq %[hi], %[r4]\n\t"
            "mulxq 16(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r4]\n\t"
            "adoxq %[hi], %[r0]\n\t"
            "mulxq 24(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r0]\n\t"
            "adoxq %[hi], %[r1]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r1]\n\t"
            "adoxq %[lo], %[r1]\n\t"
            "movq 24(%[b]), %%rdx\n\t"
            "xorl %k[lo], %k[lo]\n\t"
            "mulxq 0(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r3]\n\t"
            "adcxq %[hi], %[r4]\n\t"
            "mulxq 8(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r4]\n\t"
            "adcxq %[hi], %[r0]\n\t"
            "mulxq 16(%[a]), %[lo], %[hi]\n\t"
            "adoxq %[lo], %[r0]\n\t"
            "adcxq %[hi], %[r1]\n\t"
            "mulxq 24(%[a]), %[lo], %[r2]\n\t"
            "adoxq %[lo], %[r1]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r2]\n\t"
            "adoxq %[lo], %[r2]\n\t"
            "movq %[r3], %%rdx\n\t"
            "imulq %[inv], %%rdx\n\t"
            "xorl %k[lo], %k[lo]\n\t"
            "mulxq 0(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[r3], %[lo]\n\t"
            "adoxq %[hi], %[r4]\n\t"
            "mulxq 8(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r4]\n\t"
            "adoxq %[hi], %[r0]\n\t"
            "mulxq 16(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r0]\n\t"
            "adoxq %[hi], %[r1]\n\t"
            "mulxq 24(%[m]), %[lo], %[hi]\n\t"
            "adcxq %[lo], %[r1]\n\t"
            "adoxq %[hi], %[r2]\n\t"
            "movl $0, %k[lo]\n\t"
            "adcxq %[lo], %[r2]\n\t"
            "adoxq %[lo], %[r2]\n\t"
            : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4), [lo] "=&r"(lo), [hi] "=&r"(hi)
            : [a] "r"(a.v), [b] "r"(b.v), [m] "r"(P::M), [inv] "m"(INV), "m"(*(const u64(*)[4])a.v), "m"(*(const u64(*)[4])b.v),
              "m"(*(const u64(*)[4])P::M)
            : "rdx", "cc");
        (void)r3;
        u64 t[4] = {r4, r0, r1, r2};
        sub_modulus_if_needed(t);
        return Field{{t[0], t[1], t[2], t[3]}};
    }
#endif

    ZKML_INLINE Field sqr() const { return *this * *this; }

    /** Plain value (four limbs, below the modulus) to Montgomery form. */
    static Field from_plain(const Field& x) { return x * r2(); }
    /** Montgomery form to the plain value. */
    Field to_plain() const { return *this * Field{{1, 0, 0, 0}}; }
    static Field from_u64(u64 x) { return from_plain(Field{{x, 0, 0, 0}}); }

    /** this^e for a plain exponent of four limbs. */
    Field pow(const u64 (&e)[4]) const {
        Field r = one();
        for (int i = 3; i >= 0; i--) {
            for (int b = 63; b >= 0; b--) {
                r = r.sqr();
                if ((e[i] >> b) & 1) r = r * *this;
            }
        }
        return r;
    }
    Field pow(u64 e) const {
        const u64 ee[4] = {e, 0, 0, 0};
        return pow(ee);
    }

    /** The inverse by Fermat (x^(m−2)); 0 for 0. The reference of inverse(). */
    Field inverse_fermat() const {
        u64 e[4] = {P::M[0] - 2, P::M[1], P::M[2], P::M[3]};
        return pow(e);
    }

    /**
     * The inverse; 0 for 0. Kaliski's almost-inverse on the Montgomery value a = xR: its first phase gives
     * a⁻¹·2^k mod m for some k in [254, 512] with shifts, additions and subtractions only (u, v shrink; r, s stay below
     * 2m), and one product by 2^(768−k) makes that a⁻¹·2^512 = x⁻¹·R. Not constant time (see curve.hpp's mul).
     */
    Field inverse() const {
        if (is_zero()) return *this;
        u64 u[4] = {P::M[0], P::M[1], P::M[2], P::M[3]}, w[4] = {v[0], v[1], v[2], v[3]};
        u64 r[4] = {0, 0, 0, 0}, s[4] = {1, 0, 0, 0};
        int k = 0;
        while ((w[0] | w[1] | w[2] | w[3]) != 0) {
            if ((u[0] & 1) == 0) {
                const int t = shift_out_zeros(u);
                shl(s, t);
                k += t;
            } else if ((w[0] & 1) == 0) {
                const int t = shift_out_zeros(w);
                shl(r, t);
                k += t;
            } else if (greater(u, w)) {
                sub_in(u, w);
                shr1(u);
                add_in(r, s);
                shl(s, 1);
                k++;
            } else {
                sub_in(w, u);
                shr1(w);
                add_in(s, r);
                shl(r, 1);
                k++;
            }
        }
        if (k < 248 || k > 520) return inverse_fermat();  // outside [n, 2n] for n = 254: cannot happen
        // r < 2m: a⁻¹·2^k = m − r (mod m)
        Field x{{r[0], r[1], r[2], r[3]}};
        if (!x.canonical()) x = x - modulus();
        x = x.is_zero() ? x : modulus() - x;
        return x * pow2_table()[768 - k];
    }

private:
    static ZKML_INLINE bool greater(const u64* a, const u64* b) {
        for (int i = 3; i >= 0; i--) {
            if (a[i] != b[i]) return a[i] > b[i];
        }
        return false;
    }
    static ZKML_INLINE void sub_in(u64* a, const u64* b) {
        unsigned char br = _subborrow_u64(0, a[0], b[0], &a[0]);
        br = _subborrow_u64(br, a[1], b[1], &a[1]);
        br = _subborrow_u64(br, a[2], b[2], &a[2]);
        _subborrow_u64(br, a[3], b[3], &a[3]);
    }
    static ZKML_INLINE void add_in(u64* a, const u64* b) {
        unsigned char c = _addcarry_u64(0, a[0], b[0], &a[0]);
        c = _addcarry_u64(c, a[1], b[1], &a[1]);
        c = _addcarry_u64(c, a[2], b[2], &a[2]);
        _addcarry_u64(c, a[3], b[3], &a[3]);
    }
    static ZKML_INLINE void shr1(u64* a) {
        a[0] = (a[0] >> 1) | (a[1] << 63);
        a[1] = (a[1] >> 1) | (a[2] << 63);
        a[2] = (a[2] >> 1) | (a[3] << 63);
        a[3] >>= 1;
    }
    /** a <<= t for 0 < t < 64 (the caller keeps a·2^t below 2^256). */
    static ZKML_INLINE void shl(u64* a, int t) {
        a[3] = (a[3] << t) | (a[2] >> (64 - t));
        a[2] = (a[2] << t) | (a[1] >> (64 - t));
        a[1] = (a[1] << t) | (a[0] >> (64 - t));
        a[0] <<= t;
    }
    /** Removes a's trailing zero bits (a even and not zero), at most 63 at a time; returns how many. */
    static ZKML_INLINE int shift_out_zeros(u64* a) {
        int t = a[0] != 0 ? __builtin_ctzll(a[0]) : 63;
        if (t > 63) t = 63;
        a[0] = (a[0] >> t) | (a[1] << (64 - t));
        a[1] = (a[1] >> t) | (a[2] << (64 - t));
        a[2] = (a[2] >> t) | (a[3] << (64 - t));
        a[3] >>= t;
        return t;
    }
    /** 2^e mod m as plain values, e ≤ 520 (inverse() multiplies by 2^(768−k) in Montgomery's product). */
    static const Field* pow2_table() {
        static const std::vector<Field> table = [] {
            std::vector<Field> t(521);
            Field x{{1, 0, 0, 0}};
            for (int e = 0; e <= 520; e++) {
                t[e] = x;
                x = x + x;
            }
            return t;
        }();
        return table.data();
    }

public:
};

using Fp = Field<FpParams>;
using Fr = Field<FrParams>;

/** F_p² = F_p[u]/(u² + 1), c0 + c1·u. */
struct Fp2 {
    Fp c0, c1;

    static Fp2 zero() { return {Fp::zero(), Fp::zero()}; }
    static Fp2 one() { return {Fp::one(), Fp::zero()}; }
    ZKML_INLINE bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
    bool operator==(const Fp2& o) const { return c0 == o.c0 && c1 == o.c1; }
    bool operator!=(const Fp2& o) const { return !(*this == o); }
    bool canonical() const { return c0.canonical() && c1.canonical(); }
    static Fp2 load(const void* p) {
        const unsigned char* b = static_cast<const unsigned char*>(p);
        return {Fp::load(b), Fp::load(b + 32)};
    }
    void store(void* p) const {
        unsigned char* b = static_cast<unsigned char*>(p);
        c0.store(b);
        c1.store(b + 32);
    }
    friend ZKML_INLINE Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
    friend ZKML_INLINE Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
    friend ZKML_INLINE Fp2 operator*(const Fp2& a, const Fp2& b) {
        // Karatsuba: (a0 + a1u)(b0 + b1u) = a0b0 − a1b1 + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)u
        Fp v0 = a.c0 * b.c0, v1 = a.c1 * b.c1;
        return {v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
    }
    ZKML_INLINE Fp2 sqr() const {
        // (c0 + c1)(c0 − c1) + 2c0c1·u
        Fp t = c0 * c1;
        return {(c0 + c1) * (c0 - c1), t + t};
    }
    ZKML_INLINE Fp2 neg() const { return {c0.neg(), c1.neg()}; }
    ZKML_INLINE Fp2 dbl() const { return *this + *this; }
    Fp2 inverse() const {
        Fp t = (c0.sqr() + c1.sqr()).inverse();
        return {c0 * t, (c1 * t).neg()};
    }
};

}  // namespace zkml::ZKML_NS
