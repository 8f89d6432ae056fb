package io.zkml.prover.backend;

/**
 * Mutable, allocation-free arithmetic in the scalar field F_r of BN254 (witness values, polynomial evaluations), on four little-endian 64-bit Montgomery limbs stored
 * at an offset of a {@code long[]}: the representation of {@link io.zkml.core.field.Fr} (a·2^256 mod m), so limbs
 * move between the two unchanged. Every result is fully reduced. Outputs may alias inputs.
 *
 * <p>Multiplication is CIOS Montgomery multiplication in the "no-carry" variant (the modulus's top limb is
 * below 2^63 − 1, so the running total never needs a fifth word), unrolled. {@code FpOps} and {@code FrOps}
 * are the same code with different constants, a per-field specialisation so that every constant is a JIT constant.
 */
final class FrOps {

    static final long P0 = 0x43e1f593f0000001L, P1 = 0x2833e84879b97091L, P2 = 0xb85045b68181585dL, P3 = 0x30644e72e131a029L;
    /** −m⁻¹ mod 2^64. */
    static final long INV = 0xc2e1f593efffffffL;
    /** 1 in Montgomery form (R mod m). */
    static final long[] ONE = {0xac96341c4ffffffbL, 0x36fc76959f60cd29L, 0x666ea36f7879462eL, 0x0e0a77c19a07df2fL};
    /** R² mod m: Montgomery-multiplying a plain value by it gives the value's Montgomery form. */
    static final long[] R2 = {0x1bb8e645ae216da7L, 0x53fe3ab1e35c59e3L, 0x8c49833d53bb8085L, 0x0216d0b17f4e44a5L};
    /** R³ mod m: turns the plain inverse of a Montgomery form into the Montgomery form of the inverse. */
    static final long[] R3 = {0x5e94d8e1b4bf0040L, 0x2a489cbe1cfbb6b8L, 0x893cc664a19fcfedL, 0x0cf8594b7fcc657cL};

    private FrOps() {
    }

