package io.zkml.verifier.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.math.BigInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The allocation-free register arithmetic against the immutable types, including in-place use (d = a). */
class TowerRegistersTest {

    private static final int A = TowerRegisters.FIRST_FREE_12, B = A + 48, D = B + 48, L = D + 48, M = L + 24;

    @Provide
    Arbitrary<Fp12> fp12() {
        return TowerValues.fp12();
    }

    @Provide
    Arbitrary<Fp2> fp2() {
        return TowerValues.fp2();
    }

    @Provide
    Arbitrary<Fp> fp() {
        return TowerValues.fp();
    }

    private static TowerRegisters registers(Fp12 a, Fp12 b) {
        TowerRegisters r = new TowerRegisters(4 * 48);
        r.load12(A, a);
        r.load12(B, b);
        return r;
    }

    @Property(tries = 300)
    void fpAndFp2MatchTheImmutableTypes(@ForAll("fp2") Fp2 x, @ForAll("fp2") Fp2 y) {
        TowerRegisters r = new TowerRegisters(4 * 48);
        r.load2(A, x);
        r.load2(B, y);
        r.mul(D, A, B);
        assertThat(r.fp(D)).isEqualTo(x.c0().mul(y.c0()));
        r.add(D, A, B);
        assertThat(r.fp(D)).isEqualTo(x.c0().add(y.c0()));
        r.sub(D, A, B);
        assertThat(r.fp(D)).isEqualTo(x.c0().sub(y.c0()));
        r.neg(D, A);
        assertThat(r.fp(D)).isEqualTo(x.c0().neg());
        r.dbl(D, A);
        assertThat(r.fp(D)).isEqualTo(x.c0().dbl());
        r.mul2(D, A, B);
        assertThat(r.fp2(D)).isEqualTo(x.mul(y));
        r.sqr2(D, A);
        assertThat(r.fp2(D)).isEqualTo(x.square());
        r.mulByXi2(D, A);
        assertThat(r.fp2(D)).isEqualTo(x.mulByXi());
        r.load2(D, x);
        r.mulByXi2(D, D); // in place
        assertThat(r.fp2(D)).isEqualTo(x.mulByXi());
        r.addUnreduced2(D, A, B); // an unreduced first operand
        r.mul2(D, D, B);
        assertThat(r.fp2(D)).isEqualTo(x.add(y).mul(y));
        r.mul2(D, A, A); // both operands the same
        assertThat(r.fp2(D)).isEqualTo(x.mul(x));
        r.mul2(A, A, B); // in place
        assertThat(r.fp2(A)).isEqualTo(x.mul(y));
        r.sqr2(B, B);
        assertThat(r.fp2(B)).isEqualTo(y.square());
        r.mul2(B, A, B); // in place, second operand
        assertThat(r.fp2(B)).isEqualTo(x.mul(y).mul(y.square()));
    }

