package io.zkml.core.field;

import java.math.BigInteger;

/**
 * An element of the BN254 scalar field F_r, r = 21888242871839275222246405745257275088548364400416034343698204186575808495617.
 *
 * <p>Immutable; held in Montgomery form {@code a·R mod r} with R = 2^256, as four little-endian 64-bit limbs.
 * Multiplication is CIOS Montgomery multiplication with {@link Math#unsignedMultiplyHigh}; since the modulus
 * is below 2^254 the last carry word never overflows ("no-carry" CIOS), and every result is fully reduced, so
 * equal elements have equal limbs.
 *
 * <p>{@code Fp} and {@code Fr} share this code line for line and differ only in their modulus and the extra
 * methods at the end: a per-field specialisation, as gnark generates, so that every constant is a JIT constant.
 */
public final class Fr implements FieldElement<Fr>, Comparable<Fr> {

    /** The modulus r, a fact of the curve definition. */
    public static final BigInteger MODULUS = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    private static final long P0 = limb(MODULUS, 0), P1 = limb(MODULUS, 1), P2 = limb(MODULUS, 2), P3 = limb(MODULUS, 3);
    /** −r⁻¹ mod 2^64. */
    private static final long INV = MODULUS.negate().modInverse(BigInteger.ONE.shiftLeft(64)).longValue();
    private static final BigInteger R = BigInteger.ONE.shiftLeft(256).mod(MODULUS);
    private static final BigInteger R_INV = BigInteger.ONE.shiftLeft(256).modInverse(MODULUS);

    public static final Fr ZERO = new Fr(0, 0, 0, 0);
    public static final Fr ONE = new Fr(limb(R, 0), limb(R, 1), limb(R, 2), limb(R, 3));
    public static final Fr TWO = ONE.add(ONE);
    /** The number of bytes of a canonical encoding. */
    public static final int BYTES = 32;

    private final long l0, l1, l2, l3;

