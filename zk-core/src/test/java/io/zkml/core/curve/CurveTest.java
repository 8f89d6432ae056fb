package io.zkml.core.curve;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CurveTest {

    private static final BigInteger R = Fr.MODULUS;

    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, R.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, R.subtract(BigInteger.ONE),
                        BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(253)));
    }

    /** Double-and-add from the top bit: the naive reference for the windowed multiplication. */
    static <P extends CurvePoint<?, P>> P naiveMul(P p, BigInteger k) {
        P acc = p.infinity();
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            acc = acc.add(acc);
            if (k.testBit(i)) {
                acc = acc.add(p);
            }
        }
        return acc;
    }

    @Test
    void generatorsAreOnTheCurveWithOrderR() {
        assertThat(G1.GENERATOR.isOnCurve()).isTrue();
        assertThat(G2.GENERATOR.isOnCurve()).isTrue();
        assertThat(G1.GENERATOR.mul(R).isInfinity()).isTrue();
        assertThat(G2.GENERATOR.mul(R).isInfinity()).isTrue();
        assertThat(G1.GENERATOR.mul(R.subtract(BigInteger.ONE))).isEqualTo(G1.GENERATOR.neg());
        assertThat(G2.GENERATOR.mul(R.subtract(BigInteger.ONE))).isEqualTo(G2.GENERATOR.neg());
        assertThat(G1.INFINITY.isOnCurve()).isTrue();
        assertThat(G1.affine(Fp.ONE, Fp.ONE).isOnCurve()).isFalse();
    }

    @Property(tries = 40)
    void g1GroupLaw(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        G1 pa = G1.GENERATOR.mul(a), pb = G1.GENERATOR.mul(b);
        assertThat(pa).isEqualTo(naiveMul(G1.GENERATOR, a));
        assertThat(pa.add(pb)).isEqualTo(G1.GENERATOR.mul(a.add(b)));
        assertThat(pa.add(pb)).isEqualTo(pb.add(pa));
        assertThat(pa.dbl()).isEqualTo(pa.add(pa));
        assertThat(pa.add(pa.neg()).isInfinity()).isTrue();
        assertThat(pa.add(pb).isOnCurve()).isTrue();
        assertThat(pa.toAffine().add(pb)).isEqualTo(pa.add(pb.toAffine()));
        assertThat(pa.mul(b)).isEqualTo(G1.GENERATOR.mul(a.multiply(b).mod(R)));
    }

    @Property(tries = 20)
    void g2GroupLaw(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        G2 pa = G2.GENERATOR.mul(a), pb = G2.GENERATOR.mul(b);
        assertThat(pa).isEqualTo(naiveMul(G2.GENERATOR, a));
        assertThat(pa.add(pb)).isEqualTo(G2.GENERATOR.mul(a.add(b)));
        assertThat(pa.dbl()).isEqualTo(pa.add(pa));
        assertThat(pa.add(pb).isOnCurve()).isTrue();
        assertThat(pa.isInSubgroup()).isTrue();
    }

    @Test
    void linearCombinationMatchesSumOfProducts() {
        Random rnd = new Random(7);
        List<G1> points = new ArrayList<>();
        List<BigInteger> scalars = new ArrayList<>();
        G1 expected = G1.INFINITY;
        for (int i = 0; i < 7; i++) {
            G1 p = i == 3 ? G1.INFINITY : G1.GENERATOR.mul(new BigInteger(250, rnd));
            BigInteger k = i == 5 ? BigInteger.ZERO : new BigInteger(254, rnd).mod(R);
            points.add(p);
            scalars.add(k);
            expected = expected.add(naiveMul(p, k));
        }
        assertThat(CurvePoint.linearCombination(G1.INFINITY, points, scalars)).isEqualTo(expected);
        assertThat(CurvePoint.linearCombination(G1.INFINITY, List.of(), List.of()).isInfinity()).isTrue();
    }

    @Test
    void batchToAffineMatchesOneByOne() {
        List<G2> pts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pts.add(i == 2 ? G2.INFINITY : G2.GENERATOR.mul(BigInteger.valueOf(1000 + i)));
        }
        List<G2> aff = CurvePoint.batchToAffine(pts);
        for (int i = 0; i < pts.size(); i++) {
            assertThat(aff.get(i)).isEqualTo(pts.get(i));
            assertThat(aff.get(i).isInfinity() || aff.get(i).jacobianZ().isOne()).isTrue();
        }
    }

    /** A point on the twist found by trying x = seed, seed+1, …: almost never in the subgroup. */
    static G2 twistPoint(long seed) {
        for (long i = seed; ; i++) {
            Fp2 x = Fp2.of(i, 3 * i + 1);
            Fp2 y = x.square().mul(x).add(G2.B).sqrt();
            if (y != null) {
                return G2.affine(x, y);
            }
        }
    }

    @Test
    void fastG2SubgroupCheckAgreesWithTheDefinition() {
        BigInteger cofactor = Fp.MODULUS.shiftLeft(1).subtract(R);
        int outside = 0;
        for (long seed = 1; seed < 60; seed += 7) {
            G2 q = twistPoint(seed);
            assertThat(q.isOnCurve()).isTrue();
            assertThat(q.mul(R).mul(cofactor).isInfinity()).as("twist group order is r·(2p−r)").isTrue();
            assertThat(q.isInSubgroup()).isEqualTo(q.isInSubgroupByOrder());
            if (!q.isInSubgroup()) {
                outside++;
            }
            G2 cleared = q.mul(cofactor);
            assertThat(cleared.isInSubgroup()).isTrue();
            assertThat(cleared.isInSubgroupByOrder()).isTrue();
            // a subgroup point plus a point of small order outside it is outside
            assertThat(cleared.add(q).isInSubgroup()).isEqualTo(cleared.add(q).isInSubgroupByOrder());
        }
        assertThat(outside).isGreaterThan(0);
        assertThat(G2.affine(Fp2.ONE, Fp2.ONE).isInSubgroup()).as("off the curve").isFalse();
        assertThat(G2.INFINITY.isInSubgroup()).isTrue();
    }

    @Test
    void psiActsAsMultiplicationByPOnG2() {
        G2 q = G2.GENERATOR.mul(BigInteger.valueOf(123456789));
        assertThat(q.psi()).isEqualTo(q.mul(Fp.MODULUS.mod(R)));
        assertThat(q.dbl().psi()).isEqualTo(q.psi().dbl()); // ψ on a non-affine (Jacobian) point
    }

    @Property(tries = 50)
    void fp2SqrtOfSquares(@ForAll long a, @ForAll long b) {
        Fp2 x = Fp2.of(a, b);
        Fp2 s = x.square().sqrt();
        assertThat(s).isNotNull();
        assertThat(s.equals(x) || s.equals(x.neg())).isTrue();
        assertThat(x.isZero() || x.mul(x.inverse()).isOne()).isTrue();
    }
}