    /** r = a·b (Montgomery product a·b·R⁻¹ of the representations). */
    static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        final long a0 = a[ao], a1 = a[ao + 1], a2 = a[ao + 2], a3 = a[ao + 3];
        final long b0 = b[bo], b1 = b[bo + 1], b2 = b[bo + 2], b3 = b[bo + 3];
        long t0, t1, t2, t3, hA, hC, m, lo, hi, s;
        // ---- word 0 of b
        t0 = a0 * b0; hA = Math.unsignedMultiplyHigh(a0, b0);
        m = t0 * INV;
        lo = m * P0; hC = Math.unsignedMultiplyHigh(m, P0); s = lo + t0; hC += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0);
        lo = a1 * b0; hi = Math.unsignedMultiplyHigh(a1, b0); t1 = lo + hA; hA = hi + (Long.compareUnsigned(t1, lo) < 0 ? 1 : 0);
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1); s = lo + t1; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t0 = s + hC; hC = hi + (Long.compareUnsigned(t0, s) < 0 ? 1 : 0);
        lo = a2 * b0; hi = Math.unsignedMultiplyHigh(a2, b0); t2 = lo + hA; hA = hi + (Long.compareUnsigned(t2, lo) < 0 ? 1 : 0);
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2); s = lo + t2; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t1 = s + hC; hC = hi + (Long.compareUnsigned(t1, s) < 0 ? 1 : 0);
        lo = a3 * b0; hi = Math.unsignedMultiplyHigh(a3, b0); t3 = lo + hA; hA = hi + (Long.compareUnsigned(t3, lo) < 0 ? 1 : 0);
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3); s = lo + t3; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t2 = s + hC; hC = hi + (Long.compareUnsigned(t2, s) < 0 ? 1 : 0);
        t3 = hC + hA;
        // ---- word 1 of b
        lo = a0 * b1; hA = Math.unsignedMultiplyHigh(a0, b1); t0 += lo; hA += (Long.compareUnsigned(t0, lo) < 0 ? 1 : 0);
        m = t0 * INV;
        lo = m * P0; hC = Math.unsignedMultiplyHigh(m, P0); s = lo + t0; hC += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0);
        lo = a1 * b1; hi = Math.unsignedMultiplyHigh(a1, b1); s = lo + t1; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t1 = s + hA; hA = hi + (Long.compareUnsigned(t1, s) < 0 ? 1 : 0);
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1); s = lo + t1; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t0 = s + hC; hC = hi + (Long.compareUnsigned(t0, s) < 0 ? 1 : 0);
        lo = a2 * b1; hi = Math.unsignedMultiplyHigh(a2, b1); s = lo + t2; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t2 = s + hA; hA = hi + (Long.compareUnsigned(t2, s) < 0 ? 1 : 0);
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2); s = lo + t2; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t1 = s + hC; hC = hi + (Long.compareUnsigned(t1, s) < 0 ? 1 : 0);
        lo = a3 * b1; hi = Math.unsignedMultiplyHigh(a3, b1); s = lo + t3; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t3 = s + hA; hA = hi + (Long.compareUnsigned(t3, s) < 0 ? 1 : 0);
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3); s = lo + t3; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t2 = s + hC; hC = hi + (Long.compareUnsigned(t2, s) < 0 ? 1 : 0);
        t3 = hC + hA;
        // ---- word 2 of b
        lo = a0 * b2; hA = Math.unsignedMultiplyHigh(a0, b2); t0 += lo; hA += (Long.compareUnsigned(t0, lo) < 0 ? 1 : 0);
        m = t0 * INV;
        lo = m * P0; hC = Math.unsignedMultiplyHigh(m, P0); s = lo + t0; hC += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0);
        lo = a1 * b2; hi = Math.unsignedMultiplyHigh(a1, b2); s = lo + t1; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t1 = s + hA; hA = hi + (Long.compareUnsigned(t1, s) < 0 ? 1 : 0);
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1); s = lo + t1; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t0 = s + hC; hC = hi + (Long.compareUnsigned(t0, s) < 0 ? 1 : 0);
        lo = a2 * b2; hi = Math.unsignedMultiplyHigh(a2, b2); s = lo + t2; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t2 = s + hA; hA = hi + (Long.compareUnsigned(t2, s) < 0 ? 1 : 0);
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2); s = lo + t2; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t1 = s + hC; hC = hi + (Long.compareUnsigned(t1, s) < 0 ? 1 : 0);
        lo = a3 * b2; hi = Math.unsignedMultiplyHigh(a3, b2); s = lo + t3; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t3 = s + hA; hA = hi + (Long.compareUnsigned(t3, s) < 0 ? 1 : 0);
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3); s = lo + t3; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t2 = s + hC; hC = hi + (Long.compareUnsigned(t2, s) < 0 ? 1 : 0);
        t3 = hC + hA;
        // ---- word 3 of b
        lo = a0 * b3; hA = Math.unsignedMultiplyHigh(a0, b3); t0 += lo; hA += (Long.compareUnsigned(t0, lo) < 0 ? 1 : 0);
        m = t0 * INV;
        lo = m * P0; hC = Math.unsignedMultiplyHigh(m, P0); s = lo + t0; hC += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0);
        lo = a1 * b3; hi = Math.unsignedMultiplyHigh(a1, b3); s = lo + t1; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t1 = s + hA; hA = hi + (Long.compareUnsigned(t1, s) < 0 ? 1 : 0);
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1); s = lo + t1; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t0 = s + hC; hC = hi + (Long.compareUnsigned(t0, s) < 0 ? 1 : 0);
        lo = a2 * b3; hi = Math.unsignedMultiplyHigh(a2, b3); s = lo + t2; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t2 = s + hA; hA = hi + (Long.compareUnsigned(t2, s) < 0 ? 1 : 0);
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2); s = lo + t2; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t1 = s + hC; hC = hi + (Long.compareUnsigned(t1, s) < 0 ? 1 : 0);
        lo = a3 * b3; hi = Math.unsignedMultiplyHigh(a3, b3); s = lo + t3; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t3 = s + hA; hA = hi + (Long.compareUnsigned(t3, s) < 0 ? 1 : 0);
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3); s = lo + t3; hi += (Long.compareUnsigned(s, lo) < 0 ? 1 : 0); t2 = s + hC; hC = hi + (Long.compareUnsigned(t2, s) < 0 ? 1 : 0);
        t3 = hC + hA;
        reduce(r, ro, t0, t1, t2, t3);
    }

    /** r = a². */
    static void sqr(long[] r, int ro, long[] a, int ao) {
        mul(r, ro, a, ao, a, ao);
    }

    /** r = a + b. */
    static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        long x0 = a[ao], x1 = a[ao + 1], x2 = a[ao + 2], x3 = a[ao + 3];
        long s0 = x0 + b[bo];
        long c = Long.compareUnsigned(s0, x0) < 0 ? 1 : 0;
        long t = x1 + c;
        long s1 = t + b[bo + 1];
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = x2 + c;
        long s2 = t + b[bo + 2];
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        long s3 = x3 + b[bo + 3] + c; // both below 2^254: no overflow
        reduce(r, ro, s0, s1, s2, s3);
    }

    /** r = 2a. */
    static void dbl(long[] r, int ro, long[] a, int ao) {
        add(r, ro, a, ao, a, ao);
    }

    /** r = a − b. */
    static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        long x0 = a[ao], x1 = a[ao + 1], x2 = a[ao + 2], x3 = a[ao + 3];
        long y0 = b[bo], y1 = b[bo + 1], y2 = b[bo + 2], y3 = b[bo + 3];
        long d0 = x0 - y0;
        long w = Long.compareUnsigned(x0, y0) < 0 ? 1 : 0;
        long t = x1 - w;
        long w1 = Long.compareUnsigned(x1, w) < 0 ? 1 : 0;
        long d1 = t - y1;
        w = w1 | (Long.compareUnsigned(t, y1) < 0 ? 1 : 0);
        t = x2 - w;
        w1 = Long.compareUnsigned(x2, w) < 0 ? 1 : 0;
        long d2 = t - y2;
        w = w1 | (Long.compareUnsigned(t, y2) < 0 ? 1 : 0);
        t = x3 - w;
        w1 = Long.compareUnsigned(x3, w) < 0 ? 1 : 0;
        long d3 = t - y3;
        w = w1 | (Long.compareUnsigned(t, y3) < 0 ? 1 : 0);
        // on a borrow add the modulus back (mask = all ones), else add zero
        long mask = -w;
        long q0 = P0 & mask, q1 = P1 & mask, q2 = P2 & mask, q3 = P3 & mask;
        long s0 = d0 + q0;
        long c = Long.compareUnsigned(s0, d0) < 0 ? 1 : 0;
        t = d1 + c;
        long s1 = t + q1;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = d2 + c;
        long s2 = t + q2;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        r[ro] = s0;
        r[ro + 1] = s1;
        r[ro + 2] = s2;
        r[ro + 3] = d3 + q3 + c;
    }

    /** r = −a. */
    static void neg(long[] r, int ro, long[] a, int ao) {
        long x0 = a[ao], x1 = a[ao + 1], x2 = a[ao + 2], x3 = a[ao + 3];
        if ((x0 | x1 | x2 | x3) == 0) {
            r[ro] = 0;
            r[ro + 1] = 0;
            r[ro + 2] = 0;
            r[ro + 3] = 0;
            return;
        }
        long d0 = P0 - x0;
        long w = Long.compareUnsigned(P0, x0) < 0 ? 1 : 0;
        long t = P1 - w;
        long w1 = Long.compareUnsigned(P1, w) < 0 ? 1 : 0;
        long d1 = t - x1;
        w = w1 | (Long.compareUnsigned(t, x1) < 0 ? 1 : 0);
        t = P2 - w;
        w1 = Long.compareUnsigned(P2, w) < 0 ? 1 : 0;
        long d2 = t - x2;
        w = w1 | (Long.compareUnsigned(t, x2) < 0 ? 1 : 0);
        r[ro] = d0;
        r[ro + 1] = d1;
        r[ro + 2] = d2;
        r[ro + 3] = P3 - w - x3;
    }


    /**
     * r = a⁻¹ for a ≠ 0 (r = 0 for a = 0), by the binary extended Euclidean algorithm on the limbs (not constant
     * time: for public values only). With a = xR in Montgomery form it finds (xR)⁻¹ mod m and Montgomery-multiplies
     * by R³ mod m, giving x⁻¹R.
     */
    static void inverse(long[] r, int ro, long[] a, int ao) {
        long u0 = a[ao], u1 = a[ao + 1], u2 = a[ao + 2], u3 = a[ao + 3];
        if ((u0 | u1 | u2 | u3) == 0) {
            setZero(r, ro);
            return;
        }
        long v0 = P0, v1 = P1, v2 = P2, v3 = P3;
        long[] x1 = {1, 0, 0, 0}, x2 = {0, 0, 0, 0};
        while (!(u0 == 1 && (u1 | u2 | u3) == 0) && !(v0 == 1 && (v1 | v2 | v3) == 0)) {
            while ((u0 & 1) == 0) {
                u0 = (u0 >>> 1) | (u1 << 63);
                u1 = (u1 >>> 1) | (u2 << 63);
                u2 = (u2 >>> 1) | (u3 << 63);
                u3 >>>= 1;
                halve(x1);
            }
            while ((v0 & 1) == 0) {
                v0 = (v0 >>> 1) | (v1 << 63);
                v1 = (v1 >>> 1) | (v2 << 63);
                v2 = (v2 >>> 1) | (v3 << 63);
                v3 >>>= 1;
                halve(x2);
            }
            if (!lessThan(u0, u1, u2, u3, v0, v1, v2, v3)) {
                // u −= v
                long d0 = u0 - v0;
                long w = Long.compareUnsigned(u0, v0) < 0 ? 1 : 0;
                long t = u1 - w;
                long w1 = Long.compareUnsigned(u1, w) < 0 ? 1 : 0;
                long d1 = t - v1;
                w = w1 | (Long.compareUnsigned(t, v1) < 0 ? 1 : 0);
                t = u2 - w;
                w1 = Long.compareUnsigned(u2, w) < 0 ? 1 : 0;
                long d2 = t - v2;
                w = w1 | (Long.compareUnsigned(t, v2) < 0 ? 1 : 0);
                u3 = u3 - w - v3;
                u0 = d0;
                u1 = d1;
                u2 = d2;
                sub(x1, 0, x1, 0, x2, 0);
            } else {
                long d0 = v0 - u0;
                long w = Long.compareUnsigned(v0, u0) < 0 ? 1 : 0;
                long t = v1 - w;
                long w1 = Long.compareUnsigned(v1, w) < 0 ? 1 : 0;
                long d1 = t - u1;
                w = w1 | (Long.compareUnsigned(t, u1) < 0 ? 1 : 0);
                t = v2 - w;
                w1 = Long.compareUnsigned(v2, w) < 0 ? 1 : 0;
                long d2 = t - u2;
                w = w1 | (Long.compareUnsigned(t, u2) < 0 ? 1 : 0);
                v3 = v3 - w - u3;
                v0 = d0;
                v1 = d1;
                v2 = d2;
                sub(x2, 0, x2, 0, x1, 0);
            }
        }
        long[] inv = u0 == 1 && (u1 | u2 | u3) == 0 ? x1 : x2;
        mul(r, ro, inv, 0, R3, 0);
    }

    /** x ← x/2 mod m for x below m. */
    private static void halve(long[] x) {
        long x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
        if ((x0 & 1) != 0) {
            // x + m is even; it fits 256 bits since both are below 2^254
            long s0 = x0 + P0;
            long c = Long.compareUnsigned(s0, x0) < 0 ? 1 : 0;
            long t = x1 + c;
            long s1 = t + P1;
            c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
            t = x2 + c;
            long s2 = t + P2;
            c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
            x3 = x3 + P3 + c;
            x0 = s0;
            x1 = s1;
            x2 = s2;
        }
        x[0] = (x0 >>> 1) | (x1 << 63);
        x[1] = (x1 >>> 1) | (x2 << 63);
        x[2] = (x2 >>> 1) | (x3 << 63);
        x[3] = x3 >>> 1;
    }

    private static boolean lessThan(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
        if (a3 != b3) return Long.compareUnsigned(a3, b3) < 0;
        if (a2 != b2) return Long.compareUnsigned(a2, b2) < 0;
        if (a1 != b1) return Long.compareUnsigned(a1, b1) < 0;
        return Long.compareUnsigned(a0, b0) < 0;
    }

    static boolean isZero(long[] a, int ao) {
        return (a[ao] | a[ao + 1] | a[ao + 2] | a[ao + 3]) == 0;
    }

    static boolean equal(long[] a, int ao, long[] b, int bo) {
        return a[ao] == b[bo] && a[ao + 1] == b[bo + 1] && a[ao + 2] == b[bo + 2] && a[ao + 3] == b[bo + 3];
    }

    static void copy(long[] r, int ro, long[] a, int ao) {
        r[ro] = a[ao];
        r[ro + 1] = a[ao + 1];
        r[ro + 2] = a[ao + 2];
        r[ro + 3] = a[ao + 3];
    }

    static void setZero(long[] r, int ro) {
        r[ro] = 0;
        r[ro + 1] = 0;
        r[ro + 2] = 0;
        r[ro + 3] = 0;
    }

    static void setOne(long[] r, int ro) {
        copy(r, ro, ONE, 0);
    }

    /** Whether the four limbs at {@code ao} encode a value below the modulus. */
    static boolean isCanonical(long[] a, int ao) {
        return lessThanModulus(a[ao], a[ao + 1], a[ao + 2], a[ao + 3]);
    }

    static boolean lessThanModulus(long x0, long x1, long x2, long x3) {
        if (x3 != P3) return Long.compareUnsigned(x3, P3) < 0;
        if (x2 != P2) return Long.compareUnsigned(x2, P2) < 0;
        if (x1 != P1) return Long.compareUnsigned(x1, P1) < 0;
        return Long.compareUnsigned(x0, P0) < 0;
    }

    /** Writes t − m if t ≥ m, else t (t below 2m), without a branch. */
    private static void reduce(long[] r, int ro, long t0, long t1, long t2, long t3) {
        long d0 = t0 - P0;
        long w = Long.compareUnsigned(t0, P0) < 0 ? 1 : 0;
        long t = t1 - w;
        long w1 = Long.compareUnsigned(t1, w) < 0 ? 1 : 0;
        long d1 = t - P1;
        w = w1 | (Long.compareUnsigned(t, P1) < 0 ? 1 : 0);
        t = t2 - w;
        w1 = Long.compareUnsigned(t2, w) < 0 ? 1 : 0;
        long d2 = t - P2;
        w = w1 | (Long.compareUnsigned(t, P2) < 0 ? 1 : 0);
        t = t3 - w;
        w1 = Long.compareUnsigned(t3, w) < 0 ? 1 : 0;
        long d3 = t - P3;
        w = w1 | (Long.compareUnsigned(t, P3) < 0 ? 1 : 0);
        long keep = -w; // all ones when t < m: keep t
        r[ro] = (t0 & keep) | (d0 & ~keep);
        r[ro + 1] = (t1 & keep) | (d1 & ~keep);
        r[ro + 2] = (t2 & keep) | (d2 & ~keep);
        r[ro + 3] = (t3 & keep) | (d3 & ~keep);
    }
}