    private Fr(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    // ---------------------------------------------------------------- construction and conversion

    /** The element {@code value mod r}; any integer, negative ones included. */
    public static Fr of(BigInteger value) {
        BigInteger v = value.mod(MODULUS).multiply(R).mod(MODULUS);
        return new Fr(limb(v, 0), limb(v, 1), limb(v, 2), limb(v, 3));
    }

    /** The element {@code value mod r}. */
    public static Fr of(long value) {
        return of(BigInteger.valueOf(value));
    }

    /**
     * The element whose canonical value is {@code value}, which must lie in [0, r).
     *
     * @throws IllegalArgumentException if {@code value} is negative or not below the modulus
     */
    public static Fr ofCanonical(BigInteger value) {
        if (!isCanonical(value)) {
            throw new IllegalArgumentException("value out of range for F_r (must be in [0, r)): " + value);
        }
        return of(value);
    }

    /** Whether {@code value} lies in [0, r). */
    public static boolean isCanonical(BigInteger value) {
        return value.signum() >= 0 && value.compareTo(MODULUS) < 0;
    }

    /** Parses a decimal string (as snarkjs writes field elements) in [0, r). */
    public static Fr parse(String decimal) {
        final BigInteger v;
        try {
            v = new BigInteger(decimal.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a decimal integer: \"" + decimal + "\"");
        }
        return ofCanonical(v);
    }

    /**
     * The element with the given Montgomery-form limbs (as the snarkjs binary formats store points).
     *
     * @throws IllegalArgumentException if the limbs do not encode a value below the modulus
     */
    public static Fr fromMontgomeryLimbs(long l0, long l1, long l2, long l3) {
        if (!lessThanModulus(l0, l1, l2, l3)) {
            throw new IllegalArgumentException("Montgomery limbs not below the modulus");
        }
        return new Fr(l0, l1, l2, l3);
    }

    /** Whether plain (non-Montgomery) little-endian limbs encode a value below the modulus. */
    public static boolean isCanonicalLimbs(long l0, long l1, long l2, long l3) {
        return lessThanModulus(l0, l1, l2, l3);
    }

    /** The element with the given plain (non-Montgomery) little-endian limbs, which must encode a value below the modulus. */
    public static Fr fromCanonicalLimbs(long l0, long l1, long l2, long l3) {
        if (!lessThanModulus(l0, l1, l2, l3)) {
            throw new IllegalArgumentException("value not below the modulus of F_r");
        }
        return new Fr(l0, l1, l2, l3).mul(R2);
    }

    private static final Fr R2;
    /** R³ mod the modulus, as raw limbs: the Montgomery product of x and R3 is x·R². */
    private static final Fr R3;

    static {
        BigInteger r2 = R.multiply(R).mod(MODULUS);
        R2 = new Fr(limb(r2, 0), limb(r2, 1), limb(r2, 2), limb(r2, 3));
        BigInteger r3 = r2.multiply(R).mod(MODULUS);
        R3 = new Fr(limb(r3, 0), limb(r3, 1), limb(r3, 2), limb(r3, 3));
    }

    /** The canonical value in [0, r). */
    public BigInteger toBigInteger() {
        Fr c = fromMontgomery();
        return Limbs.toBigInteger(c.l0, c.l1, c.l2, c.l3);
    }

    /** Limb {@code i} (0 = least significant) of the Montgomery form. */
    public long montgomeryLimb(int i) {
        return switch (i) {
            case 0 -> l0;
            case 1 -> l1;
            case 2 -> l2;
            case 3 -> l3;
            default -> throw new IndexOutOfBoundsException(i);
        };
    }

    /** Limb {@code i} (0 = least significant) of the canonical value. */
    public long canonicalLimb(int i) {
        return fromMontgomery().montgomeryLimb(i);
    }

    /** Multiplies by R⁻¹: the result's limbs are the canonical value. */
    private Fr fromMontgomery() {
        return mul(new Fr(1, 0, 0, 0));
    }

    // ---------------------------------------------------------------- arithmetic

    public boolean isZero() {
        return (l0 | l1 | l2 | l3) == 0;
    }

    public boolean isOne() {
        return equals(ONE);
    }

    public Fr add(Fr b) {
        long s0 = l0 + b.l0;
        long c = Long.compareUnsigned(s0, l0) < 0 ? 1 : 0;
        long t = l1 + c;
        long s1 = t + b.l1;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = l2 + c;
        long s2 = t + b.l2;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        long s3 = l3 + b.l3 + c; // both below 2^254: no overflow
        return reduceOnce(s0, s1, s2, s3);
    }

    public Fr dbl() {
        return add(this);
    }

    public Fr sub(Fr b) {
        long d0 = l0 - b.l0;
        long w = Long.compareUnsigned(l0, b.l0) < 0 ? 1 : 0;
        long t = l1 - w;
        long w1 = Long.compareUnsigned(l1, w) < 0 ? 1 : 0;
        long d1 = t - b.l1;
        w = w1 | (Long.compareUnsigned(t, b.l1) < 0 ? 1 : 0);
        t = l2 - w;
        w1 = Long.compareUnsigned(l2, w) < 0 ? 1 : 0;
        long d2 = t - b.l2;
        w = w1 | (Long.compareUnsigned(t, b.l2) < 0 ? 1 : 0);
        t = l3 - w;
        w1 = Long.compareUnsigned(l3, w) < 0 ? 1 : 0;
        long d3 = t - b.l3;
        w = w1 | (Long.compareUnsigned(t, b.l3) < 0 ? 1 : 0);
        if (w == 0) {
            return new Fr(d0, d1, d2, d3);
        }
        // borrowed: add the modulus back
        long s0 = d0 + P0;
        long c = Long.compareUnsigned(s0, d0) < 0 ? 1 : 0;
        t = d1 + c;
        long s1 = t + P1;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s1, t) < 0 ? 1 : 0);
        t = d2 + c;
        long s2 = t + P2;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(s2, t) < 0 ? 1 : 0);
        long s3 = d3 + P3 + c;
        return new Fr(s0, s1, s2, s3);
    }

    public Fr neg() {
        return isZero() ? this : ZERO.sub(this);
    }

    /** Montgomery product a·b·R⁻¹ of the representations, i.e. the field product. */
    public Fr mul(Fr b) {
        final long a0 = l0, a1 = l1, a2 = l2, a3 = l3;
        long t0, t1, t2, t3, c, lo, hi, s, m;

        // ---- i = 0: t = a·b0
        long bi = b.l0;
        lo = a0 * bi; hi = Math.unsignedMultiplyHigh(a0, bi);
        t0 = lo; c = hi;
        lo = a1 * bi; hi = Math.unsignedMultiplyHigh(a1, bi);
        s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t1 = s; c = hi;
        lo = a2 * bi; hi = Math.unsignedMultiplyHigh(a2, bi);
        s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t2 = s; c = hi;
        lo = a3 * bi; hi = Math.unsignedMultiplyHigh(a3, bi);
        s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t3 = s; long t4 = hi;
        // reduce
        m = t0 * INV;
        lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0);
        s = lo + t0; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; c = hi;
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1);
        s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t0 = s; c = hi;
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2);
        s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t1 = s; c = hi;
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3);
        s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t2 = s; c = hi;
        t3 = t4 + c;

        // ---- i = 1, 2, 3: t += a·bi, then reduce
        for (int i = 1; i < 4; i++) {
            bi = i == 1 ? b.l1 : i == 2 ? b.l2 : b.l3;
            lo = a0 * bi; hi = Math.unsignedMultiplyHigh(a0, bi);
            s = lo + t0; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t0 = s; c = hi;
            lo = a1 * bi; hi = Math.unsignedMultiplyHigh(a1, bi);
            s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t1 = s; c = hi;
            lo = a2 * bi; hi = Math.unsignedMultiplyHigh(a2, bi);
            s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t2 = s; c = hi;
            lo = a3 * bi; hi = Math.unsignedMultiplyHigh(a3, bi);
            s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t3 = s; t4 = hi;

            m = t0 * INV;
            lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0);
            s = lo + t0; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; c = hi;
            lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1);
            s = lo + t1; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t0 = s; c = hi;
            lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2);
            s = lo + t2; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t1 = s; c = hi;
            lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3);
            s = lo + t3; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; lo = s; s = lo + c; hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0; t2 = s; c = hi;
            t3 = t4 + c;
        }
        return reduceOnce(t0, t1, t2, t3);
    }

    public Fr square() {
        return mul(this);
    }

    /** this^e for a non-negative exponent, by square-and-multiply from the top bit. */
    public Fr pow(BigInteger e) {
        if (e.signum() < 0) {
            throw new IllegalArgumentException("negative exponent: " + e);
        }
        Fr r = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            r = r.square();
            if (e.testBit(i)) {
                r = r.mul(this);
            }
        }
        return r;
    }

    /**
     * The multiplicative inverse.
     *
     * @throws ArithmeticException for zero
     */
    public Fr inverse() {
        if (isZero()) {
            throw new ArithmeticException("inverse of zero in F_r");
        }
        // the Montgomery form m = aR; we want a⁻¹R = m⁻¹·R², the Montgomery product of m⁻¹ and R³
        long[] v = Limbs.inverseMod(l0, l1, l2, l3, P0, P1, P2, P3);
        return new Fr(v[0], v[1], v[2], v[3]).mul(R3);
    }

    // ---------------------------------------------------------------- byte encodings

    /** 32-byte big-endian canonical value (EVM ABI word). */
    public byte[] toBytesBE() {
        byte[] out = new byte[BYTES];
        Fr c = fromMontgomery();
        Limbs.writeBE(out, 0, c.l0, c.l1, c.l2, c.l3);
        return out;
    }

    /** 32-byte little-endian canonical value (circom .r1cs / .wtns). */
    public byte[] toBytesLE() {
        byte[] out = new byte[BYTES];
        Fr c = fromMontgomery();
        Limbs.writeLE(out, 0, c.l0, c.l1, c.l2, c.l3);
        return out;
    }

    /** 32-byte little-endian Montgomery form (snarkjs .zkey / .ptau points). */
    public byte[] toMontgomeryBytesLE() {
        byte[] out = new byte[BYTES];
        Limbs.writeLE(out, 0, l0, l1, l2, l3);
        return out;
    }

    /** Reads a 32-byte big-endian canonical value; it must be below the modulus. */
    public static Fr fromBytesBE(byte[] in, int off) {
        return fromCanonicalLimbs(Limbs.readBE(in, off, 0), Limbs.readBE(in, off, 1), Limbs.readBE(in, off, 2), Limbs.readBE(in, off, 3));
    }

    /** Reads a 32-byte little-endian canonical value; it must be below the modulus. */
    public static Fr fromBytesLE(byte[] in, int off) {
        return fromCanonicalLimbs(Limbs.readLE(in, off, 0), Limbs.readLE(in, off, 1), Limbs.readLE(in, off, 2), Limbs.readLE(in, off, 3));
    }

    /** Reads a 32-byte little-endian Montgomery form; it must be below the modulus. */
    public static Fr fromMontgomeryBytesLE(byte[] in, int off) {
        return fromMontgomeryLimbs(Limbs.readLE(in, off, 0), Limbs.readLE(in, off, 1), Limbs.readLE(in, off, 2), Limbs.readLE(in, off, 3));
    }

    // ---------------------------------------------------------------- Object

    @Override
    public boolean equals(Object o) {
        return o instanceof Fr f && f.l0 == l0 && f.l1 == l1 && f.l2 == l2 && f.l3 == l3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(l0 ^ (31 * l1) ^ (961 * l2) ^ (29791 * l3));
    }

    /** Orders by canonical value. */
    @Override
    public int compareTo(Fr o) {
        return toBigInteger().compareTo(o.toBigInteger());
    }

    /** The canonical value in decimal, as snarkjs writes it. */
    @Override
    public String toString() {
        return toBigInteger().toString();
    }

    // ---------------------------------------------------------------- internals

    private static long limb(BigInteger v, int i) {
        return v.shiftRight(64 * i).longValue();
    }

    private static boolean lessThanModulus(long a0, long a1, long a2, long a3) {
        if (a3 != P3) return Long.compareUnsigned(a3, P3) < 0;
        if (a2 != P2) return Long.compareUnsigned(a2, P2) < 0;
        if (a1 != P1) return Long.compareUnsigned(a1, P1) < 0;
        return Long.compareUnsigned(a0, P0) < 0;
    }

    /** For a value below 2·modulus: subtracts the modulus once when needed. */
    private static Fr reduceOnce(long a0, long a1, long a2, long a3) {
        if (lessThanModulus(a0, a1, a2, a3)) {
            return new Fr(a0, a1, a2, a3);
        }
        long d0 = a0 - P0;
        long w = Long.compareUnsigned(a0, P0) < 0 ? 1 : 0;
        long t = a1 - w;
        long w1 = Long.compareUnsigned(a1, w) < 0 ? 1 : 0;
        long d1 = t - P1;
        w = w1 | (Long.compareUnsigned(t, P1) < 0 ? 1 : 0);
        t = a2 - w;
        w1 = Long.compareUnsigned(a2, w) < 0 ? 1 : 0;
        long d2 = t - P2;
        w = w1 | (Long.compareUnsigned(t, P2) < 0 ? 1 : 0);
        long d3 = a3 - w - P3;
        return new Fr(d0, d1, d2, d3);
    }
}
