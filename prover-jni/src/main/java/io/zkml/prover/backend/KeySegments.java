package io.zkml.prover.backend;

import io.zkml.core.curve.G1;
import io.zkml.core.curve.G2;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A Groth16 proving key as every backend reads it: the sizes and fixed points of a snarkjs {@code .zkey}
 * header, and views of its bulk sections, byte for byte in snarkjs's layout (usually slices of the
 * memory-mapped file, never copied):
 * <ul>
 *   <li>{@code coefficients}: the records of section 4 after its count, 44 bytes each: matrix (u32, 0 = A,
 *       1 = B), constraint (u32), signal (u32), value (32 bytes little-endian). The value is c·R² mod r for the
 *       coefficient c (R = 2^256), so that its Montgomery product with a plain witness value w is c·w in
 *       Montgomery form. Constraints are the circuit's, then one per public signal and the constant
 *       (A: signal i at constraint nConstraints + i), all below {@code domainSize}.
 *   <li>{@code pointsA}, {@code pointsB1} (G1) and {@code pointsB2} (G2): one point per wire; {@code pointsC}:
 *       one per private wire (wires nPublic + 1 …); {@code pointsH}: one per domain point, [τ-Lagrange of the
 *       odd points of the doubled domain]₁ as snarkjs's setup writes them. G1 points are x ‖ y (64 bytes), G2
 *       points x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (128 bytes), affine, Montgomery little-endian; all zeros is infinity.
 * </ul>
 *
 * @param nVars wires, the constant included
 * @param nPublic public signals (wires 1 … nPublic)
 * @param domainSize the evaluation domain, a power of two
 */
public record KeySegments(int nVars, int nPublic, int domainSize, G1 alpha1, G1 beta1, G2 beta2, G1 delta1, G2 delta2,
        int nCoefficients, MemorySegment coefficients, MemorySegment pointsA, MemorySegment pointsB1,
        MemorySegment pointsB2, MemorySegment pointsC, MemorySegment pointsH) {

    /** Bytes of one coefficient record. */
    public static final int COEFFICIENT_BYTES = 12 + 32;
    public static final int G1_BYTES = 64;
    public static final int G2_BYTES = 128;

    /** @throws IllegalArgumentException if the sizes do not fit together */
    public KeySegments {
        Objects.requireNonNull(alpha1, "alpha1 must not be null");
        Objects.requireNonNull(beta1, "beta1 must not be null");
        Objects.requireNonNull(beta2, "beta2 must not be null");
        Objects.requireNonNull(delta1, "delta1 must not be null");
        Objects.requireNonNull(delta2, "delta2 must not be null");
        if (nPublic < 0 || nVars < nPublic + 1) {
            throw new IllegalArgumentException("nVars " + nVars + " must exceed nPublic " + nPublic + " (wire 0 is the constant)");
        }
        if (domainSize < 1 || Integer.bitCount(domainSize) != 1 || Integer.numberOfTrailingZeros(domainSize) > RootsOfUnity.MAX_LOG2) {
            throw new IllegalArgumentException("domain size must be a power of two up to 2^" + RootsOfUnity.MAX_LOG2 + ", got " + domainSize);
        }
        if (nCoefficients < 0) {
            throw new IllegalArgumentException("nCoefficients must not be negative: " + nCoefficients);
        }
        requireSize("coefficients", coefficients, (long) nCoefficients * COEFFICIENT_BYTES);
        requireSize("pointsA", pointsA, (long) nVars * G1_BYTES);
        requireSize("pointsB1", pointsB1, (long) nVars * G1_BYTES);
        requireSize("pointsB2", pointsB2, (long) nVars * G2_BYTES);
        requireSize("pointsC", pointsC, (long) (nVars - nPublic - 1) * G1_BYTES);
        requireSize("pointsH", pointsH, (long) domainSize * G1_BYTES);
    }

    private static void requireSize(String name, MemorySegment s, long expected) {
        Objects.requireNonNull(s, name + " must not be null");
        if (s.byteSize() != expected) {
            throw new IllegalArgumentException(name + " holds " + s.byteSize() + " bytes, expected " + expected);
        }
    }

    /** log₂ of the domain size. */
    public int log2Domain() {
        return Integer.numberOfTrailingZeros(domainSize);
    }
}
