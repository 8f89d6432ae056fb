package io.zkml.prover.groth16;

import java.util.OptionalInt;

/**
 * A witness that cannot be proved under a key: it violates a constraint (named when the circuit's R1CS was at
 * hand), its wire 0 is not 1, or the proof made from it does not verify. No proof is returned for it.
 */
public final class InvalidWitnessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int constraint;

    InvalidWitnessException(String message, int constraint) {
        super(message);
        this.constraint = constraint;
    }

    InvalidWitnessException(String message) {
        this(message, -1);
    }

    /** The index of the first violated constraint, when the R1CS named it. */
    public OptionalInt violatedConstraint() {
        return constraint < 0 ? OptionalInt.empty() : OptionalInt.of(constraint);
    }
}
