package io.zkml.verifier.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.zkml.core.curve.G2;
import io.zkml.core.field.Fp;
import io.zkml.core.field.Fr;
import java.math.BigInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The addition-chain final exponentiation against the definition f^((p¹² − 1)/r). */
class FinalExponentiationTest {

    private static final BigInteger EXPONENT = Fp.MODULUS.pow(12).subtract(BigInteger.ONE).divide(Fr.MODULUS);

    @Provide
    Arbitrary<Fp12> nonZero() {
        return TowerValues.nonZeroFp12();
    }

    @Test
    void exponentIsExact() {
        assertThat(Fp.MODULUS.pow(12).subtract(BigInteger.ONE).mod(Fr.MODULUS)).isZero();
    }

    @Property(tries = 8)
    void equalsNaivePower(@ForAll("nonZero") Fp12 f) {
        assertThat(Pairing.finalExponentiation(f)).isEqualTo(f.pow(EXPONENT));
    }

    @Property(tries = 20)
    void expByXIsPowerX(@ForAll("nonZero") Fp12 f) {
        Fp12 g = TowerValues.cyclotomic(f);
        assertThat(FinalExponentiation.expByX(g)).isEqualTo(g.pow(G2.BN_X));
    }

    @Test
    void widthFourNafDigitsSpellX() {
        byte[] digits = FinalExponentiation.widthFourNaf(G2.BN_X);
        BigInteger value = BigInteger.ZERO;
        int lastNonZero = -10;
        for (int i = 0; i < digits.length; i++) {
            value = value.shiftLeft(1).add(BigInteger.valueOf(digits[i]));
            if (digits[i] != 0) {
                assertThat(Math.abs(digits[i]) % 2).isEqualTo(1);
                assertThat(Math.abs(digits[i])).isLessThan(8);
                assertThat(i - lastNonZero).isGreaterThanOrEqualTo(4); // at least three zeros between non-zero digits
                lastNonZero = i;
            }
        }
        assertThat(value).isEqualTo(G2.BN_X);
        assertThat(digits[0]).isPositive();
    }

    @Test
    void oneMapsToOne() {
        assertThat(Pairing.finalExponentiation(Fp12.ONE)).isEqualTo(Fp12.ONE);
    }
}
