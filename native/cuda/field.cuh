// BN254 Fp and Fr in Montgomery form (a·2^256 mod m) with eight 32-bit limbs, little-endian, and Fp2 = Fp[u]/(u² + 1),
// written once for the device and the host: nvcc compiles it as __host__ __device__ code, a host C++ compiler as
// plain inline C++, so the host tests (ctest, every machine) run the very functions the kernels run. The memory
// layout is that of the CPU backend (four 64-bit limbs little-endian = eight 32-bit limbs little-endian), so key and
// witness bytes are used as they are.
#pragma once
#include <cstdint>

// ZKC_HD: small functions, inlined; ZKC_CALL: large ones (Fp2 products, point formulas, loops), kept as calls on
// the device so that ptxas compiles each once (the build stays short; inlining them all took minutes).
#if defined(__CUDACC__)
#define ZKC_HD __host__ __device__ __forceinline__
#define ZKC_CALL __host__ __device__ __noinline__
#define ZKC_UNROLL _Pragma("unroll")
#else
#define ZKC_HD inline
#define ZKC_CALL inline
#define ZKC_UNROLL
#endif

namespace zkml::cuda {

using u32 = std::uint32_t;
using u64 = std::uint64_t;

/** The base field's parameters: modulus p, −p⁻¹ mod 2^32, 2^256 mod p (one), 2^512 mod p. */
struct FpParams {
    ZKC_HD static constexpr u32 m(int i) {
        constexpr u32 v[8] = {0xd87cfd47u, 0x3c208c16u, 0x6871ca8du, 0x97816a91u,
                              0x8181585du, 0xb85045b6u, 0xe131a029u, 0x30644e72u};
        return v[i];
    }
    static constexpr u32 INV = 0xe4866389u;
    ZKC_HD static constexpr u32 one(int i) {
        constexpr u32 v[8] = {0xc58f0d9du, 0xd35d438du, 0xf5c70b3du, 0x0a78eb28u,
                              0x7879462cu, 0x666ea36fu, 0x9a07df2fu, 0x0e0a77c1u};
        return v[i];
    }
    ZKC_HD static constexpr u32 r2(int i) {
        constexpr u32 v[8] = {0x538afa89u, 0xf32cfc5bu, 0xd44501fbu, 0xb5e71911u,
                              0x0a417ff6u, 0x47ab1effu, 0xcab8351fu, 0x06d89f71u};
        return v[i];
    }
};

/** The scalar field's parameters. */
struct FrParams {
    ZKC_HD static constexpr u32 m(int i) {
        constexpr u32 v[8] = {0xf0000001u, 0x43e1f593u, 0x79b97091u, 0x2833e848u,
                              0x8181585du, 0xb85045b6u, 0xe131a029u, 0x30644e72u};
        return v[i];
    }
    static constexpr u32 INV = 0xefffffffu;
    ZKC_HD static constexpr u32 one(int i) {
        constexpr u32 v[8] = {0x4ffffffbu, 0xac96341cu, 0x9f60cd29u, 0x36fc7695u,
                              0x7879462eu, 0x666ea36fu, 0x9a07df2fu, 0x0e0a77c1u};
        return v[i];
    }
    ZKC_HD static constexpr u32 r2(int i) {
        constexpr u32 v[8] = {0xae216da7u, 0x1bb8e645u, 0xe35c59e3u, 0x53fe3ab1u,
                              0x53bb8085u, 0x8c49833du, 0x7f4e44a5u, 0x0216d0b1u};
        return v[i];
    }
};

/** An element of the prime field P (modulus < 2^254: the Montgomery product needs no extra carry word). */
template <class P>
struct Field {
    u32 v[8];

