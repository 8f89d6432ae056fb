// G1 (over Fp) and G2 (over Fp2) of BN254: y² = x³ + b, a = 0. Affine points with (0, 0) for infinity (the zkey
// encoding: (0, 0) is on neither curve), Jacobian points (X/Z², Y/Z³) with Z = 0 for infinity.
#pragma once
#include "field.hpp"

namespace zkml::ZKML_NS {

template <class F>
struct Affine {
    F x, y;
    bool is_infinity() const { return x.is_zero() && y.is_zero(); }
    static Affine infinity() { return {F::zero(), F::zero()}; }
    Affine neg() const { return is_infinity() ? *this : Affine{x, y.neg()}; }
};

template <class F>
struct Jacobian {
    F X, Y, Z;

    static Jacobian infinity() { return {F::one(), F::one(), F::zero()}; }
    bool is_infinity() const { return Z.is_zero(); }
    static Jacobian from_affine(const Affine<F>& a) {
        return a.is_infinity() ? infinity() : Jacobian{a.x, a.y, F::one()};
    }

    /** 2P (dbl-2009-l). */
    Jacobian dbl() const {
        if (is_infinity()) return *this;
        F A = X.sqr(), B = Y.sqr(), C = B.sqr();
        F D = ((X + B).sqr() - A - C).dbl();
        F E = A.dbl() + A;
        F Fv = E.sqr();
        Jacobian r;
        r.X = Fv - D.dbl();
        F C8 = C.dbl().dbl().dbl();
        r.Y = E * (D - r.X) - C8;
        r.Z = (Y * Z).dbl();
        return r;
    }

    /** P + Q for affine Q (madd-2007-bl), every special case handled. */
    Jacobian add_mixed(const Affine<F>& q) const {
        if (q.is_infinity()) return *this;
        if (is_infinity()) return from_affine(q);
        F Z1Z1 = Z.sqr();
        F U2 = q.x * Z1Z1;
        F S2 = q.y * Z * Z1Z1;
        F H = U2 - X;
        F rr = (S2 - Y).dbl();
        if (H.is_zero()) {
            if (rr.is_zero()) return dbl();
            return infinity();
        }
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
    Jacobian add(const Jacobian& q) const {
        if (q.is_infinity()) return *this;
        if (is_infinity()) return q;
        F Z1Z1 = Z.sqr(), Z2Z2 = q.Z.sqr();
        F U1 = X * Z2Z2, U2 = q.X * Z1Z1;
        F S1 = Y * q.Z * Z2Z2, S2 = q.Y * Z * Z1Z1;
        F H = U2 - U1;
        F rr = (S2 - S1).dbl();
        if (H.is_zero()) {
            if (rr.is_zero()) return dbl();
            return infinity();
        }
        F I = H.dbl().sqr();
        F J = H * I;
        F V = U1 * I;
        Jacobian r;
        r.X = rr.sqr() - J - V.dbl();
        r.Y = rr * (V - r.X) - (S1 * J).dbl();
        r.Z = ((Z + q.Z).sqr() - Z1Z1 - Z2Z2) * H;
        return r;
    }

    Jacobian neg() const { return {X, Y.neg(), Z}; }

    Affine<F> to_affine() const {
        if (is_infinity()) return Affine<F>::infinity();
        F zi = Z.inverse();
        F zi2 = zi.sqr();
        return {X * zi2, Y * zi2 * zi};
    }

    /** k·P for a plain scalar of four limbs, by double-and-add (not constant time: for the blinding of a proof,
     * whose scalars the caller discards; timing leaks are not in this prover's threat model). */
    Jacobian mul(const u64 (&k)[4]) const {
        Jacobian r = infinity();
        for (int i = 3; i >= 0; i--) {
            for (int b = 63; b >= 0; b--) {
                r = r.dbl();
                if ((k[i] >> b) & 1) r = r.add(*this);
            }
        }
        return r;
    }
};

using G1Affine = Affine<Fp>;
using G2Affine = Affine<Fp2>;
using G1 = Jacobian<Fp>;
using G2 = Jacobian<Fp2>;

/** The curve constants b: 3 for G1, 3/(9 + u) for G2. */
inline Fp g1_b() {
    static const Fp b = Fp::from_u64(3);
    return b;
}
inline Fp2 g2_b() {
    static const Fp2 b = [] {
        Fp2 xi{Fp::from_u64(9), Fp::from_u64(1)};
        return Fp2{Fp::from_u64(3), Fp::zero()} * xi.inverse();
    }();
    return b;
}
inline bool on_curve(const G1Affine& p) { return p.is_infinity() || p.y.sqr() == p.x.sqr() * p.x + g1_b(); }
inline bool on_curve(const G2Affine& p) { return p.is_infinity() || p.y.sqr() == p.x.sqr() * p.x + g2_b(); }

}  // namespace zkml::ZKML_NS
