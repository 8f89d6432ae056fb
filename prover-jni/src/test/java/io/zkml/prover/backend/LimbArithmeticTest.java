package io.zkml.prover.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The mutable limb arithmetic ({@link FpOps}, {@link FrOps}, {@link Fp2Ops}, {@link G1Ops}, {@link G2Ops}) against zk-core's immutable types. */
class LimbArithmeticTest {

    @Provide
    Arbitrary<BigInteger> p() {
        return values(Fp.MODULUS);
    }

    @Provide
    Arbitrary<BigInteger> r() {
        return values(Fr.MODULUS);
    }

    static Arbitrary<BigInteger> values(BigInteger m) {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, m.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, m.subtract(BigInteger.ONE), m.subtract(BigInteger.TWO),
                        two64, two64.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(128), BigInteger.ONE.shiftLeft(253),
                        m.shiftRight(1), m.shiftRight(1).add(BigInteger.ONE)));
    }

    static long[] limbs(Fp x) {
        return new long[] {x.montgomeryLimb(0), x.montgomeryLimb(1), x.montgomeryLimb(2), x.montgomeryLimb(3)};
    }

    static long[] limbs(Fr x) {
        return new long[] {x.montgomeryLimb(0), x.montgomeryLimb(1), x.montgomeryLimb(2), x.montgomeryLimb(3)};
    }

    static Fp fp(long[] a, int o) {
        return Fp.fromMontgomeryLimbs(a[o], a[o + 1], a[o + 2], a[o + 3]);
    }

    static Fr fr(long[] a, int o) {
        return Fr.fromMontgomeryLimbs(a[o], a[o + 1], a[o + 2], a[o + 3]);
    }

    @Property(tries = 3000)
    void fpOpsMatchFp(@ForAll("p") BigInteger x, @ForAll("p") BigInteger y) {
        Fp a = Fp.of(x), b = Fp.of(y);
        long[] la = limbs(a), lb = limbs(b), out = new long[4];
        FpOps.mul(out, 0, la, 0, lb, 0);
        assertThat(fp(out, 0)).isEqualTo(a.mul(b));
        FpOps.sqr(out, 0, la, 0);
        assertThat(fp(out, 0)).isEqualTo(a.square());
        FpOps.add(out, 0, la, 0, lb, 0);
        assertThat(fp(out, 0)).isEqualTo(a.add(b));
        FpOps.sub(out, 0, la, 0, lb, 0);
        assertThat(fp(out, 0)).isEqualTo(a.sub(b));
        FpOps.neg(out, 0, la, 0);
        assertThat(fp(out, 0)).isEqualTo(a.neg());
        FpOps.dbl(out, 0, la, 0);
        assertThat(fp(out, 0)).isEqualTo(a.dbl());
        if (x.signum() != 0) {
            FpOps.inverse(out, 0, la, 0);
            assertThat(fp(out, 0)).isEqualTo(a.inverse());
        }
        // aliasing: the output is an input
        long[] alias = la.clone();
        FpOps.mul(alias, 0, alias, 0, lb, 0);
        assertThat(fp(alias, 0)).isEqualTo(a.mul(b));
    }

    @Property(tries = 3000)
    void frOpsMatchFr(@ForAll("r") BigInteger x, @ForAll("r") BigInteger y) {
        Fr a = Fr.of(x), b = Fr.of(y);
        long[] la = limbs(a), lb = limbs(b), out = new long[4];
        FrOps.mul(out, 0, la, 0, lb, 0);
        assertThat(fr(out, 0)).isEqualTo(a.mul(b));
        FrOps.add(out, 0, la, 0, lb, 0);
        assertThat(fr(out, 0)).isEqualTo(a.add(b));
        FrOps.sub(out, 0, la, 0, lb, 0);
        assertThat(fr(out, 0)).isEqualTo(a.sub(b));
        FrOps.neg(out, 0, la, 0);
        assertThat(fr(out, 0)).isEqualTo(a.neg());
        if (x.signum() != 0) {
            FrOps.inverse(out, 0, la, 0);
            assertThat(fr(out, 0)).isEqualTo(a.inverse());
        }
        // a plain value times R² is its Montgomery form; times plain 1 a Montgomery form turns plain
        long[] plain = {a.canonicalLimb(0), a.canonicalLimb(1), a.canonicalLimb(2), a.canonicalLimb(3)};
        FrOps.mul(out, 0, plain, 0, FrOps.R2, 0);
        assertThat(fr(out, 0)).isEqualTo(a);
        FrOps.mul(out, 0, la, 0, new long[] {1, 0, 0, 0}, 0);
        assertThat(out).containsExactly(plain);
    }

    @Property(tries = 1000)
    void fp2OpsMatchFp2(@ForAll("p") BigInteger x0, @ForAll("p") BigInteger x1, @ForAll("p") BigInteger y0, @ForAll("p") BigInteger y1) {
        Fp2 a = new Fp2(Fp.of(x0), Fp.of(x1)), b = new Fp2(Fp.of(y0), Fp.of(y1));
        long[] la = concat(limbs(a.c0()), limbs(a.c1())), lb = concat(limbs(b.c0()), limbs(b.c1()));
        long[] out = new long[8], s = new long[Fp2Ops.SCRATCH];
        Fp2Ops.mul(out, 0, la, 0, lb, 0, s);
        assertThat(new Fp2(fp(out, 0), fp(out, 4))).isEqualTo(a.mul(b));
        Fp2Ops.sqr(out, 0, la, 0, s);
        assertThat(new Fp2(fp(out, 0), fp(out, 4))).isEqualTo(a.square());
        if (!a.isZero()) {
            new AffineField.OverFp2().inverse(out, 0, la, 0);
            assertThat(new Fp2(fp(out, 0), fp(out, 4))).isEqualTo(a.inverse());
        }
        Fp2Ops.mul(la, 0, la, 0, lb, 0, s);
        assertThat(new Fp2(fp(la, 0), fp(la, 4))).isEqualTo(a.mul(b));
    }

    static long[] concat(long[]... parts) {
        int n = 0;
        for (long[] p : parts) {
            n += p.length;
        }
        long[] out = new long[n];
        int o = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static long[] jacobian(G1 p) {
        return concat(limbs(p.jacobianX()), limbs(p.jacobianY()), limbs(p.jacobianZ()));
    }

    static long[] affine(G1 p) {
        G1 a = p.toAffine();
        return concat(limbs(a.jacobianX()), limbs(a.jacobianY()));
    }

    static long[] fp2(Fp2 x) {
        return concat(limbs(x.c0()), limbs(x.c1()));
    }

    static long[] jacobian(G2 p) {
        return concat(fp2(p.jacobianX()), fp2(p.jacobianY()), fp2(p.jacobianZ()));
    }

    static long[] affine(G2 p) {
        G2 a = p.toAffine();
        return concat(fp2(a.jacobianX()), fp2(a.jacobianY()));
    }

    @Provide
    Arbitrary<BigInteger> k() {
        return Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ONE, Fr.MODULUS.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ONE, BigInteger.TWO, Fr.MODULUS.subtract(BigInteger.ONE)));
    }

    @Property(tries = 100)
    void g1OpsMatchG1(@ForAll("k") BigInteger i, @ForAll("k") BigInteger j) {
        G1 p = G1.generatorTimes(i), q = G1.generatorTimes(j);
        G1Ops ops = new G1Ops();
        long[] acc = jacobian(p);
        ops.addMixed(acc, 0, affine(q), 0, false);
        assertThat(Points.g1(acc)).isEqualTo(p.add(q));
        acc = jacobian(p);
        ops.addMixed(acc, 0, affine(q), 0, true);
        assertThat(Points.g1(acc)).isEqualTo(p.sub(q));
        acc = jacobian(p);
        ops.add(acc, 0, jacobian(q.dbl()), 0);
        assertThat(Points.g1(acc)).isEqualTo(p.add(q.dbl()));
        acc = jacobian(p);
        ops.dbl(acc, 0);
        assertThat(Points.g1(acc)).isEqualTo(p.dbl());
        // special cases: P + P, P − P, O + Q, P + O
        acc = jacobian(p.dbl().dbl());
        ops.addMixed(acc, 0, affine(p.dbl().dbl()), 0, false);
        assertThat(Points.g1(acc)).isEqualTo(p.dbl().dbl().dbl());
        acc = jacobian(p.dbl());
        ops.addMixed(acc, 0, affine(p.dbl()), 0, true);
        assertThat(Points.g1(acc).isInfinity()).isTrue();
        acc = new long[12];
        ops.addMixed(acc, 0, affine(q), 0, true);
        assertThat(Points.g1(acc)).isEqualTo(q.neg());
        acc = jacobian(p.dbl());
        ops.add(acc, 0, jacobian(p.dbl()), 0);
        assertThat(Points.g1(acc)).isEqualTo(p.dbl().dbl());
        acc = jacobian(p.dbl());
        ops.add(acc, 0, jacobian(p.dbl().neg()), 0);
        assertThat(Points.g1(acc).isInfinity()).isTrue();
        acc = new long[12];
        ops.add(acc, 0, jacobian(q.dbl()), 0);
        assertThat(Points.g1(acc)).isEqualTo(q.dbl());
        acc = jacobian(q.dbl());
        ops.add(acc, 0, new long[12], 0);
        assertThat(Points.g1(acc)).isEqualTo(q.dbl());
    }

    @Property(tries = 30)
    void g2OpsMatchG2(@ForAll("k") BigInteger i, @ForAll("k") BigInteger j) {
        G2 p = G2.generatorTimes(i), q = G2.generatorTimes(j);
        G2Ops ops = new G2Ops();
        long[] acc = jacobian(p);
        ops.addMixed(acc, 0, affine(q), 0, false);
        assertThat(Points.g2(acc)).isEqualTo(p.add(q));
        acc = jacobian(p);
        ops.addMixed(acc, 0, affine(q), 0, true);
        assertThat(Points.g2(acc)).isEqualTo(p.sub(q));
        acc = jacobian(p);
        ops.add(acc, 0, jacobian(q.dbl()), 0);
        assertThat(Points.g2(acc)).isEqualTo(p.add(q.dbl()));
        acc = jacobian(p);
        ops.dbl(acc, 0);
        assertThat(Points.g2(acc)).isEqualTo(p.dbl());
        acc = jacobian(p.dbl());
        ops.addMixed(acc, 0, affine(p.dbl()), 0, false);
        assertThat(Points.g2(acc)).isEqualTo(p.dbl().dbl());
        acc = jacobian(p.dbl());
        ops.addMixed(acc, 0, affine(p.dbl()), 0, true);
        assertThat(Points.g2(acc).isInfinity()).isTrue();
        acc = jacobian(p.dbl());
        ops.add(acc, 0, jacobian(p.dbl()), 0);
        assertThat(Points.g2(acc)).isEqualTo(p.dbl().dbl());
    }
}
