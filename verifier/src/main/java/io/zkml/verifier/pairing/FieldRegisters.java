package io.zkml.verifier.pairing;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.math.BigInteger;

/**
 * F_p and F_p² arithmetic on a mutable workspace of 64-bit limbs: the allocation-free fast path under the Miller
 * loop and the final exponentiation. {@link Fp} and {@link Fp2} stay the values of the API; this class works like
 * a register file, every operation naming its destination and operands by their offset in {@link #w}.
 *
 * <p>An F_p element takes four little-endian limbs in Montgomery form (the representation of {@link Fp}); an F_p²
 * element c0 + c1·u takes eight, c0 first. Every operation reads all its operands before it writes its
 * destination, so a destination may be one of its operands, and leaves fully reduced values (below p). Operations
 * of one level use scratch space of their own ({@link #FP2_SCRATCH}), so that the levels above may call them on
 * any of their own temporaries.
 *
 * <p>Multiplication is Montgomery's CIOS method, with the "no-carry" shortcut that p &lt; 2^254 allows; it
 * accepts operands below 2p. Sums of two or four products ({@link #dot}, {@link #dot4}) share one reduction: the
 * F_p² product and the sparse line multiplication are built on them, because here the additions and subtractions
 * around a product cost about as much as the products (Java has no add-with-carry), and a sum of products needs
 * none. The carries of the products are unsigned comparisons ({@link Long#compareUnsigned}, a compare and a flag
 * move), which made the Miller loop and the final exponentiation about 22% faster than the bitwise carry formula.
 * Additions, subtractions and the final conditional subtraction keep the bitwise formulas: the operands are
 * random, so a branch on a carry would be mispredicted half the time, and comparisons there (which the JIT may turn
 * into branches) measured slower.
 */
class FieldRegisters {

    private static final BigInteger MODULUS = Fp.MODULUS;
    static final long P0 = MODULUS.longValue(), P1 = MODULUS.shiftRight(64).longValue(),
            P2 = MODULUS.shiftRight(128).longValue(), P3 = MODULUS.shiftRight(192).longValue();
    /** −p⁻¹ mod 2^64. */
    private static final long INV = MODULUS.negate().modInverse(BigInteger.ONE.shiftLeft(64)).longValue();

    /**
     * ⌊2^(64+55+198)/p⌋ and ⌊2^(64+61+192)/p⌋, both below 2^64: for a value t whose bits above 2^k (k = 198, 192)
     * are h, ⌊h·RECIP_k / 2^(64+s)⌋ (s = 55, 61) is ⌊h·2^k/p⌋ or one less, and h·2^k/p ≤ t/p &lt; h·2^k/p + 2^k/p
     * with 2^k/p &lt; 2^−55, so the quotient estimate is ⌊t/p⌋ or one less, without a division instruction.
     */
    private static final long RECIP_198 = reciprocal(64 + 55 + 198), RECIP_192 = reciprocal(64 + 61 + 192);

    /** ⌊2^e/p⌋ as an unsigned 64-bit word. */
    private static long reciprocal(int e) {
        BigInteger r = BigInteger.ONE.shiftLeft(e).divide(MODULUS);
        if (r.bitLength() > 64) {
            throw new AssertionError("2^" + e + "/p does not fit 64 bits");
        }
        return r.longValue();
    }

    /** The limbs of 1 in Montgomery form. */
    static final long ONE0 = Fp.ONE.montgomeryLimb(0), ONE1 = Fp.ONE.montgomeryLimb(1), ONE2 = Fp.ONE.montgomeryLimb(2),
            ONE3 = Fp.ONE.montgomeryLimb(3);

    /** Scratch of the F_p² operations: two sums and two products of F_p. */
    static final int FP2_SCRATCH = 0;
    private static final int S0 = FP2_SCRATCH, S1 = S0 + 4, V0 = S1 + 4, V1 = V0 + 4, X0 = V1 + 4, X1 = X0 + 4;
    /** The first offset free for subclasses. */
    static final int FIRST_FREE = X1 + 4;

    /** The workspace. */
    final long[] w;

    FieldRegisters(int size) {
        w = new long[size];
    }

    // ---------------------------------------------------------------- F_p

