package io.zkml.core.curve;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.math.BigInteger;

/**
 * A point of BN254's G2, on the sextic D-twist y² = x³ + 3/ξ over F_p² (ξ = 9 + u). The twist's group has
 * order r·h with cofactor h = 2p − r, so points read from untrusted input must pass {@link #isInSubgroup()}.
 * Jacobian coordinates; see {@link CurvePoint}.
 */
public final class G2 extends CurvePoint<Fp2, G2> {

    /** b' = 3/ξ. */
    public static final Fp2 B = new Fp2(Fp.of(3), Fp.ZERO).mul(Fp2.XI.inverse());
    public static final G2 INFINITY = new G2(Fp2.ZERO, Fp2.ONE, Fp2.ZERO);
    /** The generator of the curve definition (EIP-197). */
    public static final G2 GENERATOR = new G2(
            Fp2.of(new BigInteger("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
                    new BigInteger("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
            Fp2.of(new BigInteger("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
                    new BigInteger("4082367875863433681332203403145435568316851327593401208105741076214120093531")),
            Fp2.ONE);

    /** The BN parameter x (often u or z) of BN254: p and r are polynomials in it. */
    public static final BigInteger BN_X = new BigInteger("4965661367192848881");
    /** ψ's constants: ξ^((p−1)/3) and ξ^((p−1)/2). */
    static final Fp2 PSI_X = Fp2.XI.pow(Fp.MODULUS.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3)));
    static final Fp2 PSI_Y = Fp2.XI.pow(Fp.MODULUS.subtract(BigInteger.ONE).shiftRight(1));

    private G2(Fp2 x, Fp2 y, Fp2 z) {
        super(x, y, z);
    }

    /** The affine point (x, y); not checked (see {@link #isOnCurve()} and {@link #isInSubgroup()}). */
    public static G2 affine(Fp2 x, Fp2 y) {
        return new G2(x, y, Fp2.ONE);
    }

    public static G2 jacobian(Fp2 x, Fp2 y, Fp2 z) {
        return new G2(x, y, z);
    }

    /** The point with affine coordinates (x, y), or infinity for all-zero coordinates (EVM and snarkjs). */
    public static G2 fromAffineOrZero(Fp2 x, Fp2 y) {
        return x.isZero() && y.isZero() ? INFINITY : affine(x, y);
    }

    public static G2 generatorTimes(BigInteger k) {
        return GENERATOR.mul(k);
    }

    /**
     * The endomorphism ψ = twist⁻¹ ∘ Frobenius ∘ twist: (x, y) ↦ (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)).
     * On G2 it acts as multiplication by p ≡ 6x² (mod r).
     */
    public G2 psi() {
        if (isInfinity()) {
            return this;
        }
        // in Jacobian coordinates the map is applied coordinate-wise: Z ↦ Z̄ keeps X/Z², Y/Z³ consistent
        return new G2(x.conjugate().mul(PSI_X), y.conjugate().mul(PSI_Y), z.conjugate());
    }

    /**
     * Whether this point is on the twist and in the order-r subgroup. Fast test (El Housni, Guillevic and
     * Piellard, "Co-factor clearing and subgroup membership testing on pairing-friendly curves", 2022, §3 and
     * §5.1): a twist point Q is in G2 iff [x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q) — one 63-bit
     * multiplication instead of a 254-bit [r]Q. Tested against the definition [r]Q = O on points inside and
     * outside the subgroup.
     */
    public boolean isInSubgroup() {
        if (!isOnCurve()) {
            return false;
        }
        if (isInfinity()) {
            return true;
        }
        G2 q = toAffine();
        G2 xq = q.mulByBnX();
        G2 lhs = xq.add(q).add(xq.psi()).add(xq.psi().psi());
        G2 rhs = xq.dbl().psi().psi().psi();
        return lhs.equals(rhs);
    }

    /** [x]Q for this affine Q by double-and-add over the 63 bits of x, with mixed additions. */
    private G2 mulByBnX() {
        long k = BN_X.longValueExact();
        G2 acc = this;
        for (int i = 62 - 1; i >= 0; i--) {
            acc = acc.dbl();
            if (((k >>> i) & 1) != 0) {
                acc = acc.add(this);
            }
        }
        return acc;
    }

    /** The definition of subgroup membership, [r]Q = O: slow, kept as the reference for tests. */
    public boolean isInSubgroupByOrder() {
        return isOnCurve() && mul(Fr.MODULUS).isInfinity();
    }

    @Override
    G2 create(Fp2 x, Fp2 y, Fp2 z) {
        return new G2(x, y, z);
    }

    @Override
    Fp2 b() {
        return B;
    }

    @Override
    Fp2 zero() {
        return Fp2.ZERO;
    }

    @Override
    Fp2 one() {
        return Fp2.ONE;
    }

    @Override
    public G2 infinity() {
        return INFINITY;
    }

    public Fp2 jacobianX() {
        return x;
    }

    public Fp2 jacobianY() {
        return y;
    }

    public Fp2 jacobianZ() {
        return z;
    }
}