    ZKC_HD static Field zero() {
        Field r;
        ZKC_UNROLL for (int i = 0; i < 8; i++) r.v[i] = 0;
        return r;
    }
    ZKC_HD static Field one() {
        Field r;
        ZKC_UNROLL for (int i = 0; i < 8; i++) r.v[i] = P::one(i);
        return r;
    }
    ZKC_HD static Field r2() {
        Field r;
        ZKC_UNROLL for (int i = 0; i < 8; i++) r.v[i] = P::r2(i);
        return r;
    }
    /** The eight limbs at p (32 bytes, little-endian; any alignment of 4). */
    ZKC_HD static Field load(const u32* p) {
        Field r;
        ZKC_UNROLL for (int i = 0; i < 8; i++) r.v[i] = p[i];
        return r;
    }
    ZKC_HD void store(u32* p) const {
        ZKC_UNROLL for (int i = 0; i < 8; i++) p[i] = v[i];
    }

    ZKC_HD bool is_zero() const {
        u32 a = 0;
        ZKC_UNROLL for (int i = 0; i < 8; i++) a |= v[i];
        return a == 0;
    }
    ZKC_HD bool operator==(const Field& o) const {
        u32 a = 0;
        ZKC_UNROLL for (int i = 0; i < 8; i++) a |= v[i] ^ o.v[i];
        return a == 0;
    }
    ZKC_HD bool operator!=(const Field& o) const { return !(*this == o); }

    /** Whether the limbs are below the modulus. */
    ZKC_HD bool canonical() const {
        for (int i = 7; i >= 0; i--) {
            if (v[i] != P::m(i)) return v[i] < P::m(i);
        }
        return false;
    }

    /** t − m when t ≥ m (t < 2m). */
    ZKC_HD static void reduce_once(u32 (&t)[8]) {
        u32 d[8];
        u64 borrow = 0;
        ZKC_UNROLL for (int i = 0; i < 8; i++) {
            u64 x = (u64)t[i] - P::m(i) - borrow;
            d[i] = (u32)x;
            borrow = (x >> 32) & 1;
        }
        if (!borrow) {
            ZKC_UNROLL for (int i = 0; i < 8; i++) t[i] = d[i];
        }
    }

    ZKC_HD friend Field operator+(const Field& a, const Field& b) {
        u32 t[8];
        u64 c = 0;
        ZKC_UNROLL for (int i = 0; i < 8; i++) {
            u64 x = (u64)a.v[i] + b.v[i] + c;
            t[i] = (u32)x;
            c = x >> 32;
        }
        reduce_once(t);  // a + b < 2^255: no carry out of the top limb
        Field r;
        ZKC_UNROLL for (int i = 0; i < 8; i++) r.v[i] = t[i];
        return r;
    }

    ZKC_HD friend Field operator-(const Field& a, const Field& b) {
        Field r;
        u64 borrow = 0;
        ZKC_UNROLL for (int i = 0; i < 8; i++) {
            u64 x = (u64)a.v[i] - b.v[i] - borrow;
            r.v[i] = (u32)x;
            borrow = (x >> 32) & 1;
        }
        const u32 mask = 0u - (u32)borrow;
        u64 c = 0;
        ZKC_UNROLL for (int i = 0; i < 8; i++) {
            u64 x = (u64)r.v[i] + (P::m(i) & mask) + c;
            r.v[i] = (u32)x;
            c = x >> 32;
        }
        return r;
    }

    ZKC_HD Field neg() const { return is_zero() ? *this : zero() - *this; }
    ZKC_HD Field dbl() const { return *this + *this; }