    /** w[d] = w[a]·w[b]; operands below 2p. */
    final void mul(int d, int a, int b) {
        final long[] w = this.w;
        final long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        final long b0 = w[b], b1 = w[b + 1], b2 = w[b + 2], b3 = w[b + 3];
        long t0, t1, t2, t3, t4, m, lo, hi, s, c;
        // t = a·b0
        t0 = a0 * b0; c = Math.unsignedMultiplyHigh(a0, b0);
        lo = a1 * b0; hi = Math.unsignedMultiplyHigh(a1, b0); s = lo + c; hi += mulCarry(s, c); t1 = s; c = hi;
        lo = a2 * b0; hi = Math.unsignedMultiplyHigh(a2, b0); s = lo + c; hi += mulCarry(s, c); t2 = s; c = hi;
        lo = a3 * b0; hi = Math.unsignedMultiplyHigh(a3, b0); s = lo + c; hi += mulCarry(s, c); t3 = s; t4 = hi;
        for (int i = 0; ; i++) {
            // t = (t + m·p) / 2^64
            m = t0 * INV;
            lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0); s = lo + t0; c = hi + mulCarry(s, t0);
            lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1); s = lo + t1; hi += mulCarry(s, t1); s += c; hi += mulCarry(s, c); t0 = s; c = hi;
            lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2); s = lo + t2; hi += mulCarry(s, t2); s += c; hi += mulCarry(s, c); t1 = s; c = hi;
            lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3); s = lo + t3; hi += mulCarry(s, t3); s += c; hi += mulCarry(s, c); t2 = s; c = hi;
            t3 = t4 + c;
            if (i == 3) {
                break;
            }
            // t += a·b(i+1)
            long bi = i == 0 ? b1 : i == 1 ? b2 : b3;
            lo = a0 * bi; hi = Math.unsignedMultiplyHigh(a0, bi); s = lo + t0; hi += mulCarry(s, t0); t0 = s; c = hi;
            lo = a1 * bi; hi = Math.unsignedMultiplyHigh(a1, bi); s = lo + t1; hi += mulCarry(s, t1); s += c; hi += mulCarry(s, c); t1 = s; c = hi;
            lo = a2 * bi; hi = Math.unsignedMultiplyHigh(a2, bi); s = lo + t2; hi += mulCarry(s, t2); s += c; hi += mulCarry(s, c); t2 = s; c = hi;
            lo = a3 * bi; hi = Math.unsignedMultiplyHigh(a3, bi); s = lo + t3; hi += mulCarry(s, t3); s += c; hi += mulCarry(s, c); t3 = s; t4 = hi;
        }
        store(d, t0, t1, t2, t3);
    }

    /**
     * The carry out of s = x + y, given s and y, as 0 or 1. Here an unsigned comparison, which made the product
     * 1.7 times faster than the bitwise formula of {@link #carry(long, long, long)}.
     */
    private static long mulCarry(long s, long y) {
        return Long.compareUnsigned(s, y) < 0 ? 1 : 0;
    }

    /**
     * w[d] = w[a]·w[b] + w[c]·w[e] with one Montgomery reduction: CIOS with both products added into the running
     * total before each reduction step. w[a] and w[c] below 2p, w[b] and w[e] at most p: the total stays below
     * 5p + 4p·2^64 &lt; 2^320 before a step and below 5p + 1 &lt; 2^256 after it, and the result, below
     * 4p²/2^256 + p &lt; 2p, needs one conditional subtraction.
     */
    final void dot(int d, int a, int b, int c, int e) {
        final long[] w = this.w;
        final long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        final long c0 = w[c], c1 = w[c + 1], c2 = w[c + 2], c3 = w[c + 3];
        final long b0 = w[b], b1 = w[b + 1], b2 = w[b + 2], b3 = w[b + 3];
        final long e0 = w[e], e1 = w[e + 1], e2 = w[e + 2], e3 = w[e + 3];
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4, m, lo, hi, s, k;
        for (int i = 0; i < 4; i++) {
            long bi = i == 0 ? b0 : i == 1 ? b1 : i == 2 ? b2 : b3;
            long ei = i == 0 ? e0 : i == 1 ? e1 : i == 2 ? e2 : e3;
            // t += a·bi
            lo = a0 * bi; hi = Math.unsignedMultiplyHigh(a0, bi); s = lo + t0; hi += mulCarry(s, t0); t0 = s; k = hi;
            lo = a1 * bi; hi = Math.unsignedMultiplyHigh(a1, bi); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = a2 * bi; hi = Math.unsignedMultiplyHigh(a2, bi); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            lo = a3 * bi; hi = Math.unsignedMultiplyHigh(a3, bi); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t3 = s; t4 = hi;
            // t += c·ei
            lo = c0 * ei; hi = Math.unsignedMultiplyHigh(c0, ei); s = lo + t0; hi += mulCarry(s, t0); t0 = s; k = hi;
            lo = c1 * ei; hi = Math.unsignedMultiplyHigh(c1, ei); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = c2 * ei; hi = Math.unsignedMultiplyHigh(c2, ei); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            lo = c3 * ei; hi = Math.unsignedMultiplyHigh(c3, ei); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t3 = s; t4 += hi;
            // t = (t + m·p) / 2^64
            m = t0 * INV;
            lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0); s = lo + t0; k = hi + mulCarry(s, t0);
            lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t0 = s; k = hi;
            lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            t3 = t4 + k;
        }
        store(d, t0, t1, t2, t3);
    }

    /**
     * w[d] = w[a0]·w[b0] + w[a1]·w[b1] + w[a2]·w[b2] + w[a3]·w[b3] with one Montgomery reduction, as {@link #dot}.
     * Operands at most p: the total stays below 5p + 4p·2^64 &lt; 2^320 before a step and below 5p + 1 &lt; 2^256
     * after it, and the result, below 4p²/2^256 + p &lt; 2p, needs one conditional subtraction.
     */
    final void dot4(int d, int a0, int b0, int a1, int b1, int a2, int b2, int a3, int b3) {
        final long[] w = this.w;
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4, m, lo, hi, s, k;
        long bi, x0, x1, x2, x3;
        for (int i = 0; i < 4; i++) {
            // t += Σ a_j·b_j[i]
            bi = w[b0 + i]; x0 = w[a0]; x1 = w[a0 + 1]; x2 = w[a0 + 2]; x3 = w[a0 + 3];
            lo = x0 * bi; hi = Math.unsignedMultiplyHigh(x0, bi); s = lo + t0; hi += mulCarry(s, t0); t0 = s; k = hi;
            lo = x1 * bi; hi = Math.unsignedMultiplyHigh(x1, bi); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = x2 * bi; hi = Math.unsignedMultiplyHigh(x2, bi); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            lo = x3 * bi; hi = Math.unsignedMultiplyHigh(x3, bi); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t3 = s; t4 = hi;
            bi = w[b1 + i]; x0 = w[a1]; x1 = w[a1 + 1]; x2 = w[a1 + 2]; x3 = w[a1 + 3];
            lo = x0 * bi; hi = Math.unsignedMultiplyHigh(x0, bi); s = lo + t0; hi += mulCarry(s, t0); t0 = s; k = hi;
            lo = x1 * bi; hi = Math.unsignedMultiplyHigh(x1, bi); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = x2 * bi; hi = Math.unsignedMultiplyHigh(x2, bi); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            lo = x3 * bi; hi = Math.unsignedMultiplyHigh(x3, bi); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t3 = s; t4 += hi;
            bi = w[b2 + i]; x0 = w[a2]; x1 = w[a2 + 1]; x2 = w[a2 + 2]; x3 = w[a2 + 3];
            lo = x0 * bi; hi = Math.unsignedMultiplyHigh(x0, bi); s = lo + t0; hi += mulCarry(s, t0); t0 = s; k = hi;
            lo = x1 * bi; hi = Math.unsignedMultiplyHigh(x1, bi); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = x2 * bi; hi = Math.unsignedMultiplyHigh(x2, bi); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            lo = x3 * bi; hi = Math.unsignedMultiplyHigh(x3, bi); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t3 = s; t4 += hi;
            bi = w[b3 + i]; x0 = w[a3]; x1 = w[a3 + 1]; x2 = w[a3 + 2]; x3 = w[a3 + 3];
            lo = x0 * bi; hi = Math.unsignedMultiplyHigh(x0, bi); s = lo + t0; hi += mulCarry(s, t0); t0 = s; k = hi;
            lo = x1 * bi; hi = Math.unsignedMultiplyHigh(x1, bi); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = x2 * bi; hi = Math.unsignedMultiplyHigh(x2, bi); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            lo = x3 * bi; hi = Math.unsignedMultiplyHigh(x3, bi); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t3 = s; t4 += hi;
            // t = (t + m·p) / 2^64
            m = t0 * INV;
            lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0); s = lo + t0; k = hi + mulCarry(s, t0);
            lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1); s = lo + t1; hi += mulCarry(s, t1); s += k; hi += mulCarry(s, k); t0 = s; k = hi;
            lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2); s = lo + t2; hi += mulCarry(s, t2); s += k; hi += mulCarry(s, k); t1 = s; k = hi;
            lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3); s = lo + t3; hi += mulCarry(s, t3); s += k; hi += mulCarry(s, k); t2 = s; k = hi;
            t3 = t4 + k;
        }
        store(d, t0, t1, t2, t3);
    }

    /** w[d] = p − w[a], in (0, p] for a reduced operand: an operand of {@link #dot} only. */
    final void negUnreduced(int d, int a) {
        final long[] w = this.w;
        long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        long d0 = P0 - a0;
        long br = borrow(P0, a0, d0);
        long d1 = P1 - a1 - br;
        br = borrow(P1, a1, d1);
        long d2 = P2 - a2 - br;
        br = borrow(P2, a2, d2);
        w[d] = d0;
        w[d + 1] = d1;
        w[d + 2] = d2;
        w[d + 3] = P3 - a3 - br;
    }

    /**
     * Stores a value t below 2p at d, subtracting p once if t ≥ p. Whether it does is read off the top limbs alone
     * (t3 ≥ P3, a signed comparison since both are below 2^63) unless they are equal, which random values are with
     * probability 2^−64; the subtraction is then masked, without a branch: the data is random, so a branch on the
     * comparison would be mispredicted often.
     */
    private void store(int d, long t0, long t1, long t2, long t3) {
        long sub = ~((t3 - P3) >> 63); // all ones when t3 ≥ P3
        if (t3 == P3) {
            sub = lowAtLeastP(t0, t1, t2) ? -1L : 0L;
        }
        long q0 = P0 & sub, q1 = P1 & sub, q2 = P2 & sub;
        long d0 = t0 - q0;
        long b = borrow(t0, q0, d0);
        long d1 = t1 - q1 - b;
        b = borrow(t1, q1, d1);
        long d2 = t2 - q2 - b;
        b = borrow(t2, q2, d2);
        final long[] w = this.w;
        w[d] = d0;
        w[d + 1] = d1;
        w[d + 2] = d2;
        w[d + 3] = t3 - (P3 & sub) - b;
    }

    /** Whether t0 + t1·2^64 + t2·2^128 ≥ P0 + P1·2^64 + P2·2^128. */
    private static boolean lowAtLeastP(long t0, long t1, long t2) {
        if (t2 != P2) {
            return Long.compareUnsigned(t2, P2) > 0;
        }
        if (t1 != P1) {
            return Long.compareUnsigned(t1, P1) > 0;
        }
        return Long.compareUnsigned(t0, P0) >= 0;
    }

    /** The carry out of s = x + y (+ a carry in), as 0 or 1. */
    private static long carry(long x, long y, long s) {
        return ((x & y) | ((x | y) & ~s)) >>> 63;
    }

    /** The borrow out of d = x − y (− a borrow in), as 0 or 1. */
    private static long borrow(long x, long y, long d) {
        return ((~x & y) | (~(x ^ y) & d)) >>> 63;
    }

    /** w[d] = w[a] + w[b], reduced. */
    final void add(int d, int a, int b) {
        final long[] w = this.w;
        long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        long b0 = w[b], b1 = w[b + 1], b2 = w[b + 2], b3 = w[b + 3];
        long s0 = a0 + b0;
        long c = carry(a0, b0, s0);
        long s1 = a1 + b1 + c;
        c = carry(a1, b1, s1);
        long s2 = a2 + b2 + c;
        c = carry(a2, b2, s2);
        store(d, s0, s1, s2, a3 + b3 + c); // below 2^255: no carry out
    }

    /** w[d] = w[a] + w[b] without reduction: below 2p, for an operand of {@link #mul} only. */
    final void addUnreduced(int d, int a, int b) {
        final long[] w = this.w;
        storeSum(d, w[a], w[a + 1], w[a + 2], w[a + 3], w[b], w[b + 1], w[b + 2], w[b + 3]);
    }

    /** w[d] = a + b for limbs whose sum is below 2^256, without reduction. */
    private void storeSum(int d, long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3) {
        long s0 = a0 + b0;
        long c = carry(a0, b0, s0);
        long s1 = a1 + b1 + c;
        c = carry(a1, b1, s1);
        long s2 = a2 + b2 + c;
        c = carry(a2, b2, s2);
        final long[] w = this.w;
        w[d] = s0;
        w[d + 1] = s1;
        w[d + 2] = s2;
        w[d + 3] = a3 + b3 + c;
    }

    /** w[d] = w[a] − w[b]. */
    final void sub(int d, int a, int b) {
        final long[] w = this.w;
        long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        long b0 = w[b], b1 = w[b + 1], b2 = w[b + 2], b3 = w[b + 3];
        long d0 = a0 - b0;
        long br = borrow(a0, b0, d0);
        long d1 = a1 - b1 - br;
        br = borrow(a1, b1, d1);
        long d2 = a2 - b2 - br;
        br = borrow(a2, b2, d2);
        long d3 = a3 - b3 - br;
        long mask = -borrow(a3, b3, d3); // all ones when a < b: add p back
        long q0 = P0 & mask, q1 = P1 & mask, q2 = P2 & mask, q3 = P3 & mask;
        long s0 = d0 + q0;
        long c = carry(d0, q0, s0);
        long s1 = d1 + q1 + c;
        c = carry(d1, q1, s1);
        long s2 = d2 + q2 + c;
        c = carry(d2, q2, s2);
        w[d] = s0;
        w[d + 1] = s1;
        w[d + 2] = s2;
        w[d + 3] = d3 + q3 + c;
    }

    /** w[d] = 2·w[a]. */
    final void dbl(int d, int a) {
        final long[] w = this.w;
        long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        store(d, a0 << 1, (a1 << 1) | (a0 >>> 63), (a2 << 1) | (a1 >>> 63), (a3 << 1) | (a2 >>> 63));
    }

    /** w[d] = −w[a] (p − a, or 0 for 0). */
    final void neg(int d, int a) {
        final long[] w = this.w;
        long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        long any = a0 | a1 | a2 | a3;
        long mask = -((any | -any) >>> 63); // all ones unless a = 0
        long d0 = P0 - a0;
        long br = borrow(P0, a0, d0);
        long d1 = P1 - a1 - br;
        br = borrow(P1, a1, d1);
        long d2 = P2 - a2 - br;
        br = borrow(P2, a2, d2);
        w[d] = d0 & mask;
        w[d + 1] = d1 & mask;
        w[d + 2] = d2 & mask;
        w[d + 3] = (P3 - a3 - br) & mask;
    }

    final void copy(int d, int a, int limbs) {
        System.arraycopy(w, a, w, d, limbs);
    }

    final boolean isZero(int a, int limbs) {
        long acc = 0;
        for (int i = 0; i < limbs; i++) {
            acc |= w[a + i];
        }
        return acc == 0;
    }

    /**
     * w[d] = 3·w[z] + 2·w[x], or 3·w[z] − 2·w[x] when {@code minus}, for operands below p: 3z + 2x (or 3z + 2(p − x))
     * is below 5p &lt; 2^256, and {@link #reduceWord} brings it below p. One pass where a subtraction, a doubling and
     * an addition take three.
     */
    final void threeZTwoX(int d, int z, int x, boolean minus) {
        final long[] w = this.w;
        long z0 = w[z], z1 = w[z + 1], z2 = w[z + 2], z3 = w[z + 3];
        long x0 = w[x], x1 = w[x + 1], x2 = w[x + 2], x3 = w[x + 3];
        if (minus) { // x ← p − x
            long n0 = P0 - x0;
            long br = borrow(P0, x0, n0);
            long n1 = P1 - x1 - br;
            br = borrow(P1, x1, n1);
            long n2 = P2 - x2 - br;
            br = borrow(P2, x2, n2);
            x3 = P3 - x3 - br;
            x0 = n0;
            x1 = n1;
            x2 = n2;
        }
        // u = z + x, then t = z + 2u
        long u0 = z0 + x0;
        long c = carry(z0, x0, u0);
        long u1 = z1 + x1 + c;
        c = carry(z1, x1, u1);
        long u2 = z2 + x2 + c;
        c = carry(z2, x2, u2);
        long u3 = z3 + x3 + c;
        long v0 = u0 << 1, v1 = (u1 << 1) | (u0 >>> 63), v2 = (u2 << 1) | (u1 >>> 63), v3 = (u3 << 1) | (u2 >>> 63);
        long t0 = z0 + v0;
        c = carry(z0, v0, t0);
        long t1 = z1 + v1 + c;
        c = carry(z1, v1, t1);
        long t2 = z2 + v2 + c;
        c = carry(z2, v2, t2);
        reduceWord(d, t0, t1, t2, z3 + v3 + c);
    }

    /**
     * Stores t mod p for any t below 2^256: t − q·p for q estimated from t3 ({@link #RECIP_192}), which is ⌊t/p⌋
     * or one less, so the difference is below 2p, then {@link #store}. q·p comes from {@link #MULTIPLES}.
     */
    private void reduceWord(int d, long t0, long t1, long t2, long t3) {
        int q = (int) (Math.unsignedMultiplyHigh(t3, RECIP_192) >>> 61); // ⌊t/p⌋ or one less
        final long[] m = MULTIPLES;
        long s0 = m[4 * q], s1 = m[4 * q + 1], s2 = m[4 * q + 2], s3 = m[4 * q + 3];
        long r0 = t0 - s0;
        long b = borrow(t0, s0, r0);
        long r1 = t1 - s1 - b;
        b = borrow(t1, s1, r1);
        long r2 = t2 - s2 - b;
        b = borrow(t2, s2, r2);
        store(d, r0, r1, r2, t3 - s3 - b);
    }

    // ---------------------------------------------------------------- F_p²

    /**
     * (a0 + a1u)(b0 + b1u) = (a0b0 + a1(p − b1)) + (a0b1 + a1b0)u: each coefficient a sum of two products with one
     * Montgomery reduction ({@link #dot}). As many word products as Karatsuba's three F_p products, but two
     * reductions to a value below p instead of five additions and subtractions, which cost more here than products.
     * The coefficients of a may be unreduced sums below 2p ({@link #addUnreduced2}); those of b must be below p.
     */
    final void mul2(int d, int a, int b) {
        negUnreduced(X0, b + 4);
        dot(V0, a, b, a + 4, X0);
        dot(d + 4, a, b + 4, a + 4, b);
        copy(d, V0, 4);
    }

    /** (a0 + a1u)² = (a0 + a1)(a0 − a1) + 2a0·a1·u, two F_p products. */
    final void sqr2(int d, int a) {
        addUnreduced(S0, a, a + 4);
        differenceAndDouble(a);
        mul(d + 4, V1, a + 4); // reads a1 before it writes d + 4
        mul(d, S0, S1);
    }

    /** S1 = a0 + (p − a1) and V1 = 2a0 for the F_p² element at a, in one pass: unreduced, each below 2p. */
    private void differenceAndDouble(int a) {
        final long[] w = this.w;
        long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        long b0 = w[a + 4], b1 = w[a + 5], b2 = w[a + 6], b3 = w[a + 7];
        long n0 = P0 - b0; // p − a1, in (0, p]
        long br = borrow(P0, b0, n0);
        long n1 = P1 - b1 - br;
        br = borrow(P1, b1, n1);
        long n2 = P2 - b2 - br;
        br = borrow(P2, b2, n2);
        storeSum(S1, a0, a1, a2, a3, n0, n1, n2, P3 - b3 - br);
        w[V1] = a0 << 1;
        w[V1 + 1] = (a1 << 1) | (a0 >>> 63);
        w[V1 + 2] = (a2 << 1) | (a1 >>> 63);
        w[V1 + 3] = (a3 << 1) | (a2 >>> 63);
    }

    /** Multiplies the F_p² element at a by the F_p element at b. */
    final void mul2ByFp(int d, int a, int b) {
        mul(d, a, b);
        mul(d + 4, a + 4, b);
    }

    final void add2(int d, int a, int b) {
        add(d, a, b);
        add(d + 4, a + 4, b + 4);
    }

    /** The sum without reduction, coefficients below 2p: only for the first operand of {@link #mul2}. */
    final void addUnreduced2(int d, int a, int b) {
        addUnreduced(d, a, b);
        addUnreduced(d + 4, a + 4, b + 4);
    }

    final void sub2(int d, int a, int b) {
        sub(d, a, b);
        sub(d + 4, a + 4, b + 4);
    }

    final void dbl2(int d, int a) {
        dbl(d, a);
        dbl(d + 4, a + 4);
    }

    final void neg2(int d, int a) {
        neg(d, a);
        neg(d + 4, a + 4);
    }

    /** The conjugate a0 − a1u. */
    final void conj2(int d, int a) {
        copy(d, a, 4);
        neg(d + 4, a + 4);
    }

    /** Multiplies by ξ = 9 + u: (9a0 − a1) + (a0 + 9a1)u, without products, each part in one pass. */
    final void mulByXi2(int d, int a) {
        times9Plus(X0, a, a + 4, true); // 9a0 − a1
        times9Plus(d + 4, a + 4, a, false); // 9a1 + a0
        copy(d, X0, 4);
    }

    /** w[d] = 9·w[a] for w[a] below p. */
    final void times9(int d, int a) {
        times9Plus(d, a, -1, false);
    }

    /**
     * w[d] = 9·w[a] + w[b], or 9·w[a] − w[b] when {@code minus}, or 9·w[a] for b = −1, for operands below p: t = 8a + a
     * + b (or + (p − b)) in five limbs, below 10p &lt; 2^258, then t − q·p for the quotient q estimated from the top
     * bits of t ({@link #reduceFive}). A quarter of the cost of three doublings and an addition, and the ± w[b] for
     * the price of one carry chain.
     */
    final void times9Plus(int d, int a, int b, boolean minus) {
        nineCombination(d, a, b, minus, NINE, -1, -1);
    }

    /**
     * w[d] = 3·(w[x] + 9·w[a] − w[b]) − 2·w[e], or with + w[b] unless {@code minus}, for operands below p (b ≥ 0): a
     * coordinate of the real part of 3z² − 2z̄ in the cyclotomic squaring, z² = (x² + ξy²) + 2xy·t, from x², y² and
     * x in one pass (where ξ·y², the sum and 3z − 2x take three). The total, below 35p &lt; 2^259, is reduced once.
     */
    final void threeXiMinusTwo(int d, int x, int a, int b, boolean minus, int e) {
        nineCombination(d, a, b, minus, THREE_X_MINUS_TWO_E, x, e);
    }

    /**
     * w[d] = 6·(9·w[a] − w[b]) + 2·w[e], or with + w[b] unless {@code minus}, for operands below p: a coordinate of
     * 3·ξ·2xy + 2ȳ in the cyclotomic squaring, from xy in one pass. The total, below 62p &lt; 2^260, is reduced once.
     */
    final void sixXiPlusTwo(int d, int a, int b, boolean minus, int e) {
        nineCombination(d, a, b, minus, SIX_PLUS_TWO_E, -1, e);
    }

    /** What {@link #nineCombination} makes of t = 9a ± b: t itself, 3(t + x) − 2e, or 6t + 2e. */
    private static final int NINE = 0, THREE_X_MINUS_TWO_E = 1, SIX_PLUS_TWO_E = 2;

    /**
     * t = 9·w[a] ± w[b] (or 9·w[a] for b = −1) in five limbs, below 10p, then by {@code form}: t, 3·(t + w[x]) + 2·(p −
     * w[e]) below 35p, or 2·(t + 2t + w[e]) below 62p; reduced once ({@link #reduceFive}). All operands below p.
     */
    private void nineCombination(int d, int a, int b, boolean minus, int form, int x, int e) {
        final long[] w = this.w;
        long a0 = w[a], a1 = w[a + 1], a2 = w[a + 2], a3 = w[a + 3];
        long e0 = a0 << 3, e1 = (a1 << 3) | (a0 >>> 61), e2 = (a2 << 3) | (a1 >>> 61), e3 = (a3 << 3) | (a2 >>> 61);
        long t0 = e0 + a0;
        long c = carry(e0, a0, t0);
        long t1 = e1 + a1 + c;
        c = carry(e1, a1, t1);
        long t2 = e2 + a2 + c;
        c = carry(e2, a2, t2);
        long t3 = e3 + a3 + c;
        c = carry(e3, a3, t3);
        long t4 = (a3 >>> 61) + c;
        if (b >= 0) {
            long b0 = w[b], b1 = w[b + 1], b2 = w[b + 2], b3 = w[b + 3];
            if (minus) { // b ← p − b
                long n0 = P0 - b0;
                long br = borrow(P0, b0, n0);
                long n1 = P1 - b1 - br;
                br = borrow(P1, b1, n1);
                long n2 = P2 - b2 - br;
                br = borrow(P2, b2, n2);
                b3 = P3 - b3 - br;
                b0 = n0;
                b1 = n1;
                b2 = n2;
            }
            if (form == THREE_X_MINUS_TWO_E) { // b ← b + w[x], below 2p: four limbs
                long x0 = w[x], x1 = w[x + 1], x2 = w[x + 2], x3 = w[x + 3];
                long y0 = b0 + x0;
                c = carry(b0, x0, y0);
                long y1 = b1 + x1 + c;
                c = carry(b1, x1, y1);
                long y2 = b2 + x2 + c;
                c = carry(b2, x2, y2);
                b3 += x3 + c;
                b0 = y0;
                b1 = y1;
                b2 = y2;
            }
            long u0 = t0 + b0;
            c = carry(t0, b0, u0);
            long u1 = t1 + b1 + c;
            c = carry(t1, b1, u1);
            long u2 = t2 + b2 + c;
            c = carry(t2, b2, u2);
            long u3 = t3 + b3 + c;
            c = carry(t3, b3, u3);
            t0 = u0;
            t1 = u1;
            t2 = u2;
            t3 = u3;
            t4 += c;
        }
        if (form == NINE) {
            reduceFive(d, t0, t1, t2, t3, t4);
            return;
        }
        long v0, v1, v2, v3; // the addend: p − w[e] (then u = t + v, r = t + 2u) or w[e] (then u = t + v, r = 2(u + 2t))
        if (form == THREE_X_MINUS_TWO_E) {
            long f0 = w[e], f1 = w[e + 1], f2 = w[e + 2], f3 = w[e + 3];
            v0 = P0 - f0;
            long br = borrow(P0, f0, v0);
            v1 = P1 - f1 - br;
            br = borrow(P1, f1, v1);
            v2 = P2 - f2 - br;
            br = borrow(P2, f2, v2);
            v3 = P3 - f3 - br;
        } else {
            v0 = w[e];
            v1 = w[e + 1];
            v2 = w[e + 2];
            v3 = w[e + 3];
        }
        // u = t + v
        long u0 = t0 + v0;
        c = carry(t0, v0, u0);
        long u1 = t1 + v1 + c;
        c = carry(t1, v1, u1);
        long u2 = t2 + v2 + c;
        c = carry(t2, v2, u2);
        long u3 = t3 + v3 + c;
        c = carry(t3, v3, u3);
        long u4 = t4 + c;
        // r = y + 2z with (y, z) = (t, u) for 3(t + x) − 2e, (u, t) for 6t + 2e
        long y0, y1, y2, y3, y4, z0, z1, z2, z3, z4;
        if (form == THREE_X_MINUS_TWO_E) {
            y0 = t0; y1 = t1; y2 = t2; y3 = t3; y4 = t4;
            z0 = u0; z1 = u1; z2 = u2; z3 = u3; z4 = u4;
        } else {
            y0 = u0; y1 = u1; y2 = u2; y3 = u3; y4 = u4;
            z0 = t0; z1 = t1; z2 = t2; z3 = t3; z4 = t4;
        }
        long d0 = z0 << 1, d1 = (z1 << 1) | (z0 >>> 63), d2 = (z2 << 1) | (z1 >>> 63), d3 = (z3 << 1) | (z2 >>> 63);
        long d4 = (z4 << 1) | (z3 >>> 63);
        long r0 = y0 + d0;
        c = carry(y0, d0, r0);
        long r1 = y1 + d1 + c;
        c = carry(y1, d1, r1);
        long r2 = y2 + d2 + c;
        c = carry(y2, d2, r2);
        long r3 = y3 + d3 + c;
        c = carry(y3, d3, r3);
        long r4 = y4 + d4 + c;
        if (form == SIX_PLUS_TWO_E) { // doubled
            reduceFive(d, r0 << 1, (r1 << 1) | (r0 >>> 63), (r2 << 1) | (r1 >>> 63), (r3 << 1) | (r2 >>> 63),
                    (r4 << 1) | (r3 >>> 63));
        } else {
            reduceFive(d, r0, r1, r2, r3, r4);
        }
    }

    /**
     * w[d] = 6·w[z] + 2·w[x] for operands below p: 3z + x (below 4p &lt; 2^256) doubled into five limbs, below
     * 8p &lt; 2^257, and {@link #reduceFive}. One pass where a doubling and {@link #threeZTwoX} take two.
     */
    final void sixZTwoX(int d, int z, int x) {
        final long[] w = this.w;
        long z0 = w[z], z1 = w[z + 1], z2 = w[z + 2], z3 = w[z + 3];
        long x0 = w[x], x1 = w[x + 1], x2 = w[x + 2], x3 = w[x + 3];
        // u = z + x, then v = u + 2z = 3z + x
        long u0 = z0 + x0;
        long c = carry(z0, x0, u0);
        long u1 = z1 + x1 + c;
        c = carry(z1, x1, u1);
        long u2 = z2 + x2 + c;
        c = carry(z2, x2, u2);
        long u3 = z3 + x3 + c;
        long e0 = z0 << 1, e1 = (z1 << 1) | (z0 >>> 63), e2 = (z2 << 1) | (z1 >>> 63), e3 = (z3 << 1) | (z2 >>> 63);
        long v0 = u0 + e0;
        c = carry(u0, e0, v0);
        long v1 = u1 + e1 + c;
        c = carry(u1, e1, v1);
        long v2 = u2 + e2 + c;
        c = carry(u2, e2, v2);
        long v3 = u3 + e3 + c;
        reduceFive(d, v0 << 1, (v1 << 1) | (v0 >>> 63), (v2 << 1) | (v1 >>> 63), (v3 << 1) | (v2 >>> 63), v3 >>> 63);
    }

    /**
     * Stores t mod p for t = t0 + … + t4·2^256 below 2^262: t − q·p for the quotient q estimated from the bits of t
     * above 2^198 ({@link #RECIP_198}), which is ⌊t/p⌋ or one less, then {@link #store}. q·p comes from
     * {@link #MULTIPLES}.
     */
    private void reduceFive(int d, long t0, long t1, long t2, long t3, long t4) {
        int q = (int) (Math.unsignedMultiplyHigh((t4 << 58) | (t3 >>> 6), RECIP_198) >>> 55); // ⌊t/p⌋ or one less
        // t − q·p lies in [0, 2p), so only the low four limbs of q·p matter
        final long[] m = MULTIPLES;
        long s0 = m[4 * q], s1 = m[4 * q + 1], s2 = m[4 * q + 2], s3 = m[4 * q + 3];
        long r0 = t0 - s0;
        long bw = borrow(t0, s0, r0);
        long r1 = t1 - s1 - bw;
        bw = borrow(t1, s1, r1);
        long r2 = t2 - s2 - bw;
        bw = borrow(t2, s2, r2);
        store(d, r0, r1, r2, t3 - s3 - bw);
    }

    /**
     * q·p mod 2^256 for every quotient {@link #reduceFive} and {@link #reduceWord} can estimate (t &lt; 2^262), four
     * limbs each: a table lookup where computing q·p takes seven word products.
     */
    private static final long[] MULTIPLES = multiples(BigInteger.ONE.shiftLeft(262).divide(MODULUS).intValueExact());

    private static long[] multiples(int most) {
        long[] out = new long[4 * (most + 1)];
        for (int q = 0; q <= most; q++) {
            BigInteger v = MODULUS.multiply(BigInteger.valueOf(q));
            for (int i = 0; i < 4; i++) {
                out[4 * q + i] = v.shiftRight(64 * i).longValue();
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- moving values in and out

    final void load(int d, Fp a) {
        for (int i = 0; i < 4; i++) {
            w[d + i] = a.montgomeryLimb(i);
        }
    }

    final void load2(int d, Fp2 a) {
        load(d, a.c0());
        load(d + 4, a.c1());
    }

    final Fp fp(int a) {
        return Fp.fromMontgomeryLimbs(w[a], w[a + 1], w[a + 2], w[a + 3]);
    }

    final Fp2 fp2(int a) {
        return new Fp2(fp(a), fp(a + 4));
    }
}
