package io.zkml.prover.groth16;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast multiplications of setup against the plain windowed one of zk-core. */
class ScalarMultiplicationTest {

    static final BigInteger R = Fr.MODULUS;
    static final FixedBase<Fp, G1> G1_TABLE = FixedBase.of(G1.GENERATOR);
    static final FixedBase<Fp2, G2> G2_TABLE = FixedBase.of(G2.GENERATOR);
    static final G1 P = G1.generatorTimes(BigInteger.valueOf(987654321));
    static final G2 Q = G2.generatorTimes(BigInteger.valueOf(123456789));

    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, R.subtract(BigInteger.ONE)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(1 << 20)),
                Arbitraries.bigIntegers().between(R.subtract(BigInteger.valueOf(1 << 20)), R.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, R.subtract(BigInteger.ONE), R.subtract(BigInteger.TWO),
                        BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(253), BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE),
                        BigInteger.ONE.shiftLeft(32), R.subtract(BigInteger.ONE.shiftLeft(32))));
    }

    @Property(tries = 60)
    void fixedBaseG1IsTheNaiveProduct(@ForAll("scalars") BigInteger k) {
        assertThat(G1_TABLE.mul(Fr.of(k))).isEqualTo(G1.GENERATOR.mul(k));
    }

    @Property(tries = 25)
    void fixedBaseG2IsTheNaiveProduct(@ForAll("scalars") BigInteger k) {
        assertThat(G2_TABLE.mul(Fr.of(k))).isEqualTo(G2.GENERATOR.mul(k));
    }

    @Property(tries = 10)
    void batchedFixedBaseIsTheNaiveProduct(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b, @ForAll("scalars") BigInteger c) {
        Fr[] ks = {Fr.of(a), Fr.of(b), Fr.ZERO, Fr.of(c), Fr.ONE, Fr.of(a), Fr.of(R.subtract(BigInteger.ONE))};
        java.util.List<G1> g1 = G1_TABLE.mulAll(ks);
        java.util.List<G2> g2 = G2_TABLE.mulAll(ks);
        for (int i = 0; i < ks.length; i++) {
            assertThat(g1.get(i)).isEqualTo(G1.GENERATOR.mul(ks[i].toBigInteger()));
            assertThat(g2.get(i)).isEqualTo(G2.GENERATOR.mul(ks[i].toBigInteger()));
        }
        assertThat(g1.get(2).isInfinity()).isTrue();
    }

    @Property(tries = 60)
    void coefficientTimesPointIsTheNaiveProduct(@ForAll("scalars") BigInteger k) {
        assertThat(TermSum.times(P, Fr.of(k))).isEqualTo(P.mul(k));
        assertThat(TermSum.times(Q, Fr.of(k))).isEqualTo(Q.mul(k));
    }

    @Property(tries = 8)
    void termSumIsTheNaiveSum(@ForAll("scalars") BigInteger seed, @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 60) int n) {
        java.util.Random rnd = new java.util.Random(seed.longValue());
        TermSum<Fp, G1> sum = new TermSum<>(G1.INFINITY);
        G1 naive = G1.INFINITY;
        java.util.List<BigInteger> edge = java.util.List.of(BigInteger.ZERO, BigInteger.ONE, R.subtract(BigInteger.ONE), BigInteger.valueOf(7),
                R.subtract(BigInteger.valueOf(7)), BigInteger.ONE.shiftLeft(32), BigInteger.ONE.shiftLeft(253));
        for (int i = 0; i < n; i++) {
            G1 p = G1.GENERATOR.mul(BigInteger.valueOf(rnd.nextInt(1 << 20) + 1));
            BigInteger k = rnd.nextBoolean() ? edge.get(rnd.nextInt(edge.size())) : new BigInteger(254, rnd).mod(R);
            sum.add(p, Fr.of(k));
            naive = naive.add(p.mul(k));
        }
        assertThat(sum.result()).isEqualTo(naive);
    }

    @Example
    void bucketsAreTheNaiveSum() {
        java.util.Random rnd = new java.util.Random(5);
        for (int n : new int[] {1, 2, 24, 100}) {
            java.util.List<G2> points = new java.util.ArrayList<>();
            java.util.List<BigInteger> ks = new java.util.ArrayList<>();
            G2 naive = G2.INFINITY;
            for (int i = 0; i < n; i++) {
                G2 q = Q.mul(BigInteger.valueOf(i + 3));
                BigInteger k = i % 5 == 0 ? R.subtract(BigInteger.ONE) : new BigInteger(254, rnd).mod(R);
                points.add(q);
                ks.add(k);
                naive = naive.add(q.mul(k));
            }
            assertThat(TermSum.buckets(G2.INFINITY, points, ks)).isEqualTo(naive);
        }
    }

    @Example
    void lagrangeBasisInterpolates() {
        Fr tau = Fr.of(BigInteger.valueOf(31337).pow(9));
        for (int k : new int[] {0, 1, 4, 7}) {
            Fr[] l = Domain.lagrangeAt(tau, k);
            Fr w = Domain.rootOfUnity(k);
            Fr one = Fr.ZERO, x = Fr.ZERO, wi = Fr.ONE;
            for (Fr li : l) {
                one = one.add(li);
                x = x.add(wi.mul(li));
                wi = wi.mul(w);
            }
            assertThat(one).isEqualTo(Fr.ONE);
            assertThat(x).isEqualTo(k == 0 ? Fr.ONE : tau);
            assertThat(w.pow(BigInteger.ONE.shiftLeft(k))).isEqualTo(Fr.ONE);
            if (k > 0) {
                assertThat(w.pow(BigInteger.ONE.shiftLeft(k - 1))).isEqualTo(Fr.ONE.neg());
            }
        }
    }
}
