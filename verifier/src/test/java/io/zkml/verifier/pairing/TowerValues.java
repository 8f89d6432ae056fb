package io.zkml.verifier.pairing;

import io.zkml.core.field.Fp;
import io.zkml.core.field.Fp2;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for the tower fields, seeded with the edge values 0, 1, −1, p − 1, 2^64 and 2^253. */
final class TowerValues {

    private TowerValues() {
    }

    static Arbitrary<Fp> fp() {
        BigInteger p = Fp.MODULUS;
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, p.subtract(BigInteger.ONE)),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, p.subtract(BigInteger.ONE),
                        p.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                        BigInteger.ONE.shiftLeft(253), p.shiftRight(1)))
                .map(Fp::of);
    }

    static Arbitrary<Fp2> fp2() {
        return Combinators.combine(fp(), fp()).as(Fp2::new);
    }

    static Arbitrary<Fp6> fp6() {
        return Combinators.combine(fp2(), fp2(), fp2()).as(Fp6::new);
    }

    static Arbitrary<Fp12> fp12() {
        return Combinators.combine(fp6(), fp6()).as(Fp12::new);
    }

    /** Non-zero elements of F_p¹², mostly random, with a few sparse ones (single non-zero coefficients). */
    static Arbitrary<Fp12> nonZeroFp12() {
        return fp12().filter(f -> !f.isZero());
    }

    /** An element of the cyclotomic subgroup: f^((p⁶ − 1)(p² + 1)) for a non-zero f. */
    static Fp12 cyclotomic(Fp12 f) {
        Fp12 t = f.conjugate().mul(f.inverse());
        return t.frobeniusSquare().mul(t);
    }
}