    /** The Montgomery product accepts operands up to 2p − 1 (unreduced sums), and still reduces fully. */
    @Test
    void productOfUnreducedOperandsIsReduced() {
        BigInteger p = Fp.MODULUS, rInv = BigInteger.ONE.shiftLeft(256).modInverse(p);
        BigInteger[] edges = {p.shiftLeft(1).subtract(BigInteger.ONE), p, p.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(254)};
        TowerRegisters r = new TowerRegisters(4 * 48);
        for (BigInteger x : edges) {
            for (BigInteger y : edges) {
                for (int i = 0; i < 4; i++) {
                    r.w[A + i] = x.shiftRight(64 * i).longValue();
                    r.w[B + i] = y.shiftRight(64 * i).longValue();
                }
                r.mul(D, A, B);
                BigInteger got = BigInteger.ZERO;
                for (int i = 3; i >= 0; i--) {
                    got = got.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(r.w[D + i])));
                }
                assertThat(got).as("%s · %s", x, y).isEqualTo(x.multiply(y).multiply(rInv).mod(p));
            }
        }
    }

    /** The sum of two products with one reduction, at the largest operands it accepts (2p − 1 and p). */
    @Test
    void dotOfLargestOperandsIsReduced() {
        BigInteger p = Fp.MODULUS, rInv = BigInteger.ONE.shiftLeft(256).modInverse(p);
        BigInteger[] edges = {p, p.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(253), BigInteger.ONE, BigInteger.ZERO};
        BigInteger[] firstOperands = {p.shiftLeft(1).subtract(BigInteger.ONE), p, p.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(253), BigInteger.ZERO};
        TowerRegisters r = new TowerRegisters(4 * 48);
        for (BigInteger x : firstOperands) {
            for (BigInteger y : firstOperands) {
                for (BigInteger z : new BigInteger[] {p, p.subtract(BigInteger.TWO)}) {
                    put(r, A, x);
                    put(r, A + 4, y);
                    put(r, B, z);
                    put(r, B + 4, p.subtract(BigInteger.ONE));
                    r.dot(D, A, B, A + 4, B + 4);
                    BigInteger expected = x.multiply(z).add(y.multiply(p.subtract(BigInteger.ONE))).multiply(rInv).mod(p);
                    assertThat(get(r, D)).as("%s·%s + %s·(p − 1)", x, z, y).isEqualTo(expected);
                }
            }
        }
    }

    private static void put(TowerRegisters r, int at, BigInteger v) {
        for (int i = 0; i < 4; i++) {
            r.w[at + i] = v.shiftRight(64 * i).longValue();
        }
    }

    private static BigInteger get(TowerRegisters r, int at) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(r.w[at + i])));
        }
        return v;
    }

    @Property(tries = 100)
    void fp12ProductsMatchTheImmutableTypes(@ForAll("fp12") Fp12 a, @ForAll("fp12") Fp12 b) {
        TowerRegisters r = registers(a, b);
        r.mul12(D, A, B);
        assertThat(r.fp12(D)).isEqualTo(a.mul(b));
        r.sqr12(D, A);
        assertThat(r.fp12(D)).isEqualTo(a.square());
        r.mul6(D, A, B);
        assertThat(r.fp12(D).c0()).isEqualTo(a.c0().mul(b.c0()));
        r.sqr6(D, A);
        assertThat(r.fp12(D).c0()).isEqualTo(a.c0().square());
        r.mul12(A, A, B); // in place
        assertThat(r.fp12(A)).isEqualTo(a.mul(b));
        r.sqr12(B, B);
        assertThat(r.fp12(B)).isEqualTo(b.square());
    }

    @Property(tries = 100)
    void sparseProductsMatchTheImmutableTypes(@ForAll("fp12") Fp12 a, @ForAll("fp2") Fp2 l0, @ForAll("fp2") Fp2 l3,
            @ForAll("fp2") Fp2 l4) {
        TowerRegisters r = registers(a, Fp12.ONE);
        r.load2(L, l0);
        r.load2(L + 8, l3);
        r.load2(L + 16, l4);
        r.mulBy034(D, A, L, L + 8, L + 16);
        assertThat(r.fp12(D)).isEqualTo(a.mulBy034(l0, l3, l4));
        r.mulByLine(D, A, L + 8, L + 16);
        assertThat(r.fp12(D)).isEqualTo(a.mulBy034(Fp2.ONE, l3, l4));
        r.mulByLine(B, A, L + 8, L + 16);
        r.mulBy034(A, A, L, L + 8, L + 16); // in place
        assertThat(r.fp12(A)).isEqualTo(a.mulBy034(l0, l3, l4));
        r.mulByLine(B, B, L + 8, L + 16); // in place
        assertThat(r.fp12(B)).isEqualTo(a.mulBy034(Fp2.ONE, l3, l4).mulBy034(Fp2.ONE, l3, l4));
    }

    @Property(tries = 100)
    void productsOfTwoLinesMatchTwoSparseProducts(@ForAll("fp12") Fp12 a, @ForAll("fp2") Fp2 l0, @ForAll("fp2") Fp2 l3,
            @ForAll("fp2") Fp2 l4, @ForAll("fp2") Fp2 m0, @ForAll("fp2") Fp2 m3, @ForAll("fp2") Fp2 m4) {
        TowerRegisters r = registers(a, Fp12.ONE);
        r.load2(L, l0);
        r.load2(L + 8, l3);
        r.load2(L + 16, l4);
        r.load2(M, m0);
        r.load2(M + 8, m3);
        r.load2(M + 16, m4);
        r.lineProduct(B, L, M);
        assertThat(r.fp12(B)).isEqualTo(Fp12.ONE.mulBy034(l0, l3, l4).mulBy034(m0, m3, m4));
        r.mulBySparse(D, A, B);
        Fp12 expected = a.mulBy034(l0, l3, l4).mulBy034(m0, m3, m4);
        assertThat(r.fp12(D)).isEqualTo(expected);
        r.mulBySparse(A, A, B); // in place
        assertThat(r.fp12(A)).isEqualTo(expected);
    }

    @Property(tries = 50)
    void mapsMatchTheImmutableTypes(@ForAll("fp12") Fp12 a) {
        TowerRegisters r = registers(a, Fp12.ONE);
        r.conj12(D, A);
        assertThat(r.fp12(D)).isEqualTo(a.conjugate());
        r.frobenius12(D, A);
        assertThat(r.fp12(D)).isEqualTo(a.frobenius());
        r.frobeniusSquare12(D, A);
        assertThat(r.fp12(D)).isEqualTo(a.frobeniusSquare());
        r.frobeniusCube12(D, A);
        assertThat(r.fp12(D)).isEqualTo(a.frobeniusCube());
        assertThat(r.isOne12(A)).isEqualTo(a.isOne());
        assertThat(r.isOne12(B)).isTrue();
        if (!a.isZero()) {
            Fp12 g = TowerValues.cyclotomic(a);
            r.load12(A, g);
            r.cyclotomicSqr12(D, A);
            assertThat(r.fp12(D)).isEqualTo(g.square());
            r.cyclotomicSqr12(A, A); // in place
            assertThat(r.fp12(A)).isEqualTo(g.square());
            r.load12(A, a);
            r.inverse12(D, A);
            assertThat(r.fp12(D)).isEqualTo(a.inverse());
            r.inverse12(A, A); // in place
            assertThat(r.fp12(A)).isEqualTo(a.inverse());
        }
    }

    @Test
    void inverseOfZeroThrows() {
        TowerRegisters r = registers(Fp12.ZERO, Fp12.ONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.inverse12(D, A)).isInstanceOf(ArithmeticException.class);
    }

    /** 9·a by a quotient estimate, against the field product, at every value near a multiple of p/9. */
    @Property(tries = 300)
    void times9MatchesTheProduct(@ForAll("fp") Fp x) {
        TowerRegisters r = new TowerRegisters(4 * 48);
        r.load(A, x);
        r.times9(D, A);
        assertThat(r.fp(D)).isEqualTo(x.mul(Fp.of(9)));
    }

    @Property(tries = 300)
    void threeZTwoXMatchesTheFieldOperations(@ForAll("fp") Fp z, @ForAll("fp") Fp x) {
        TowerRegisters r = new TowerRegisters(4 * 48);
        r.load(A, z);
        r.load(B, x);
        Fp three = Fp.of(3), two = Fp.of(2);
        r.threeZTwoX(D, A, B, false);
        assertThat(r.fp(D)).isEqualTo(three.mul(z).add(two.mul(x)));
        r.threeZTwoX(D, A, B, true);
        assertThat(r.fp(D)).isEqualTo(three.mul(z).sub(two.mul(x)));
        r.threeZTwoX(B, A, B, true); // in place
        assertThat(r.fp(B)).isEqualTo(three.mul(z).sub(two.mul(x)));
    }

    @Test
    void times9AtTheQuotientBoundaries() {
        BigInteger p = Fp.MODULUS;
        TowerRegisters r = new TowerRegisters(4 * 48);
        for (int k = 1; k <= 8; k++) {
            // the values a with 9a just below, at and just above k·p
            BigInteger base = p.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(9));
            for (int delta = -2; delta <= 2; delta++) {
                BigInteger a = base.add(BigInteger.valueOf(delta));
                for (int i = 0; i < 4; i++) {
                    r.w[A + i] = a.shiftRight(64 * i).longValue();
                }
                r.times9(D, A);
                BigInteger got = BigInteger.ZERO;
                for (int i = 3; i >= 0; i--) {
                    got = got.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(r.w[D + i])));
                }
                assertThat(got).as("9·%s", a).isEqualTo(a.multiply(BigInteger.valueOf(9)).mod(p));
            }
        }
    }

    /**
     * The cyclotomic squaring's output passes 3(x + 9a ∓ b) − 2e and 6(9a ∓ b) + 2e (totals up to 35p and 62p, whose
     * quotients are estimated from the bits above 2^198) against BigInteger at extreme operands, in place too.
     */
    @Test
    void cyclotomicOutputPassesAtTheExtremeOperands() {
        BigInteger p = Fp.MODULUS;
        BigInteger[] values = {BigInteger.ZERO, BigInteger.ONE, p.shiftRight(1), p.divide(BigInteger.valueOf(9)),
            p.divide(BigInteger.valueOf(27)).add(BigInteger.ONE), p.subtract(BigInteger.TWO), p.subtract(BigInteger.ONE)};
        BigInteger three = BigInteger.valueOf(3), six = BigInteger.valueOf(6), nine = BigInteger.valueOf(9);
        TowerRegisters r = new TowerRegisters(4 * 48);
        final int x = A, a = A + 4, b = A + 8, e = A + 12;
        for (BigInteger xv : values) {
            for (BigInteger av : values) {
                for (BigInteger bv : values) {
                    for (BigInteger ev : values) {
                        for (boolean minus : new boolean[] {false, true}) {
                            BigInteger inner = minus ? nine.multiply(av).subtract(bv) : nine.multiply(av).add(bv);
                            put(r, x, xv);
                            put(r, a, av);
                            put(r, b, bv);
                            put(r, e, ev);
                            r.threeXiMinusTwo(D, x, a, b, minus, e);
                            assertThat(get(r, D)).as("3(%s + 9·%s ± %s) − 2·%s", xv, av, bv, ev)
                                    .isEqualTo(three.multiply(xv.add(inner)).subtract(ev.shiftLeft(1)).mod(p));
                            r.sixXiPlusTwo(D, a, b, minus, e);
                            assertThat(get(r, D)).as("6(9·%s ± %s) + 2·%s", av, bv, ev)
                                    .isEqualTo(six.multiply(inner).add(ev.shiftLeft(1)).mod(p));
                            r.threeXiMinusTwo(e, x, a, b, minus, e); // in place
                            assertThat(get(r, e)).isEqualTo(three.multiply(xv.add(inner)).subtract(ev.shiftLeft(1)).mod(p));
                            put(r, e, ev);
                            r.sixXiPlusTwo(e, a, b, minus, e); // in place
                            assertThat(get(r, e)).isEqualTo(six.multiply(inner).add(ev.shiftLeft(1)).mod(p));
                        }
                    }
                }
            }
        }
    }

    /** 9a ± b, 3z ± 2x and 6z + 2x, whose quotients are estimated from the top limbs, at extreme operands, in place too. */
    @Test
    void quotientEstimatesAtTheExtremeOperands() {
        BigInteger p = Fp.MODULUS;
        BigInteger[] values = {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, p.shiftRight(1), p.divide(BigInteger.valueOf(9)),
            p.subtract(BigInteger.TWO), p.subtract(BigInteger.ONE)};
        TowerRegisters r = new TowerRegisters(4 * 48);
        for (BigInteger a : values) {
            for (BigInteger b : values) {
                for (boolean minus : new boolean[] {false, true}) {
                    BigInteger nine = a.multiply(BigInteger.valueOf(9)), three = a.multiply(BigInteger.valueOf(3));
                    BigInteger twoB = b.shiftLeft(1);
                    put(r, A, a);
                    put(r, B, b);
                    r.times9Plus(D, A, B, minus);
                    assertThat(get(r, D)).as("9·%s ± %s", a, b).isEqualTo((minus ? nine.subtract(b) : nine.add(b)).mod(p));
                    r.threeZTwoX(D, A, B, minus);
                    assertThat(get(r, D)).as("3·%s ± 2·%s", a, b).isEqualTo((minus ? three.subtract(twoB) : three.add(twoB)).mod(p));
                    r.sixZTwoX(D, A, B);
                    assertThat(get(r, D)).as("6·%s + 2·%s", a, b).isEqualTo(three.shiftLeft(1).add(twoB).mod(p));
                    r.sixZTwoX(B, A, B); // in place
                    assertThat(get(r, B)).isEqualTo(three.shiftLeft(1).add(twoB).mod(p));
                    r.times9Plus(A, A, B, minus); // in place (on 6a + 2b as b)
                    BigInteger b2 = three.shiftLeft(1).add(twoB).mod(p);
                    assertThat(get(r, A)).isEqualTo((minus ? nine.subtract(b2) : nine.add(b2)).mod(p));
                }
            }
            put(r, A, a);
            r.times9(D, A);
            assertThat(get(r, D)).isEqualTo(a.multiply(BigInteger.valueOf(9)).mod(p));
        }
    }
}
