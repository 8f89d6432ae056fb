// G1 (over Fp) and G2 (over Fp2) of BN254 for the device and the host: affine points with (0, 0) for infinity (the
// zkey encoding), Jacobian points (X/Z², Y/Z³) with Z = 0 for infinity. Same formulas as the CPU backend.
#pragma once
#include "field.cuh"

namespace zkml::cuda {

template <class F>
struct Affine {
    F x, y;
    ZKC_HD bool is_infinity() const { return x.is_zero() && y.is_zero(); }
    ZKC_HD static Affine infinity() { return {F::zero(), F::zero()}; }
    ZKC_HD Affine neg() const { return is_infinity() ? *this : Affine{x, y.neg()}; }
};

template <class F>
struct Jacobian {
    F X, Y, Z;

    ZKC_HD static Jacobian infinity() { return {F::one(), F::one(), F::zero()}; }
    ZKC_HD bool is_infinity() const { return Z.is_zero(); }
    ZKC_HD static Jacobian from_affine(const Affine<F>& a) {
        return a.is_infinity() ? infinity() : Jacobian{a.x, a.y, F::one()};
    }

    /** 2P (dbl-2009-l). */
    ZKC_CALL Jacobian dbl() const {
        if (is_infinity()) return *this;
        F A = X.sqr(), B = Y.sqr(), C = B.sqr();
        F D = ((X + B).sqr() - A - C).dbl();
        F E = A.dbl() + A;
        Jacobian r;
        r.X = E.sqr() - D.dbl();
        r.Y = E * (D - r.X) - C.dbl().dbl().dbl();
        r.Z = (Y * Z).dbl();
        return r;
    }

    /** P + Q for affine Q (madd-2007-bl), every special case handled. */
    ZKC_CALL Jacobian add_mixed(const Affine<F>& q) const {
        if (q.is_infinity()) return *this;
        if (is_infinity()) return from_affine(q);
        F Z1Z1 = Z.sqr();
        F U2 = q.x * Z1Z1;
        F S2 = q.y * Z * Z1Z1;
        F H = U2 - X;
        F rr = (S2 - Y).dbl();
        if (H.is_zero()) return rr.is_zero() ? dbl() : infinity();
        F HH = H.sqr();
        F I = HH.dbl().dbl();
        F J = H * I;
        F V = X * I;
        Jacobian r;
        r.X = rr.sqr() - J - V.dbl();
        r.Y = rr * (V - r.X) - (Y * J).dbl();
        r.Z = (Z + H).sqr() - Z1Z1 - HH;
        return r;
    }

    /** P + Q (add-2007-bl), every special case handled. */
    ZKC_CALL Jacobian add(const Jacobian& q) const {
        if (q.is_infinity()) return *this;
        if (is_infinity()) return q;
        F Z1Z1 = Z.sqr(), Z2Z2 = q.Z.sqr();
        F U1 = X * Z2Z2, U2 = q.X * Z1Z1;
        F S1 = Y * q.Z * Z2Z2, S2 = q.Y * Z * Z1Z1;
        F H = U2 - U1;
        F rr = (S2 - S1).dbl();
        if (H.is_zero()) return rr.is_zero() ? dbl() : infinity();
        F I = H.dbl().sqr();
        F J = H * I;
        F V = U1 * I;
        Jacobian r;
        r.X = rr.sqr() - J - V.dbl();
        r.Y = rr * (V - r.X) - (S1 * J).dbl();
        r.Z = ((Z + q.Z).sqr() - Z1Z1 - Z2Z2) * H;
        return r;
    }

    ZKC_HD Jacobian neg() const { return {X, Y.neg(), Z}; }

    /** k·P for a small k ≥ 0, double-and-add. */
    ZKC_CALL Jacobian mul_small(u32 k) const {
        Jacobian r = infinity();
        for (int b = 31; b >= 0; b--) {
            r = r.dbl();
            if ((k >> b) & 1) r = r.add(*this);
        }
        return r;
    }

    /** k·P for a plain 256-bit k (eight limbs, little-endian), double-and-add from the top bit (the blinding). */
    ZKC_CALL Jacobian mul(const u32 (&k)[8]) const {
        Jacobian r = infinity();
        for (int i = 7; i >= 0; i--) {
            for (int b = 31; b >= 0; b--) {
                r = r.dbl();
                if ((k[i] >> b) & 1) r = r.add(*this);
            }
        }
        return r;
    }

    ZKC_CALL Affine<F> to_affine() const {
        if (is_infinity()) return Affine<F>::infinity();
        F zi = Z.inverse();
        F zi2 = zi.sqr();
        return {X * zi2, Y * zi2 * zi};
    }
};

using G1Affine = Affine<Fp>;
using G2Affine = Affine<Fp2>;
using G1 = Jacobian<Fp>;
using G2 = Jacobian<Fp2>;

/** The generators, affine, Montgomery form: G1 = (1, 2); G2 the standard one (EIP-197). Host side (tests, bench). */
inline G1Affine g1_generator() { return {Fp::from_u32(1), Fp::from_u32(2)}; }
inline G2Affine g2_generator() {
    const Fp x0{{0x02bc2026u, 0x8e83b5d1u, 0x497b0172u, 0xdceb1935u, 0x97811adfu, 0xfbb82647u, 0xaf96503bu, 0x19573841u}};
    const Fp x1{{0xa84c6140u, 0xafb4737du, 0x5802d8c4u, 0x6043dd5au, 0x52a02f86u, 0x09e950fcu, 0x3aea7b6bu, 0x14fef083u}};
    const Fp y0{{0x886be9f6u, 0x619dfa9du, 0xf59e9b78u, 0xfe7fd297u, 0x231b7dfeu, 0xff9e1a62u, 0xae9e4206u, 0x28fd7eebu}};
    const Fp y1{{0xc71856eeu, 0x64095b56u, 0x327d3cbbu, 0xdc57f922u, 0x33351076u, 0x55f935beu, 0x93fd6482u, 0x0da4a0e6u}};
    return {{x0, x1}, {y0, y1}};
}

/** Words (u32) of one affine point of the group, and loading one from the zkey layout x ‖ y. */
template <class F> struct PointWords;
template <> struct PointWords<Fp> { static constexpr int n = 16; };
template <> struct PointWords<Fp2> { static constexpr int n = 32; };

ZKC_HD Fp load_coord(const u32* p, Fp*) { return Fp::load(p); }
ZKC_HD Fp2 load_coord(const u32* p, Fp2*) { return Fp2::load(p); }

template <class F>
ZKC_HD Affine<F> load_affine(const u32* p) {
    constexpr int half = PointWords<F>::n / 2;
    return {load_coord(p, (F*)nullptr), load_coord(p + half, (F*)nullptr)};
}
template <class F>
ZKC_HD void store_affine(const Affine<F>& a, u32* p) {
    constexpr int half = PointWords<F>::n / 2;
    a.x.store(p);
    a.y.store(p + half);
}

}  // namespace zkml::cuda
