package io.zkml.verifier.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.math.BigInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Field axioms of F_p⁶ and F_p¹², and their fast maps (Frobenius, sparse and cyclotomic products) against naive ones. */
class TowerFieldTest {

    private static final BigInteger P = Fp.MODULUS;

    @Provide
    Arbitrary<Fp6> fp6() {
        return TowerValues.fp6();
    }

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

    @Property(tries = 200)
    void fp6FieldAxioms(@ForAll("fp6") Fp6 a, @ForAll("fp6") Fp6 b, @ForAll("fp6") Fp6 c) {
        assertThat(a.add(b)).isEqualTo(b.add(a));
        assertThat(a.mul(b)).isEqualTo(b.mul(a));
        assertThat(a.mul(b).mul(c)).isEqualTo(a.mul(b.mul(c)));
        assertThat(a.mul(b.add(c))).isEqualTo(a.mul(b).add(a.mul(c)));
        assertThat(a.add(a.neg())).isEqualTo(Fp6.ZERO);
        assertThat(a.sub(b).add(b)).isEqualTo(a);
        assertThat(a.mul(Fp6.ONE)).isEqualTo(a);
        assertThat(a.square()).isEqualTo(a.mul(a));
        assertThat(a.dbl()).isEqualTo(a.add(a));
        assertThat(a.mulByV()).isEqualTo(a.mul(new Fp6(Fp2.ZERO, Fp2.ONE, Fp2.ZERO)));
        assertThat(a.mul(c.c0())).isEqualTo(a.mul(new Fp6(c.c0(), Fp2.ZERO, Fp2.ZERO)));
        assertThat(a.mulBy01(c.c0(), c.c1())).isEqualTo(a.mul(new Fp6(c.c0(), c.c1(), Fp2.ZERO)));
        if (!a.isZero()) {
            assertThat(a.mul(a.inverse())).isEqualTo(Fp6.ONE);
        }
    }

    @Property(tries = 200)
    void fp12FieldAxioms(@ForAll("fp12") Fp12 a, @ForAll("fp12") Fp12 b, @ForAll("fp12") Fp12 c) {
        assertThat(a.add(b)).isEqualTo(b.add(a));
        assertThat(a.mul(b)).isEqualTo(b.mul(a));
        assertThat(a.mul(b).mul(c)).isEqualTo(a.mul(b.mul(c)));
        assertThat(a.mul(b.add(c))).isEqualTo(a.mul(b).add(a.mul(c)));
        assertThat(a.add(a.neg())).isEqualTo(Fp12.ZERO);
        assertThat(a.sub(b).add(b)).isEqualTo(a);
        assertThat(a.mul(Fp12.ONE)).isEqualTo(a);
        assertThat(a.square()).isEqualTo(a.mul(a));
        if (!a.isZero()) {
            assertThat(a.mul(a.inverse())).isEqualTo(Fp12.ONE);
            assertThat(a.inverse().inverse()).isEqualTo(a);
        }
    }

    @Test
    void wSquaredIsVAndWToTheSixIsXi() {
        Fp12 w = new Fp12(Fp6.ZERO, Fp6.ONE);
        Fp12 v = new Fp12(new Fp6(Fp2.ZERO, Fp2.ONE, Fp2.ZERO), Fp6.ZERO);
        assertThat(w.square()).isEqualTo(v);
        assertThat(w.pow(BigInteger.valueOf(6))).isEqualTo(new Fp12(new Fp6(Fp2.XI, Fp2.ZERO, Fp2.ZERO), Fp6.ZERO));
    }

    @Test
    void inverseOfZeroThrows() {
        assertThatThrownBy(Fp12.ZERO::inverse).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(Fp6.ZERO::inverse).isInstanceOf(ArithmeticException.class);
    }

    @Property(tries = 20)
    void frobeniusIsPowerOfP(@ForAll("fp12") Fp12 a, @ForAll("fp6") Fp6 b) {
        assertThat(a.frobenius()).isEqualTo(a.pow(P));
        assertThat(a.frobeniusSquare()).isEqualTo(a.frobenius().frobenius());
        assertThat(a.frobeniusCube()).isEqualTo(a.frobeniusSquare().frobenius());
        assertThat(a.conjugate()).isEqualTo(a.frobeniusCube().frobeniusCube()); // p⁶
        assertThat(b.frobenius()).isEqualTo(b.pow(P));
        assertThat(b.frobeniusSquare()).isEqualTo(b.frobenius().frobenius());
        assertThat(b.frobeniusCube()).isEqualTo(b.frobeniusSquare().frobenius());
    }

    @Property(tries = 200)
    void sparseLineProductsMatchDenseOnes(@ForAll("fp12") Fp12 f, @ForAll("fp2") Fp2 l0, @ForAll("fp2") Fp2 l3,
            @ForAll("fp2") Fp2 l4, @ForAll("fp") Fp y) {
        Fp12 dense = new Fp12(new Fp6(l0, Fp2.ZERO, Fp2.ZERO), new Fp6(l3, l4, Fp2.ZERO));
        assertThat(f.mulBy034(l0, l3, l4)).isEqualTo(f.mul(dense));
        Fp12 denseInFp = new Fp12(new Fp6(new Fp2(y, Fp.ZERO), Fp2.ZERO, Fp2.ZERO), new Fp6(l3, l4, Fp2.ZERO));
        assertThat(f.mulBy034(y, l3, l4)).isEqualTo(f.mul(denseInFp));
    }

    @Property(tries = 100)
    void cyclotomicSquareIsSquareOnTheCyclotomicSubgroup(@ForAll("fp12") Fp12 a) {
        if (a.isZero()) {
            return;
        }
        Fp12 g = TowerValues.cyclotomic(a);
        assertThat(g.cyclotomicSquare()).isEqualTo(g.square());
        assertThat(g.mul(g.conjugate())).isEqualTo(Fp12.ONE); // the conjugate is the inverse there
    }
}
