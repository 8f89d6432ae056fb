package io.zkml.core.field;

/**
 * The operations that curve and polynomial code needs from a field element; implemented by {@link Fp},
 * {@link Fr} and {@link Fp2}. Elements are immutable.
 *
 * @param <F> the implementing type
 */
public interface FieldElement<F extends FieldElement<F>> {

    F add(F b);

    F sub(F b);

    F mul(F b);

    F square();

    F neg();

    F dbl();

    /** @throws ArithmeticException for zero */
    F inverse();

    boolean isZero();
}