    /**
     * The Montgomery product a·b·2^−256 mod m: CIOS over 32-bit limbs, each round t ← (t + a·bᵢ + q·m)/2^32 with
     * q = t₀·(−m⁻¹) mod 2^32; every partial product plus two words fits 64 bits.
     */
    ZKC_HD friend Field operator*(const Field& a, const Field& b) {
        u32 t[8];
        ZKC_UNROLL for (int i = 0; i < 8; i++) t[i] = 0;
        ZKC_UNROLL for (int i = 0; i < 8; i++) {
            const u32 bi = b.v[i];
            u64 p = (u64)a.v[0] * bi + t[0];
            u64 A = p >> 32;
            const u32 t0 = (u32)p;
            const u32 q = t0 * P::INV;
            u64 s = (u64)q * P::m(0) + t0;
            u64 C = s >> 32;
            ZKC_UNROLL for (int j = 1; j < 8; j++) {
                p = (u64)a.v[j] * bi + t[j] + A;
                A = p >> 32;
                s = (u64)q * P::m(j) + (u32)p + C;
                C = s >> 32;
                t[j - 1] = (u32)s;
            }
            t[7] = (u32)(C + A);
        }
        reduce_once(t);
        Field r;
        ZKC_UNROLL for (int i = 0; i < 8; i++) r.v[i] = t[i];
        return r;
    }

    ZKC_HD Field sqr() const { return *this * *this; }

    /** The plain value (limbs below the modulus) to Montgomery form, and back. */
    ZKC_HD static Field from_plain(const Field& x) { return x * r2(); }
    ZKC_HD Field to_plain() const {
        Field unit = zero();
        unit.v[0] = 1;
        return *this * unit;
    }
    ZKC_HD static Field from_u32(u32 x) {
        Field r = zero();
        r.v[0] = x;
        return from_plain(r);
    }

    /** this^e for a plain exponent of eight limbs. */
    ZKC_CALL Field pow(const u32 (&e)[8]) const {
        Field r = one();
        for (int i = 7; i >= 0; i--) {
            for (int b = 31; b >= 0; b--) {
                r = r.sqr();
                if ((e[i] >> b) & 1) r = r * *this;
            }
        }
        return r;
    }
    ZKC_CALL Field pow(u32 e) const {
        Field r = one(), base = *this;
        while (e) {
            if (e & 1) r = r * base;
            base = base.sqr();
            e >>= 1;
        }
        return r;
    }
    /** The inverse by Fermat (x^(m−2)); 0 for 0. */
    ZKC_CALL Field inverse() const {
        u32 e[8];
        ZKC_UNROLL for (int i = 0; i < 8; i++) e[i] = P::m(i);
        e[0] -= 2;  // m is odd and m₀ > 2
        return pow(e);
    }
};

using Fp = Field<FpParams>;
using Fr = Field<FrParams>;

/** F_p² = F_p[u]/(u² + 1), c0 + c1·u; stored c0 ‖ c1. */
struct Fp2 {
    Fp c0, c1;

    ZKC_HD static Fp2 zero() { return {Fp::zero(), Fp::zero()}; }
    ZKC_HD static Fp2 one() { return {Fp::one(), Fp::zero()}; }
    ZKC_HD static Fp2 load(const u32* p) { return {Fp::load(p), Fp::load(p + 8)}; }
    ZKC_HD void store(u32* p) const {
        c0.store(p);
        c1.store(p + 8);
    }
    ZKC_HD bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
    ZKC_HD bool operator==(const Fp2& o) const { return c0 == o.c0 && c1 == o.c1; }
    ZKC_HD bool operator!=(const Fp2& o) const { return !(*this == o); }
    ZKC_HD friend Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
    ZKC_HD friend Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
    ZKC_CALL friend Fp2 operator*(const Fp2& a, const Fp2& b) {
        // Karatsuba: a0b0 − a1b1 + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)·u
        Fp v0 = a.c0 * b.c0, v1 = a.c1 * b.c1;
        return {v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1};
    }
    ZKC_CALL Fp2 sqr() const {
        Fp t = c0 * c1;
        return {(c0 + c1) * (c0 - c1), t + t};
    }
    ZKC_HD Fp2 neg() const { return {c0.neg(), c1.neg()}; }
    ZKC_HD Fp2 dbl() const { return *this + *this; }
    ZKC_HD Fp2 inverse() const {
        Fp t = (c0.sqr() + c1.sqr()).inverse();
        return {c0 * t, (c1 * t).neg()};
    }
};

}  // namespace zkml::cuda
