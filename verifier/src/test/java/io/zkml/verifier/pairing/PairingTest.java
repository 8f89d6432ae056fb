package io.zkml.verifier.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The pairing's defining properties, and the multi-pairing check against products of single pairings. */
class PairingTest {

    private static final BigInteger R = Fr.MODULUS;
    private static final G1 P = G1.GENERATOR;
    private static final G2 Q = G2.GENERATOR;

    /** Scalars mod r, seeded with 1, 2, r − 1, r − 2, 2^64 and 2^253. */
    @Provide
    Arbitrary<BigInteger> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ONE, R.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ONE, BigInteger.TWO, R.subtract(BigInteger.ONE), R.subtract(BigInteger.TWO),
                        BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(253).mod(R)));
    }

    @Test
    void nonDegenerate() {
        Fp12 e = Pairing.pair(P, Q);
        assertThat(e.isOne()).isFalse();
        assertThat(e.pow(R)).isEqualTo(Fp12.ONE);
    }

    @Test
    void loopReachesTheExpectedPoint() {
        // T ends at [6x + 2]Q + π(Q) − π²(Q) = −π³(Q), the optimal ate relation 6x + 2 + p − p² + p³ ≡ 0 (mod r)
        G2 q = Q.mul(BigInteger.valueOf(987654321));
        LineTable t = new LineTable(q.toAffine());
        assertThat(t.point()).isEqualTo(q.psi().psi().psi().neg());
        assertThat(LineTable.LOOP_DIGITS[0]).isEqualTo((byte) 1);
    }

    @Test
    void normalizedLinesAreTheLinesDividedByTheirYCoefficient() {
        // against the straightforward route: each A inverted on its own in F_p²
        LineTable t = new LineTable(Q.mul(BigInteger.valueOf(424242)).toAffine());
        long[] normalized = t.normalized();
        FieldRegisters r = new FieldRegisters(FieldRegisters.FIRST_FREE + 24);
        int at = FieldRegisters.FIRST_FREE;
        for (int i = 0; i < LineTable.LINE_COUNT; i++) {
            System.arraycopy(t.lines, 24 * i, r.w, at, 24);
            Fp2 aInverse = r.fp2(at).inverse();
            Fp2 b = r.fp2(at + 8), c = r.fp2(at + 16);
            System.arraycopy(normalized, 16 * i, r.w, at, 16);
            assertThat(r.fp2(at)).as("B/A of line %d", i).isEqualTo(b.mul(aInverse));
            assertThat(r.fp2(at + 8)).as("C/A of line %d", i).isEqualTo(c.mul(aInverse));
        }
    }

    @Property(tries = 6)
    void bilinearInBothArguments(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        Fp12 base = Pairing.pair(P, Q);
        Fp12 e = Pairing.pair(P.mul(a), Q.mul(b));
        assertThat(e).isEqualTo(base.pow(a.multiply(b).mod(R)));
        assertThat(e.pow(R)).isEqualTo(Fp12.ONE);
    }

    @Property(tries = 6)
    void additiveInG1(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b, @ForAll("scalars") BigInteger c) {
        G1 p1 = P.mul(a), p2 = P.mul(b);
        G2 q = Q.mul(c);
        assertThat(Pairing.pair(p1.add(p2), q)).isEqualTo(Pairing.pair(p1, q).mul(Pairing.pair(p2, q)));
    }

    @Property(tries = 4)
    void additiveInG2(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        G2 q1 = Q.mul(a), q2 = Q.mul(b);
        G1 p = P.mul(a.add(b));
        assertThat(Pairing.pair(p, q1.add(q2))).isEqualTo(Pairing.pair(p, q1).mul(Pairing.pair(p, q2)));
    }

    @Test
    void jacobianInputsPairLikeTheirAffineForms() {
        G1 p = P.dbl().dbl().add(P); // Z ≠ 1
        G2 q = Q.dbl().add(Q);
        assertThat(p.jacobianZ().isOne()).isFalse();
        assertThat(Pairing.pair(p, q)).isEqualTo(Pairing.pair(p.toAffine(), q.toAffine()));
        assertThat(Pairing.pair(p, q)).isEqualTo(Pairing.pair(P, Q).pow(BigInteger.valueOf(15)));
    }

    @Test
    void infinityPairsToOne() {
        assertThat(Pairing.pair(G1.INFINITY, Q)).isEqualTo(Fp12.ONE);
        assertThat(Pairing.pair(P, G2.INFINITY)).isEqualTo(Fp12.ONE);
        assertThat(Pairing.pair(G1.INFINITY, G2.INFINITY)).isEqualTo(Fp12.ONE);
        assertThat(Pairing.productIsOne(List.of(), List.of())).isTrue();
        assertThat(Pairing.productIsOne(List.of(G1.INFINITY), List.of(PreparedG2.of(Q)))).isTrue();
        assertThat(Pairing.productIsOne(List.of(P), List.of(PreparedG2.of(G2.INFINITY)))).isTrue();
    }

    @Property(tries = 4)
    void productOfInverseParsIsOne(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        G1 p = P.mul(b);
        G2 aq = Q.mul(a);
        // e(aP, Q) · e(−P, aQ) = 1, prepared or not
        assertThat(Pairing.productIsOne(List.of(p.mul(a), p.neg()), List.of(PreparedG2.of(Q), PreparedG2.of(aq)))).isTrue();
        assertThat(Pairing.productIsOne(List.of(p.mul(a), p.neg()),
                List.of(PreparedG2.forSingleUse(Q), PreparedG2.forSingleUse(aq)))).isTrue();
        // perturbed: e((a + 1)P, Q) · e(−P, aQ) = e(P, Q) ≠ 1
        assertThat(Pairing.productIsOne(List.of(p.mul(a.add(BigInteger.ONE)), p.neg()),
                List.of(PreparedG2.of(Q), PreparedG2.of(aq)))).isFalse();
        assertThat(Pairing.productIsOne(List.of(p.mul(a), p.neg()), List.of(PreparedG2.of(Q), PreparedG2.of(aq.add(Q))))).isFalse();
    }

    @Property(tries = 4)
    void multiPairingMatchesProductOfPairings(@ForAll("scalars") BigInteger a, @ForAll("scalars") BigInteger b) {
        List<G1> ps = new ArrayList<>();
        List<G2> qs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BigInteger k = a.add(BigInteger.valueOf(i)).multiply(b.add(BigInteger.valueOf(7 * i)));
            ps.add(i == 2 ? G1.INFINITY : P.mul(k));
            qs.add(i == 4 ? G2.INFINITY : Q.mul(k.add(BigInteger.valueOf(3))));
        }
        ps.set(1, ps.get(1).dbl()); // one Jacobian (Z ≠ 1) G1 input
        Fp12 expected = Fp12.ONE;
        for (int i = 0; i < ps.size(); i++) {
            expected = expected.mul(Pairing.pair(ps.get(i), qs.get(i)));
        }
        List<PreparedG2> mixed = new ArrayList<>();
        for (int i = 0; i < qs.size(); i++) {
            mixed.add(i % 2 == 0 ? PreparedG2.of(qs.get(i)) : PreparedG2.forSingleUse(qs.get(i)));
        }
        assertThat(Pairing.finalExponentiation(Pairing.millerLoop(ps, mixed))).isEqualTo(expected);
        // multiplying in the inverse of the product, as one more pair, gives 1
        List<G1> ps2 = new ArrayList<>(ps);
        List<PreparedG2> qs2 = new ArrayList<>(mixed);
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < 5; i++) {
            if (i != 2 && i != 4) {
                BigInteger k = a.add(BigInteger.valueOf(i)).multiply(b.add(BigInteger.valueOf(7 * i)));
                BigInteger kp = i == 1 ? k.shiftLeft(1) : k;
                sum = sum.add(kp.multiply(k.add(BigInteger.valueOf(3))));
            }
        }
        ps2.add(P.mul(sum.mod(R)).neg());
        qs2.add(PreparedG2.of(Q));
        assertThat(Pairing.productIsOne(ps2, qs2)).isTrue();
        qs2.set(0, PreparedG2.of(qs.get(0).dbl()));
        assertThat(Pairing.productIsOne(ps2, qs2)).isFalse();
    }

    @Test
    void preparedAndUnpreparedMillerLoopsAgreeAfterTheFinalExponentiation() {
        G1 p = P.mul(BigInteger.valueOf(11));
        G2 q = Q.mul(BigInteger.valueOf(13));
        Fp12 prepared = Pairing.millerLoop(List.of(p), List.of(PreparedG2.of(q)));
        Fp12 onTheFly = Pairing.millerLoop(List.of(p), List.of(PreparedG2.forSingleUse(q)));
        assertThat(prepared).isNotEqualTo(onTheFly); // differ by a factor in a proper subfield
        assertThat(Pairing.finalExponentiation(prepared)).isEqualTo(Pairing.finalExponentiation(onTheFly));
        assertThat(Pairing.finalExponentiation(prepared)).isEqualTo(Pairing.pair(P, Q).pow(BigInteger.valueOf(143)));
    }

    @Test
    void listsOfDifferentLengthsAreRejected() {
        assertThatThrownBy(() -> Pairing.productIsOne(List.of(P), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 G1 points but 0 G2 points");
    }

    @Test
    void pairingValueOfTheGeneratorsIsStable() {
        // e(G1, G2) has order r and is fixed by the curve definition; its F_p¹² coefficients are recomputed here
        // by the slow route e(G1, G2) = e([2]G1, G2)^((r + 1)/2) as a cross-check of the fast one
        Fp12 e = Pairing.pair(P, Q);
        Fp12 viaDouble = Pairing.pair(P.dbl(), Q).pow(R.add(BigInteger.ONE).shiftRight(1));
        assertThat(viaDouble).isEqualTo(e);
        assertThat(e.c0().c0().c0()).isNotEqualTo(Fp.ZERO);
    }
}
