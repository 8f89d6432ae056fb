package io.zkml.core.field;

import java.math.BigInteger;

/** Conversions between four little-endian 64-bit limbs, {@link BigInteger} and byte arrays. */
final class Limbs {

    private Limbs() {
    }

    static BigInteger toBigInteger(long l0, long l1, long l2, long l3) {
        byte[] be = new byte[33]; // leading zero byte keeps the value non-negative
        writeBE(be, 1, l0, l1, l2, l3);
        return new BigInteger(be);
    }

    /** Writes 32 bytes, most significant first. */
    static void writeBE(byte[] out, int off, long l0, long l1, long l2, long l3) {
        putLongBE(out, off, l3);
        putLongBE(out, off + 8, l2);
        putLongBE(out, off + 16, l1);
        putLongBE(out, off + 24, l0);
    }

    /** Writes 32 bytes, least significant first. */
    static void writeLE(byte[] out, int off, long l0, long l1, long l2, long l3) {
        putLongLE(out, off, l0);
        putLongLE(out, off + 8, l1);
        putLongLE(out, off + 16, l2);
        putLongLE(out, off + 24, l3);
    }

    /** Limb {@code i} (0 = least significant) of a 32-byte big-endian number. */
    static long readBE(byte[] in, int off, int i) {
        int p = off + 24 - 8 * i;
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (in[p + k] & 0xFF);
        }
        return v;
    }

    /** Limb {@code i} (0 = least significant) of a 32-byte little-endian number. */
    static long readLE(byte[] in, int off, int i) {
        int p = off + 8 * i;
        long v = 0;
        for (int k = 7; k >= 0; k--) {
            v = (v << 8) | (in[p + k] & 0xFF);
        }
        return v;
    }

    /**
     * a⁻¹ mod m for 0 &lt; a &lt; m, m odd and below 2^255, by the binary extended Euclidean algorithm on the limbs:
     * u = a, v = m with a·x ≡ u and a·y ≡ v (mod m) and v odd throughout; halve u (and x modulo m) until it is odd,
     * stop when it is 1, else make u the larger of the two by a swap and subtract v from it (x − y modulo m). Its time
     * depends on a, as that of {@link BigInteger#modInverse}, which it replaced at about half the cost. Returns the
     * plain limbs, least significant first.
     */
    static long[] inverseMod(long a0, long a1, long a2, long a3, long m0, long m1, long m2, long m3) {
        long u0 = a0, u1 = a1, u2 = a2, u3 = a3, v0 = m0, v1 = m1, v2 = m2, v3 = m3;
        long x0 = 1, x1 = 0, x2 = 0, x3 = 0, y0 = 0, y1 = 0, y2 = 0, y3 = 0;
        while (true) {
            while ((u0 & 1) == 0) {
                u0 = (u0 >>> 1) | (u1 << 63);
                u1 = (u1 >>> 1) | (u2 << 63);
                u2 = (u2 >>> 1) | (u3 << 63);
                u3 >>>= 1;
                // x ← x/2 mod m: x + m (if x is odd) is even and below 2^256
                long k = -(x0 & 1), q0 = m0 & k, q1 = m1 & k, q2 = m2 & k, q3 = m3 & k;
                long s0 = x0 + q0, c = carry(x0, q0, s0);
                long s1 = x1 + q1 + c;
                c = carry(x1, q1, s1);
                long s2 = x2 + q2 + c;
                c = carry(x2, q2, s2);
                long s3 = x3 + q3 + c;
                x0 = (s0 >>> 1) | (s1 << 63);
                x1 = (s1 >>> 1) | (s2 << 63);
                x2 = (s2 >>> 1) | (s3 << 63);
                x3 = s3 >>> 1;
            }
            if ((u0 ^ 1 | u1 | u2 | u3) == 0) {
                return new long[] {x0, x1, x2, x3};
            }
            // u and v are odd and coprime, and v ≠ 1 (it is m or an earlier u), so u ≠ v
            if (!atLeast(u0, u1, u2, u3, v0, v1, v2, v3)) {
                long t;
                t = u0; u0 = v0; v0 = t;
                t = u1; u1 = v1; v1 = t;
                t = u2; u2 = v2; v2 = t;
                t = u3; u3 = v3; v3 = t;
                t = x0; x0 = y0; y0 = t;
                t = x1; x1 = y1; y1 = t;
                t = x2; x2 = y2; y2 = t;
                t = x3; x3 = y3; y3 = t;
            }
            long d0 = u0 - v0, b = borrow(u0, v0, d0);
            long d1 = u1 - v1 - b;
            b = borrow(u1, v1, d1);
            long d2 = u2 - v2 - b;
            b = borrow(u2, v2, d2);
            u3 = u3 - v3 - b;
            u0 = d0;
            u1 = d1;
            u2 = d2;
            // x ← x − y mod m
            long e0 = x0 - y0;
            b = borrow(x0, y0, e0);
            long e1 = x1 - y1 - b;
            b = borrow(x1, y1, e1);
            long e2 = x2 - y2 - b;
            b = borrow(x2, y2, e2);
            long e3 = x3 - y3 - b;
            long k = -borrow(x3, y3, e3), q0 = m0 & k, q1 = m1 & k, q2 = m2 & k, q3 = m3 & k; // add m back if x < y
            x0 = e0 + q0;
            long c = carry(e0, q0, x0);
            x1 = e1 + q1 + c;
            c = carry(e1, q1, x1);
            x2 = e2 + q2 + c;
            c = carry(e2, q2, x2);
            x3 = e3 + q3 + c;
        }
    }

    /** Whether a ≥ b as unsigned 256-bit numbers. */
    private static boolean atLeast(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
        if (a3 != b3) {
            return Long.compareUnsigned(a3, b3) > 0;
        }
        if (a2 != b2) {
            return Long.compareUnsigned(a2, b2) > 0;
        }
        if (a1 != b1) {
            return Long.compareUnsigned(a1, b1) > 0;
        }
        return Long.compareUnsigned(a0, b0) >= 0;
    }

    /** The carry out of s = x + y (+ a carry in), as 0 or 1. */
    private static long carry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }

    /** The borrow out of d = x − y (− a borrow in), as 0 or 1. */
    private static long borrow(long x, long y, long d) {
        return ((~x & y) | (~(x ^ y) & d)) >>> 63;
    }

    private static void putLongBE(byte[] out, int off, long v) {
        for (int k = 7; k >= 0; k--) {
            out[off + k] = (byte) v;
            v >>>= 8;
        }
    }

    private static void putLongLE(byte[] out, int off, long v) {
        for (int k = 0; k < 8; k++) {
            out[off + k] = (byte) v;
            v >>>= 8;
        }
    }
}
