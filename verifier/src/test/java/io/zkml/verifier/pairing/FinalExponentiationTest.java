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
    void digitsOfXSpellXOverTheTable() {
        byte[] digits = FinalExponentiation.X_DIGITS;
        assertThat(spelled(digits, FinalExponentiation.TABLE)).isEqualTo(G2.BN_X);
        assertThat(digits.length - 1).as("squarings").isEqualTo(58);
        assertThat(nonZero(digits) - 1).as("products").isEqualTo(12);
    }

    /** Against every spelling's cost: the width-4 NAF's digits (f, f³, f⁵, f⁷) cost more than the chosen ones. */
    @Test
    void cheapestDigitsSpellTheirValueAndBeatTheWidthFourNaf() {
        java.util.Random random = new java.util.Random(7);
        int[] naf = {1, 3, 5, 7};
        for (int i = 0; i < 200; i++) {
            long k = i < 20 ? i + 1 : random.nextLong() >>> (1 + random.nextInt(60));
            if (k == 0) {
                continue;
            }
            byte[] digits = FinalExponentiation.cheapestDigits(k, naf);
            assertThat(spelled(digits, naf)).as("%d", k).isEqualTo(BigInteger.valueOf(k));
            byte[] reference = widthFourNaf(k);
            assertThat(3 * (digits.length - 1) + 8 * nonZero(digits)).as("%d", k)
                    .isLessThanOrEqualTo(3 * (reference.length - 1) + 8 * nonZero(reference));
        }
    }

    /** Σ dᵢ·2^i, checking that the leading digit is a positive table entry and every other one 0 or ± an entry. */
    private static BigInteger spelled(byte[] digits, int[] table) {
        java.util.Set<Integer> allowed = new java.util.HashSet<>();
        for (int t : table) {
            allowed.add(t);
            allowed.add(-t);
        }
        assertThat(digits[0]).isPositive();
        BigInteger value = BigInteger.ZERO;
        for (byte digit : digits) {
            assertThat(digit == 0 || allowed.contains((int) digit)).as("digit %d", digit).isTrue();
            value = value.shiftLeft(1).add(BigInteger.valueOf(digit));
        }
        return value;
    }

    private static int nonZero(byte[] digits) {
        int n = 0;
        for (byte digit : digits) {
            n += digit != 0 ? 1 : 0;
        }
        return n;
    }

    /** The width-4 non-adjacent form of k > 0, most significant digit first. */
    private static byte[] widthFourNaf(long k) {
        java.util.ArrayList<Byte> lsbFirst = new java.util.ArrayList<>();
        while (k > 0) {
            int d = 0;
            if ((k & 1) != 0) {
                d = (int) (k & 15);
                if (d >= 8) {
                    d -= 16;
                }
                k -= d;
            }
            lsbFirst.add((byte) d);
            k >>= 1;
        }
        byte[] out = new byte[lsbFirst.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = lsbFirst.get(out.length - 1 - i);
        }
        return out;
    }

    @Test
    void oneMapsToOne() {
        assertThat(Pairing.finalExponentiation(Fp12.ONE)).isEqualTo(Fp12.ONE);
    }
}
