package io.zkml.core.field;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Fp and Fr against {@link BigInteger} arithmetic, seeded with edge values. */
class PrimeFieldTest {

    private static final BigInteger P = Fp.MODULUS;
    private static final BigInteger R = Fr.MODULUS;

    @Provide
    Arbitrary<BigInteger> p() {
        return values(P);
    }

    @Provide
    Arbitrary<BigInteger> r() {
        return values(R);
    }

    /** Uniform values below the modulus, with the edge cases 0, 1, −1, 2^64, 2^253 and the limb boundaries. */
    static Arbitrary<BigInteger> values(BigInteger m) {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, m.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, m.subtract(BigInteger.ONE),
                        m.subtract(BigInteger.TWO), two64, two64.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(128),
                        BigInteger.ONE.shiftLeft(192).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(253),
                        m.shiftRight(1), m.shiftRight(1).add(BigInteger.ONE)));
    }

    @Property(tries = 2000)
    void fpArithmeticMatchesBigInteger(@ForAll("p") BigInteger a, @ForAll("p") BigInteger b) {
        Fp x = Fp.of(a), y = Fp.of(b);
        assertThat(x.toBigInteger()).isEqualTo(a);
        assertThat(x.add(y).toBigInteger()).isEqualTo(a.add(b).mod(P));
        assertThat(x.sub(y).toBigInteger()).isEqualTo(a.subtract(b).mod(P));
        assertThat(x.mul(y).toBigInteger()).isEqualTo(a.multiply(b).mod(P));
        assertThat(x.square().toBigInteger()).isEqualTo(a.multiply(a).mod(P));
        assertThat(x.neg().toBigInteger()).isEqualTo(a.negate().mod(P));
        if (a.signum() != 0) {
            assertThat(x.inverse().toBigInteger()).isEqualTo(a.modInverse(P));
            assertThat(x.mul(x.inverse())).isEqualTo(Fp.ONE);
        }
    }

    @Property(tries = 2000)
    void frArithmeticMatchesBigInteger(@ForAll("r") BigInteger a, @ForAll("r") BigInteger b) {
        Fr x = Fr.of(a), y = Fr.of(b);
        assertThat(x.toBigInteger()).isEqualTo(a);
        assertThat(x.add(y).toBigInteger()).isEqualTo(a.add(b).mod(R));
        assertThat(x.sub(y).toBigInteger()).isEqualTo(a.subtract(b).mod(R));
        assertThat(x.mul(y).toBigInteger()).isEqualTo(a.multiply(b).mod(R));
        assertThat(x.neg().toBigInteger()).isEqualTo(a.negate().mod(R));
        if (a.signum() != 0) {
            assertThat(x.inverse().toBigInteger()).isEqualTo(a.modInverse(R));
        }
    }

    /** The inverse at edge values of the limbs it works on (the Montgomery form aR, not a). */
    @Test
    void inverseAtEdgeMontgomeryLimbs() {
        for (BigInteger m : new BigInteger[] {P, R}) {
            BigInteger rInv = BigInteger.ONE.shiftLeft(256).modInverse(m);
            for (BigInteger limbs : new BigInteger[] {BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3), m.subtract(BigInteger.ONE),
                m.subtract(BigInteger.TWO), m.shiftRight(1), m.shiftRight(1).add(BigInteger.ONE), BigInteger.ONE.shiftLeft(64),
                BigInteger.ONE.shiftLeft(128), BigInteger.ONE.shiftLeft(192), BigInteger.ONE.shiftLeft(253),
                BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)}) {
                BigInteger a = limbs.multiply(rInv).mod(m); // the element whose Montgomery limbs are these
                BigInteger want = a.modInverse(m);
                if (m.equals(P)) {
                    assertThat(Fp.of(a).inverse().toBigInteger()).as("1/%s in F_p", a).isEqualTo(want);
                } else {
                    assertThat(Fr.of(a).inverse().toBigInteger()).as("1/%s in F_r", a).isEqualTo(want);
                }
            }
        }
    }

    @Property(tries = 500)
    void fieldAxioms(@ForAll("p") BigInteger a, @ForAll("p") BigInteger b, @ForAll("p") BigInteger c) {
        Fp x = Fp.of(a), y = Fp.of(b), z = Fp.of(c);
        assertThat(x.add(y)).isEqualTo(y.add(x));
        assertThat(x.mul(y)).isEqualTo(y.mul(x));
        assertThat(x.mul(y).mul(z)).isEqualTo(x.mul(y.mul(z)));
        assertThat(x.mul(y.add(z))).isEqualTo(x.mul(y).add(x.mul(z)));
        assertThat(x.add(x.neg())).isEqualTo(Fp.ZERO);
        assertThat(x.mul(Fp.ONE)).isEqualTo(x);
    }

    @Property(tries = 300)
    void encodingsRoundTrip(@ForAll("p") BigInteger a) {
        Fp x = Fp.of(a);
        assertThat(Fp.fromBytesBE(x.toBytesBE(), 0)).isEqualTo(x);
        assertThat(Fp.fromBytesLE(x.toBytesLE(), 0)).isEqualTo(x);
        assertThat(Fp.fromMontgomeryBytesLE(x.toMontgomeryBytesLE(), 0)).isEqualTo(x);
        assertThat(new BigInteger(1, x.toBytesBE())).isEqualTo(a);
        assertThat(new BigInteger(1, x.toMontgomeryBytesLE().clone()).signum()).isGreaterThanOrEqualTo(0);
        BigInteger mont = a.shiftLeft(256).mod(P);
        assertThat(new BigInteger(1, reverse(x.toMontgomeryBytesLE()))).isEqualTo(mont);
    }

    @Property(tries = 300)
    void sqrtOfSquares(@ForAll("p") BigInteger a) {
        Fp x = Fp.of(a);
        Fp s = x.square().sqrt();
        assertThat(s).isNotNull();
        assertThat(s.equals(x) || s.equals(x.neg())).isTrue();
    }

    @Test
    void nonResidueHasNoSquareRoot() {
        // −1 is a non-residue since p ≡ 3 (mod 4)
        assertThat(Fp.ONE.neg().sqrt()).isNull();
    }

    @Test
    void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> Fp.ofCanonical(P)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Fr.parse("-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fr.parse("12x")).hasMessageContaining("not a decimal integer");
        byte[] pBytes = toBytes32(P);
        assertThatThrownBy(() -> Fp.fromBytesBE(pBytes, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fp.ZERO.inverse()).isInstanceOf(ArithmeticException.class);
        assertThat(Fr.parse(R.subtract(BigInteger.ONE).toString())).isEqualTo(Fr.ONE.neg());
    }

    private static byte[] toBytes32(BigInteger v) {
        byte[] out = new byte[32];
        byte[] raw = v.toByteArray();
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] reverse(byte[] b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = b[b.length - 1 - i];
        }
        return r;
    }
}
