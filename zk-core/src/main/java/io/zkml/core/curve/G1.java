package io.zkml.core.curve;

import io.zkml.core.field.Fp;
import java.math.BigInteger;

/**
 * A point of BN254's G1: y² = x³ + 3 over F_p, of prime order r (cofactor 1, so every point on the curve is in
 * the group). Jacobian coordinates; see {@link CurvePoint}.
 */
public final class G1 extends CurvePoint<Fp, G1> {

    static final Fp B = Fp.of(3);
    /** The point at infinity, (0, 1, 0). */
    public static final G1 INFINITY = new G1(Fp.ZERO, Fp.ONE, Fp.ZERO);
    /** The generator (1, 2) of the curve definition (EIP-196). */
    public static final G1 GENERATOR = new G1(Fp.ONE, Fp.TWO, Fp.ONE);

    private G1(Fp x, Fp y, Fp z) {
        super(x, y, z);
    }

    /** The affine point (x, y); not checked to be on the curve (see {@link #isOnCurve()}). */
    public static G1 affine(Fp x, Fp y) {
        return new G1(x, y, Fp.ONE);
    }

    /** The point (X, Y, Z) in Jacobian coordinates; Z = 0 is the point at infinity. */
    public static G1 jacobian(Fp x, Fp y, Fp z) {
        return new G1(x, y, z);
    }

    /** The point with affine coordinates (x, y), or infinity for (0, 0) as the EVM and snarkjs encode it. */
    public static G1 fromAffineOrZero(Fp x, Fp y) {
        return x.isZero() && y.isZero() ? INFINITY : affine(x, y);
    }

    public static G1 generatorTimes(BigInteger k) {
        return GENERATOR.mul(k);
    }

    /** G1 has cofactor 1: every point on the curve is in the prime-order group. */
    public boolean isInSubgroup() {
        return isOnCurve();
    }

    @Override
    G1 create(Fp x, Fp y, Fp z) {
        return new G1(x, y, z);
    }

    @Override
    Fp b() {
        return B;
    }

    @Override
    Fp zero() {
        return Fp.ZERO;
    }

    @Override
    Fp one() {
        return Fp.ONE;
    }

    @Override
    public G1 infinity() {
        return INFINITY;
    }

    /** The Jacobian X coordinate. */
    public Fp jacobianX() {
        return x;
    }

    /** The Jacobian Y coordinate. */
    public Fp jacobianY() {
        return y;
    }

    /** The Jacobian Z coordinate. */
    public Fp jacobianZ() {
        return z;
    }
}
